// The style sheet is flat: a rule left open (a lost `}`) would nest every later rule inside it, which CSS
// nesting accepts silently and browsers then apply to nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./assets/console.css', import.meta.url), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

describe('console.css', () => {
  it('closes every rule, and nests rules only inside at-rules (@media)', () => {
    const open: string[] = [];
    const nested: string[] = [];
    let selector = '';
    for (const ch of css) {
      if (ch === '{') {
        const s = selector.trim();
        if (open.length > 0 && !open.every((o) => o.startsWith('@')))
          nested.push(`${open.join(' > ')} > ${s}`);
        open.push(s);
        selector = '';
      } else if (ch === '}') {
        expect(open.length, 'a } closes nothing').toBeGreaterThan(0);
        open.pop();
        selector = '';
      } else if (ch === ';') selector = '';
      else selector += ch;
    }
    expect(nested).toEqual([]);
    expect(open).toEqual([]);
  });
});
