// RFC 6902 JSON Patch between two JSON documents (descriptor revisions): add, remove, replace.

export type PatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown };

const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The operations that turn `from` into `to`. Objects are compared key by key; arrays are compared
 * element by element when their lengths match and replaced whole otherwise, which keeps every
 * patch valid without guessing at moves.
 */
export function diffJson(from: unknown, to: unknown, path = ''): PatchOperation[] {
  if (isObject(from) && isObject(to)) {
    const ops: PatchOperation[] = [];
    for (const key of Object.keys(from)) {
      if (!(key in to)) ops.push({ op: 'remove', path: `${path}/${escapeKey(key)}` });
    }
    for (const [key, value] of Object.entries(to)) {
      const child = `${path}/${escapeKey(key)}`;
      if (!(key in from)) ops.push({ op: 'add', path: child, value });
      else ops.push(...diffJson(from[key], value, child));
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((item, i) => diffJson(item, to[i], `${path}/${i}`));
  }
  return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ op: 'replace', path, value: to }];
}

/** Applies a patch made by diffJson (used to prove diffs round-trip). */
export function applyPatch(doc: unknown, ops: PatchOperation[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    if (op.path === '') {
      if (op.op === 'remove') throw new Error('cannot remove the root');
      root = structuredClone(op.value);
      continue;
    }
    const keys = op.path
      .slice(1)
      .split('/')
      .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    let parent = root as Record<string, unknown>;
    for (const k of keys) parent = parent[k] as Record<string, unknown>;
    if (op.op === 'remove') delete parent[last];
    else parent[last] = structuredClone(op.value);
  }
  return root;
}
