import { describe, expect, it } from 'vitest';
import { healthCategoryLabel, themeLabel } from './vocabulary-labels';

describe('vocabulary labels', () => {
  it('gives the vocabularies’ French labels French typography, and leaves English ones as they are', () => {
    const fr = healthCategoryLabel('fr', 'NRPE').text;
    expect(fr).toContain('l’offre et l’accès');
    expect(fr).not.toContain("'");
    expect(healthCategoryLabel('en', 'NRPE').lang).toBeUndefined();
  });

  it('falls back to the code for an unknown term', () => {
    expect(themeLabel('fr', 'NOPE')).toEqual({ text: 'NOPE' });
  });
});
