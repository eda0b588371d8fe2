// Strict JSON for request bodies: one value per key, and only text PostgreSQL can store (no U+0000, no lone surrogates).
import type { Violation } from '../validation/violation';

const escapePointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const pointerOf = (path: (string | number)[]) =>
  path.map((p) => `/${escapePointerToken(String(p))}`).join('');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  // PostgreSQL's text and jsonb types cannot hold U+0000; a lone surrogate is not Unicode text at all and
  // would be stored as U+FFFD, silently changing what the caller sent.
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

type Frame =
  | { kind: 'object'; keys: Set<string>; key: string | undefined }
  | { kind: 'array'; index: number };

/**
 * Parses `text` as JSON and returns every violation of the strict rules with its JSON pointer: a key
 * repeated in one object (RFC 8259 §4 leaves its meaning to the parser, so it is refused rather than guessed),
 * and strings or keys that cannot be stored. Syntax errors are reported as one violation at the root.
 */
export function parseStrictJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; violations: Violation[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, violations: [{ pointer: '', message: 'the body is not well-formed JSON' }] };
  }
  const violations: Violation[] = [];
  const stack: Frame[] = [];
  const path = () => {
    const p: (string | number)[] = [];
    for (const f of stack) {
      if (f.kind === 'array') p.push(f.index);
      else if (f.key !== undefined) p.push(f.key);
    }
    return p;
  };
  // The text is known to be valid JSON, so a scan that tracks only strings and brackets is exact.
  let i = 0;
  let expectingKey = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const decoded = JSON.parse(text.slice(i, end + 1)) as string;
      const top = stack.at(-1);
      if (top?.kind === 'object' && expectingKey) {
        top.key = decoded;
        const pointer = pointerOf(path());
        if (top.keys.has(decoded)) violations.push({ pointer, message: 'this key appears more than once' });
        top.keys.add(decoded);
        const why = unstorableText(decoded);
        if (why) violations.push({ pointer, message: `the key ${why}` });
        expectingKey = false;
      } else {
        const why = unstorableText(decoded);
        if (why) violations.push({ pointer: pointerOf(path()), message: why });
      }
      i = end + 1;
      continue;
    }
    if (ch === '{') {
      stack.push({ kind: 'object', keys: new Set(), key: undefined });
      expectingKey = true;
    } else if (ch === '[') {
      stack.push({ kind: 'array', index: 0 });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index += 1;
      else expectingKey = true;
    }
    i += 1;
  }
  return violations.length ? { ok: false, violations: violations.slice(0, 100) } : { ok: true, value };
}
