// The descriptor's OpenAPI schema, taken from its JSON Schema (catalog-schemas/dataset-descriptor/1.1.0) with every
// `$defs` reference resolved in place, so /openapi.json shows the contract the desk validates against instead of an
// opaque object, and stays self-contained for generators that do not follow nested `$defs`.
import { z } from '@hono/zod-openapi';
import descriptorSchema from '../../catalog-schemas/dataset-descriptor/1.1.0.schema.json';

/** What a zod schema's OpenAPI metadata may say (here, the whole descriptor schema). */
type SchemaMetadata = NonNullable<Parameters<ReturnType<typeof z.record>['openapi']>[1]>;

const DEFS: Record<string, unknown> = descriptorSchema.$defs;

// The conditional rules (DS needs a disease, each DUO modifier once) stay in the JSON Schema the desk serves at
// /v1/schemas/dataset-descriptor: OpenAPI tooling misreads if/then/else beside closed objects.
const CONDITIONAL = new Set(['if', 'then', 'else', 'allOf', '$comment']);

/** A JSON Schema node as an OpenAPI 3.1 schema: local `$defs` references resolved, `$schema`/`$id` dropped. */
function toOpenApi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$defs' || key === '$id' || (key === '$schema' && typeof value === 'string')) continue;
    if (CONDITIONAL.has(key)) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
      const resolved = toOpenApi(DEFS[value.slice('#/$defs/'.length)]) as Record<string, unknown>;
      // The referring property's own title and description win over the definition's.
      for (const [k, v] of Object.entries(resolved)) if (!(k in out)) out[k] = v;
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOpenApi(v)]));
    } else {
      out[key] = toOpenApi(value);
    }
  }
  return out;
}

/**
 * The descriptor in request and response bodies. The body is checked by the service (normalising usual spellings
 * first, then the schema and the rules between fields), so the zod side accepts any object and only documents.
 */
export const DescriptorSchema = z
  .record(z.string(), z.unknown())
  .openapi('DatasetDescriptor', toOpenApi(descriptorSchema) as SchemaMetadata);
