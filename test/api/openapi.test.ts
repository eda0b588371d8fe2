// The OpenAPI document as a client generator sees it: valid OpenAPI 3.1, clean under a standard lint
// ruleset, and every operation named so that generated method names do not change under their users.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';

interface Response {
  headers?: Record<string, { required?: boolean; schema?: { type?: string } }>;
  content?: Record<string, unknown>;
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, Response>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

function operations(doc: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/**
 * Lint warnings kept on purpose: silencing each would make the document say something false.
 * Keyed by rule and JSON pointer, so any new warning fails the test until fixed or argued for here.
 */
const KEPT_WARNINGS: Record<string, string> = {
  'operation-4xx-response #/paths/~1healthz/get/responses':
    'liveness takes no input: it answers 200 or 503, never a client error',
  'operation-4xx-response #/paths/~1.well-known~1jwks.json/get/responses':
    'the key set takes no input and no token: no client error is possible',
};

let desk: TestDesk;
let source: string;
let doc: OpenApiDocument;

beforeAll(async () => {
  desk = await createTestDesk();
  const res = await desk.request('/openapi.json');
  expect(res.status).toBe(200);
  source = await res.text();
  doc = JSON.parse(source) as OpenApiDocument;
});

afterAll(async () => {
  await desk.close();
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by the specification’s own JSON Schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(source));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('passes Redocly’s recommended ruleset with no error and only the warnings argued for', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const described = problems.map(
      (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`,
    );
    expect(
      described.filter((p) => p.startsWith('error')),
      'errors',
    ).toEqual([]);
    const warnings = problems
      .filter((p) => p.severity === 'warn')
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
    expect(
      warnings.filter((w) => !(w in KEPT_WARNINGS)),
      described.join('\n'),
    ).toEqual([]);
    // A kept warning that no longer occurs is dropped from the list, so the list stays true.
    expect(Object.keys(KEPT_WARNINGS).filter((w) => !warnings.includes(w))).toEqual([]);
  });

  it('names every operation with a unique camelCase operationId', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(60);
    const ids = ops.map(({ method, path, op }) => op.operationId ?? `(none on ${method} ${path})`);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('keeps the operationIds generated clients are built on', () => {
    const byRoute = Object.fromEntries(
      operations(doc).map((o) => [`${o.method} ${o.path}`, o.op.operationId]),
    );
    expect(byRoute).toMatchObject({
      'post /v1/datasets': 'createDataset',
      'post /v1/datasets/{id}/publish': 'publishDataset',
      'get /v1/datasets': 'searchDatasets',
      'post /v1/access-requests/{id}/decision': 'decideAccessRequest',
      'get /.well-known/jwks.json': 'getJwks',
    });
  });

  it('says of every operation whether it needs a token, takes one, or reads none', () => {
    for (const { method, path, op } of operations(doc)) {
      const schemes = (op.security ?? []).map((r) => Object.keys(r).join(','));
      const where = `${method} ${path}`;
      expect(op.security, where).toBeDefined();
      if (path.startsWith('/v1/')) expect(schemes, where).toContain('bearerAuth');
      else expect(schemes, where).toEqual([]);
    }
  });

  it('documents 429 with Retry-After on every write', () => {
    const writes = operations(doc).filter(({ method }) => method !== 'get');
    expect(writes.length).toBeGreaterThan(20);
    for (const { method, path, op } of writes) {
      const tooMany = op.responses['429'];
      expect(tooMany, `${method} ${path}`).toBeDefined();
      expect(tooMany?.headers?.['Retry-After'], `${method} ${path}`).toMatchObject({
        required: true,
        schema: { type: 'integer' },
      });
      expect(Object.keys(tooMany?.content ?? {})).toEqual(['application/problem+json']);
    }
  });

  it('documents 503 with Retry-After on every operation that may read the database', () => {
    for (const { method, path, op } of operations(doc)) {
      const unavailable = op.responses['503'];
      expect(unavailable, `${method} ${path}`).toBeDefined();
      // Liveness reports the database's state in its own body rather than as a problem.
      if (path === '/healthz') continue;
      expect(unavailable?.headers?.['Retry-After'], `${method} ${path}`).toMatchObject({ required: true });
      expect(Object.keys(unavailable?.content ?? {})).toEqual(['application/problem+json']);
    }
  });

  it('documents 401 on every /v1 operation, where a token that is sent and unusable is refused', async () => {
    const res = await desk.request('/v1/register', { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
    for (const { method, path, op } of operations(doc)) {
      if (path.startsWith('/v1/')) expect(op.responses['401'], `${method} ${path}`).toBeDefined();
    }
  });
});
