import { describe, expect, it } from 'vitest';
import { type AccessPolicy, tally } from './access-policy';

const policy = (p: Partial<AccessPolicy>): AccessPolicy => ({
  id: 't',
  version: '1.0.0',
  title: { fr: 't', en: 't' },
  quorum: { rule: 'majority', minVotes: 2 },
  rejectionVetoes: false,
  decisionBy: 'automatic',
  separationOfDuties: { excludeRequesterOrganisation: true, excludeTeamMembers: true },
  decisionDeadlineWorkingDays: 30,
  maxGrantDurationMonths: 36,
  visaLifetimeHours: 24,
  ethicsApproval: 'never',
  ...p,
});

describe('quorum rules', () => {
  it('majority waits for enough votes, then counts approvals against rejections', () => {
    const p = policy({});
    expect(tally(p, ['approve'], 3)).toBeUndefined();
    expect(tally(p, ['approve', 'abstain'], 3)).toBeUndefined();
    expect(tally(p, ['approve', 'approve'], 3)).toBe('approved');
    expect(tally(p, ['approve', 'reject'], 3)).toBeUndefined();
    expect(tally(p, ['reject', 'reject', 'approve'], 3)).toBe('rejected');
  });

  it('unanimity needs every eligible reviewer and no rejection', () => {
    const p = policy({ quorum: { rule: 'unanimous' } });
    expect(tally(p, ['approve', 'approve'], 3)).toBeUndefined();
    expect(tally(p, ['approve', 'approve', 'abstain'], 3)).toBe('approved');
    expect(tally(p, ['approve', 'reject'], 3)).toBe('rejected');
    expect(tally(p, ['abstain', 'abstain'], 2)).toBeUndefined();
  });

  it('min_approvals decides as soon as n approve, or when n can no longer be reached', () => {
    const p = policy({ quorum: { rule: 'min_approvals', n: 2 } });
    expect(tally(p, ['approve'], 3)).toBeUndefined();
    expect(tally(p, ['approve', 'approve'], 3)).toBe('approved');
    expect(tally(p, ['reject', 'abstain'], 3)).toBe('rejected');
  });

  it('a veto rejects at the first rejection', () => {
    expect(tally(policy({ rejectionVetoes: true }), ['approve', 'approve', 'reject'], 5)).toBe('rejected');
  });
});
