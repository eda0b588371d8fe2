import { describe, expect, it } from 'vitest';
import { foldText, tokenize, toPrefixTsQuery } from './search-text';

describe('search text folding', () => {
  it('folds accents, case and ligatures', () => {
    expect(foldText('Diabète ŒSOPHAGE Éléonore')).toBe('diabete oesophage eleonore');
  });

  it('splits on anything that is not a letter or digit', () => {
    expect(tokenize("l'entrepôt (EDS) : CIM-10")).toEqual(['l', 'entrepot', 'eds', 'cim', '10']);
  });

  it('makes a prefix query of the meaningful words only', () => {
    expect(toPrefixTsQuery('cancer du sein')).toBe('cancer:* & sein:*');
    expect(toPrefixTsQuery('The breast of')).toBe('breast:*');
  });

  it('leaves no tsquery syntax from the user through', () => {
    expect(toPrefixTsQuery("a & b | !c:* <-> 'd'")).toBe('b:* & c:*');
    expect(toPrefixTsQuery('&&&|||')).toBeUndefined();
  });
});
