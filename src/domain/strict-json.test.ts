import { describe, expect, it } from 'vitest';
import { parseStrictJson, unstorableText } from './strict-json';

describe('strict JSON', () => {
  it('parses ordinary JSON, including escaped pairs of surrogates', () => {
    expect(parseStrictJson('{"a": [1, {"b": "\\ud83d\\ude00 é"}], "c": null}')).toEqual({
      ok: true,
      value: { a: [1, { b: '😀 é' }], c: null },
    });
  });

  it('names every repeated key by its pointer, escaped as RFC 6901 says', () => {
    const result = parseStrictJson('{"x": [{"a/b": 1, "a/b": 2}, {"~": 1, "~": 2}], "x": 3}');
    expect(result).toEqual({
      ok: false,
      violations: [
        { pointer: '/x/0/a~1b', message: 'this key appears more than once' },
        { pointer: '/x/1/~0', message: 'this key appears more than once' },
        { pointer: '/x', message: 'this key appears more than once' },
      ],
    });
  });

  it('allows one key in sibling objects and strings that look like brackets', () => {
    expect(parseStrictJson('[{"k": "}{,"}, {"k": "\\"]"}]').ok).toBe(true);
  });

  it('names strings and keys PostgreSQL cannot store', () => {
    const result = parseStrictJson('{"a": ["ok", "nul\\u0000"], "b\\ud800": 1, "c": {"d": "\\udc00x"}}');
    expect(result.ok ? [] : result.violations.map((v) => v.pointer)).toEqual(['/a/1', '/b\ud800', '/c/d']);
  });

  it('reports malformed JSON at the root', () => {
    expect(parseStrictJson('{"a": ')).toMatchObject({ ok: false, violations: [{ pointer: '' }] });
  });

  it('tells storable text from the rest', () => {
    expect(unstorableText('Île-de-France 😀')).toBeUndefined();
    expect(unstorableText('a\u0000')).toMatch(/NUL/);
    expect(unstorableText('\ud800')).toMatch(/surrogate/);
    expect(unstorableText('\udfff\ud800')).toMatch(/surrogate/);
  });
});
