import { describe, expect, it } from 'vitest';
import {
  defineMessages,
  fill,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  frenchTypography,
  plural,
  preferredLang,
} from './i18n';

describe('French typography', () => {
  it('puts no-break spaces before double punctuation and inside guillemets', () => {
    expect(frenchTypography('Déjà inscrit ? Connectez-vous !')).toBe(
      'Déjà inscrit\u202F? Connectez-vous\u202F!',
    );
    expect(frenchTypography('Délai : 30 jours')).toBe('Délai\u00A0: 30 jours');
    expect(frenchTypography('« cohorte »')).toBe('«\u00A0cohorte\u00A0»');
    expect(frenchTypography("l'accès")).toBe('l’accès');
  });

  it('leaves URLs and placeholders alone', () => {
    expect(frenchTypography('voir https://example.org/a?b=1 et {n}')).toBe(
      'voir https://example.org/a?b=1 et {n}',
    );
  });

  it('is applied to every French message of a catalogue, not to English ones', () => {
    const m = defineMessages({ q: 'Une question ?' }, { q: 'A question?' });
    expect(m.fr.q).toBe('Une question\u202F?');
    expect(m.en.q).toBe('A question?');
  });
});

describe('formats', () => {
  it('writes dates in each language, in Paris time', () => {
    // 23:30 UTC on 31 March is already 1 April in Paris (summer time, UTC+2).
    const late = new Date('2026-03-31T23:30:00Z');
    expect(formatDate('fr', late)).toBe('1er avril 2026');
    expect(formatDate('en', late)).toBe('1 April 2026');
    expect(formatDateTime('fr', late)).toContain('01:30');
  });

  it('writes descriptor dates at the precision they have', () => {
    expect(formatCalendarDate('fr', '2012')).toBe('2012');
    expect(formatCalendarDate('en', '2012-03')).toBe('March 2012');
    expect(formatCalendarDate('fr', '2012-03-05')).toBe('5 mars 2012');
    expect(formatCalendarDate('fr', '2012-03-01')).toBe('1er mars 2012');
    expect(formatCalendarDate('en', '2012-03-01')).toBe('1 March 2012');
  });

  it('counts 0 and 1 as singular in French only', () => {
    const forms = { one: '{n} jeu', other: '{n} jeux' };
    expect(plural('fr', 0, forms)).toBe('0 jeu');
    expect(plural('en', 0, { one: '{n} dataset', other: '{n} datasets' })).toBe('0 datasets');
    expect(plural('fr', 1200, forms)).toBe('1\u202F200 jeux');
  });

  it('fills placeholders and keeps unknown ones', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('the preferred language', () => {
  it('follows Accept-Language weights and defaults to French', () => {
    expect(preferredLang('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
    expect(preferredLang('de-DE,fr;q=0.5,en;q=0.7')).toBe('en');
    expect(preferredLang('de-DE')).toBe('fr');
    expect(preferredLang(undefined)).toBe('fr');
    expect(preferredLang('en;q=0, fr')).toBe('fr');
  });
});
