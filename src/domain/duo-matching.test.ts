import { describe, expect, it } from 'vitest';
import { matchPurpose, type ResearchPurpose } from './duo-matching';

const purpose = (p: Partial<ResearchPurpose> = {}): ResearchPurpose => ({
  permission: 'HMB',
  commercial: false,
  ethicsReference: 'CPP-IDF-2026-042',
  durationMonths: 12,
  ...p,
});

describe('DUO purpose matching', () => {
  it('matches a health research purpose on an HMB dataset', () => {
    expect(matchPurpose({ permission: { code: 'HMB' } }, purpose())).toEqual({
      result: 'match',
      reasons: [],
      obligations: [],
    });
  });

  it('refuses ancestry research on an HMB dataset, saying why', () => {
    expect(matchPurpose({ permission: { code: 'HMB' } }, purpose({ permission: 'POA' }))).toMatchObject({
      result: 'no_match',
      reasons: ['dataset allows HMB only; purpose is POA'],
    });
  });

  it('matches DS by disease, ICD-10 codes nesting by prefix', () => {
    const ds = { permission: { code: 'DS' as const, disease: 'E11' } };
    expect(matchPurpose(ds, purpose({ permission: 'DS', disease: 'E11.9' })).result).toBe('match');
    expect(matchPurpose(ds, purpose({ permission: 'DS', disease: 'C50' })).result).toBe('no_match');
    expect(matchPurpose(ds, purpose({ permission: 'HMB' })).reasons).toEqual([
      'dataset allows DS (E11) only; purpose is HMB',
    ]);
  });

  it('checks each modifier', () => {
    const conditions = {
      permission: { code: 'GRU' as const },
      modifiers: [
        { code: 'NCU' as const },
        { code: 'IRB' as const },
        { code: 'TS' as const, months: 24 },
        { code: 'PUB' as const },
      ],
    };
    const m = matchPurpose(
      conditions,
      purpose({ commercial: true, ethicsReference: null, durationMonths: 36 }),
    );
    expect(m.result).toBe('no_match');
    expect(m.reasons).toEqual([
      'NCU: commercial use declared',
      'IRB required: no ethics reference',
      'TS: use limited to 24 months; 36 requested',
    ]);
    expect(m.obligations).toEqual(['PUB']);
    expect(matchPurpose(conditions, purpose()).result).toBe('match');
  });

  it('sends what it cannot decide to review', () => {
    expect(matchPurpose(undefined, purpose()).result).toBe('needs_review');
    expect(
      matchPurpose({ permission: { code: 'GRU' }, modifiers: [{ code: 'GS', region: 'FR' }] }, purpose())
        .result,
    ).toBe('needs_review');
    expect(
      matchPurpose(
        { permission: { code: 'GRU' }, modifiers: [{ code: 'GS', region: 'FR' }] },
        purpose({ processingRegion: 'FR-IDF' }),
      ).result,
    ).toBe('match');
    expect(
      matchPurpose(
        { permission: { code: 'GRU' }, modifiers: [{ code: 'GS', region: 'FR' }] },
        purpose({ processingRegion: 'US' }),
      ).result,
    ).toBe('no_match');
  });
});
