import { describe, expect, it } from 'vitest';
import { applyPatch, diffJson } from './json-patch';

describe('JSON Patch between revisions', () => {
  it('names added, removed and replaced members by their pointers', () => {
    const ops = diffJson(
      { title: { fr: 'A', en: 'B' }, themes: ['HEAL'], 'a/b': 1 },
      { title: { fr: 'A2' }, themes: ['HEAL'], numberOfRecords: 5 },
    );
    expect(ops).toEqual([
      { op: 'remove', path: '/a~1b' },
      { op: 'remove', path: '/title/en' },
      { op: 'replace', path: '/title/fr', value: 'A2' },
      { op: 'add', path: '/numberOfRecords', value: 5 },
    ]);
  });

  it('gives an empty patch for equal documents', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('round-trips: applying the diff of a to b yields b', () => {
    const a = { x: [1, 2, 3], y: { z: 'old', k: [{ q: 1 }] }, gone: true };
    const b = { x: [1, 2], y: { z: 'new', k: [{ q: 2 }] }, added: { deep: ['v'] } };
    expect(applyPatch(a, diffJson(a, b))).toEqual(b);
  });
});
