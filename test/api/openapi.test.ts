// The OpenAPI document as a client generator sees it: valid OpenAPI 3.1, clean under a standard lint
// ruleset, every operation named so that generated method names do not change under their users, and every
// request body shown by examples that its own schema accepts.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { validateDescriptor } from '../../src/validation/descriptor-validation';
import { createTestDesk, type TestDesk } from '../harness';

interface Response {
  headers?: Record<string, { required?: boolean; schema?: { type?: string } }>;
  content?: Record<string, unknown>;
}

interface MediaType {
  schema?: Record<string, unknown>;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
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

  it('documents the ETag that If-Match needs, where the resource is read and where it is changed', () => {
    const guarded = operations(doc).filter(({ op }) =>
      (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'if-match'),
    );
    expect(guarded.length).toBeGreaterThanOrEqual(5);
    for (const { method, path, op } of guarded) {
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1];
      expect(success?.headers?.ETag, `${method} ${path}`).toBeDefined();
      const resource = path.replace(/\/(publish|retire)$/, '');
      const read = doc.paths[resource]?.get?.responses['200'];
      expect(read?.headers?.ETag, `get ${resource}`).toBeDefined();
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

/** Every request example of the document, with the JSON Schema of the media type it illustrates. */
function requestExamples(doc: OpenApiDocument) {
  return operations(doc).flatMap(({ method, path, op }) =>
    Object.entries(op.requestBody?.content ?? {}).flatMap(([mediaType, media]) =>
      Object.entries(media.examples ?? {}).map(([name, example]) => ({
        where: `${op.operationId} (${method} ${path}) ${mediaType} example '${name}'`,
        operationId: op.operationId,
        mediaType,
        schema: media.schema ?? {},
        value: example.value,
      })),
    ),
  );
}

/**
 * The zod request schemas of every route the app mounts, by operationId (read from the app's own OpenAPI
 * registry, so a new route file cannot be missed): they hold refinements JSON Schema cannot.
 */
function zodBodies(): Map<string, z.ZodType> {
  const bodies = new Map<string, z.ZodType>();
  for (const definition of desk.app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route as {
      operationId?: string;
      request?: { body?: { content: Record<string, { schema?: unknown }> } };
    };
    const schema = route.request?.body?.content['application/json']?.schema as z.ZodType | undefined;
    if (route.operationId && schema?.safeParse) bodies.set(route.operationId, schema);
  }
  return bodies;
}

describe('request examples', () => {
  it('exist for every media type of every request body', () => {
    const bodies = operations(doc).filter(({ op }) => op.requestBody);
    expect(bodies.length).toBeGreaterThan(15);
    for (const { method, path, op } of bodies) {
      for (const [mediaType, media] of Object.entries(op.requestBody!.content)) {
        expect(Object.keys(media.examples ?? {}).length, `${method} ${path} ${mediaType}`).toBeGreaterThan(0);
        for (const example of Object.values(media.examples ?? {})) {
          expect(example.summary, `${method} ${path}`).toBeTruthy();
        }
      }
    }
  });

  it('are valid against the JSON Schema of their own request body in the document', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    // OpenAPI 3.1 adds these keywords to JSON Schema 2020-12 (OAS 3.1 §4.8.24); they do not constrain values.
    ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    // The document's component schemas, its references pointed at them.
    const base = 'https://desk.test/openapi.json';
    const rebase = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}#/$defs/`)) as Record<
        string,
        unknown
      >;
    ajv.addSchema({ $id: base, $defs: rebase(doc.components.schemas) });
    const examples = requestExamples(doc);
    expect(examples.length).toBeGreaterThan(25);
    for (const example of examples) {
      const validate = ajv.compile(rebase(example.schema));
      expect(validate(example.value) ? [] : validate.errors, example.where).toEqual([]);
    }
  });

  it('pass the route’s own request schema, refinements included', () => {
    const bodies = zodBodies();
    for (const example of requestExamples(doc).filter((e) => e.mediaType === 'application/json')) {
      const schema = bodies.get(example.operationId!);
      expect(schema, example.where).toBeDefined();
      const parsed = schema!.safeParse(example.value);
      expect(parsed.success ? [] : parsed.error.issues, example.where).toEqual([]);
    }
  });

  it('give dataset descriptors the desk accepts', () => {
    const descriptors = requestExamples(doc).flatMap((e) => {
      const value = e.value as { descriptor?: unknown };
      return value && typeof value === 'object' && 'descriptor' in value
        ? [{ ...e, descriptor: value.descriptor }]
        : [];
    });
    expect(descriptors.length).toBeGreaterThanOrEqual(2);
    for (const { where, descriptor } of descriptors) {
      const result = validateDescriptor(descriptor);
      expect(result.ok ? [] : result.violations, where).toEqual([]);
    }
  });

  it('import as HealthDCAT-AP, in Turtle and in JSON-LD, when sent to a desk', async () => {
    const orgs = await desk.seed();
    const editor = await desk.token('demo-editor-foch');
    const rdf = requestExamples(doc).filter((e) => e.operationId === 'importDatasets');
    expect(rdf.map((e) => e.mediaType).sort()).toEqual(['application/ld+json', 'text/turtle']);
    for (const example of rdf) {
      const res = await desk.request(`/v1/datasets/import?providerId=${orgs.get('hopital-foch')}`, {
        method: 'POST',
        token: editor,
        headers: { 'content-type': example.mediaType },
        body: typeof example.value === 'string' ? example.value : JSON.stringify(example.value),
      });
      expect(res.status, example.where).toBe(201);
      const { items } = (await res.json()) as {
        items: { dataset: { status: string; descriptor: { title: { fr?: string } } } }[];
      };
      expect(items.map((i) => i.dataset.status)).toEqual(['draft']);
      expect(items[0]!.dataset.descriptor.title.fr).toBe(
        'Registre hospitalier du cancer du sein de l’Hôpital Foch',
      );
    }
  });
});
