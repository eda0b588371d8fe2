// Properties every operation of the OpenAPI document must have, checked generically so a new route cannot
// escape them: authentication before anything else, and JSON bodies that PostgreSQL can store or a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
interface Operation {
  method: string;
  path: string;
  secured: boolean;
  jsonBody: Schema | undefined;
}

let desk: TestDesk;
let operations: Operation[];
let components: Record<string, Schema>;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  const doc = await (await desk.request('/openapi.json')).json();
  components = doc.components?.schemas ?? {};
  type OperationObject = {
    security?: object[];
    requestBody?: { content?: Record<string, { schema?: Schema }> };
  };
  operations = Object.entries<Record<string, OperationObject>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      // `[{}, {bearerAuth: []}]` declares a token optional: only requirements that all name a scheme need one.
      secured:
        Array.isArray(op.security) &&
        op.security.length > 0 &&
        op.security.every((requirement) => Object.keys(requirement).length > 0),
      jsonBody: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
});
afterAll(() => desk.close());

const SOME_ID = '01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f';
/** A concrete URL for an OpenAPI path: identifiers for every path parameter, 1 for revision numbers. */
const urlOf = (path: string) => path.replaceAll(/\{([^}]+)\}/g, (_, name) => (name === 'n' ? '1' : SOME_ID));

const resolve = (s: Schema): Schema => (s.$ref ? resolve(components[s.$ref.split('/').at(-1)!]!) : s);

/**
 * A body with a string at every place the schema allows one (each property, one array item, one entry of
 * an open record), each string a marker naming its own JSON pointer.
 */
function sampleBody(schema: Schema, pointer = '', depth = 0): unknown {
  const s = resolve(schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const object = alternatives.map(resolve).find((a) => a.properties || a.type === 'object');
    return sampleBody(object ?? alternatives[0]!, pointer, depth);
  }
  if (s.allOf) return Object.assign({}, ...s.allOf.map((a) => sampleBody(a, pointer, depth)));
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (depth < 6 && (s.properties || types.includes('object'))) {
    const body: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(s.properties ?? {}))
      body[key] = sampleBody(sub, `${pointer}/${key}`, depth + 1);
    if (!s.properties || s.additionalProperties) body.note = `${pointer}/note`;
    return body;
  }
  if (depth < 6 && types.includes('array')) return [sampleBody(s.items ?? {}, `${pointer}/0`, depth + 1)];
  if (types.includes('string') || types.includes(undefined)) return pointer;
  if (types.includes('boolean')) return true;
  if (types.includes('integer') || types.includes('number')) return 1;
  return null;
}

/** Every string in `value` with its pointer. */
function stringsOf(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return [pointer];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${pointer}/${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${pointer}/${k}`));
  return [];
}

function replaceAt(value: unknown, pointer: string, replacement: string): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = pointer.split('/').slice(1);
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys.at(-1)!] = replacement;
  return copy;
}

/** What a client may send that PostgreSQL cannot store, as JSON text and as raw bytes. */
const UNSTORABLE: { name: string; encode: (json: string) => Uint8Array<ArrayBuffer> }[] = [
  {
    name: 'an escaped NUL (\\u0000)',
    encode: (j) => new Uint8Array(new TextEncoder().encode(j.replace('@@', '\\u0000'))),
  },
  {
    name: 'an escaped lone surrogate (\\ud800)',
    encode: (j) => new Uint8Array(new TextEncoder().encode(j.replace('@@', '\\ud800'))),
  },
  {
    name: 'a UTF-8-encoded lone surrogate (ED A0 80)',
    encode: (j) => {
      const [before, after] = j.split('@@') as [string, string];
      const enc = new TextEncoder();
      return new Uint8Array([...enc.encode(before), 0xed, 0xa0, 0x80, ...enc.encode(after)]);
    },
  },
];

describe('every operation that needs a caller', () => {
  it('answers 401 to an anonymous call before looking at its parameters or body', async () => {
    const secured = operations.filter((o) => o.secured);
    expect(secured.length).toBeGreaterThan(40);
    for (const op of secured) {
      const res = await desk.request(`${urlOf(op.path)}?limit=nonsense`, {
        method: op.method,
        ...(op.method === 'GET' || op.method === 'DELETE'
          ? {}
          : { body: '{"unexpected": true, "unexpected": ', headers: { 'content-type': 'text/plain' } }),
      });
      expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 401]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('while public operations answer anonymous callers', async () => {
    const open = operations.filter((o) => !o.secured && o.method === 'GET');
    expect(open.length).toBeGreaterThan(10);
    for (const op of open) {
      const res = await desk.request(urlOf(op.path));
      expect([op.path, res.status]).not.toEqual([op.path, 401]);
    }
  });
});

describe('every JSON body', () => {
  it('refuses text PostgreSQL cannot store in any string field, with the field’s pointer, writing nothing', async () => {
    const token = await desk.token('demo-admin');
    const withBodies = operations.filter((o) => o.jsonBody);
    expect(withBodies.length).toBeGreaterThan(15);
    const before = await tableCounts(desk);
    let checked = 0;
    for (const op of withBodies) {
      const sample = sampleBody(op.jsonBody!);
      for (const pointer of stringsOf(sample)) {
        const json = JSON.stringify(replaceAt(sample, pointer, '@@'));
        for (const bad of UNSTORABLE) {
          const res = await desk.request(urlOf(op.path), {
            method: op.method,
            token,
            headers: { 'content-type': 'application/json' },
            body: bad.encode(json),
          });
          const problem = await res.json();
          const where = `${op.method} ${op.path} ${pointer} ${bad.name}`;
          expect([where, res.status]).toEqual([where, 400]);
          // Bytes that are not UTF-8 cannot be placed in the JSON tree; the others are, at their field.
          if (!bad.name.startsWith('a UTF-8'))
            expect([where, problem.violations.map((v: { pointer: string }) => v.pointer)]).toEqual([
              where,
              [pointer],
            ]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('refuses a key given twice, with its pointer', async () => {
    const token = await desk.token('demo-admin');
    for (const op of operations.filter((o) => o.jsonBody)) {
      const res = await desk.request(urlOf(op.path), {
        method: op.method,
        token,
        headers: { 'content-type': 'application/json' },
        body: '{"outer": {"choice": "approve", "choice": "reject"}}',
      });
      const problem = await res.json();
      expect([op.path, res.status]).toEqual([op.path, 400]);
      expect(problem.violations).toContainEqual({
        pointer: '/outer/choice',
        message: 'this key appears more than once',
      });
    }
  });

  it('refuses unstorable text in query parameters', async () => {
    const res = await desk.request('/v1/datasets?q=diab%00ete');
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('query');
  });
});
