import { describe, expect, it } from 'vitest';
import { negotiate } from './negotiate';

const offered = ['application/json', 'application/ld+json', 'text/turtle'] as const;

describe('content negotiation', () => {
  it('takes the first offer when the client has no preference', () => {
    expect(negotiate(undefined, offered)).toBe('application/json');
    expect(negotiate('*/*', offered)).toBe('application/json');
  });

  it('honours quality values and specificity', () => {
    expect(negotiate('application/json;q=0.5, text/turtle', offered)).toBe('text/turtle');
    expect(negotiate('text/*, application/ld+json;q=0.9', offered)).toBe('text/turtle');
  });

  it('answers nothing when no offer is acceptable', () => {
    expect(negotiate('image/png', offered)).toBeUndefined();
    expect(negotiate('text/turtle;q=0', offered)).toBeUndefined();
  });
});
