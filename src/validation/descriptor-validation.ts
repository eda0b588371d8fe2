// Validates dataset descriptors against catalog-schemas/dataset-descriptor/ (1.1.0, or 1.0.0 when the descriptor
// says so), applies the rules a schema cannot state, and words the failures for humans.
// Runtime-neutral: it uses only the build-time compiled validators (npm run build:validators), never Ajv itself.
import type { ErrorObject } from 'ajv';
import { type DatasetDescriptor, DESCRIPTOR_SCHEMA_BASE } from '../domain/descriptor';
import validateSchema from '../generated/dataset-descriptor.validator.js';
import validateVersion100 from '../generated/dataset-descriptor-1.0.0.validator.js';
import { normaliseDescriptor } from './descriptor-normalisation';
import { descriptorRuleViolations } from './descriptor-rules';
import { escapePointerToken, formatViolations, type Violation } from './violation';

export type { Violation };
export { formatViolations };

export type DescriptorValidationResult =
  | { ok: true; value: DatasetDescriptor }
  | { ok: false; violations: Violation[] };

/**
 * A descriptor that names 1.0.0 in `$schema` is checked against 1.0.0 as it stands; any other is normalised (usual
 * spellings of coding systems, CURIE prefixes, place codes) and checked against 1.1.0. Both are then held to the
 * rules between fields and to the shipped vocabularies, and stored as 1.1.0 (every 1.0.0 descriptor is one).
 */
export function validateDescriptor(input: unknown): DescriptorValidationResult {
  const declared = isSchemaNode(input) ? input.$schema : undefined;
  const version100 = declared === `${DESCRIPTOR_SCHEMA_BASE}1.0.0`;
  const candidate = version100 ? withoutVersion(input) : normaliseDescriptor(input);
  const validate = version100 ? validateVersion100 : validateSchema;
  const schemaViolations = validate(candidate) ? [] : toViolations(validate.errors ?? [], candidate);
  // The rules between fields and the vocabularies are reported with the schema's faults, once per pointer.
  const reported = new Set(schemaViolations.map((v) => v.pointer));
  const violations = [
    ...schemaViolations,
    ...descriptorRuleViolations(candidate).filter((v) => !reported.has(v.pointer)),
  ];
  if (violations.length > 0) return { ok: false, violations };
  // A 1.0.0 descriptor is stored in 1.1.0's canonical forms (place IRIs of known lists as their codes).
  const stored = version100 ? normaliseDescriptor(candidate) : withoutVersion(candidate);
  return { ok: true, value: stored as DatasetDescriptor };
}

/** The descriptor without its `$schema` marker: descriptors are stored, and served, as 1.1.0. */
function withoutVersion(input: unknown): unknown {
  if (!isSchemaNode(input) || !('$schema' in input)) return input;
  const { $schema: _version, ...body } = input;
  return body;
}

// Each field a DUO code needs, and the only code that may carry it; labels from vocabularies/duo.csv.
const DUO_CONDITIONAL_FIELDS: Readonly<Record<string, { code: string; label: string }>> = {
  disease: { code: 'DS', label: 'disease-specific research' },
  months: { code: 'TS', label: 'time limit on use' },
  region: { code: 'GS', label: 'geographical restriction' },
  until: { code: 'MOR', label: 'publication moratorium' },
};

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  uri: 'must be an absolute URI, e.g. https://example.org/page',
  email: 'must be a valid email address',
  date: 'must be a valid calendar date in YYYY-MM-DD form',
  'date-time': 'must be an RFC 3339 date-time with time zone, e.g. 2024-01-31T09:00:00Z',
};

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

// Above this many allowed properties the hint would drown the message.
const MAX_ALLOWED_PROPERTIES_HINT = 8;

type SchemaNode = Record<string, unknown>;

function toViolations(errors: readonly ErrorObject[], root: unknown): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const error of errors) {
    for (const violation of describe(error, root)) {
      const key = `${violation.pointer}\u0000${violation.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      violations.push(violation);
    }
  }
  return violations;
}

function describe(error: ErrorObject, root: unknown): Violation[] {
  // "if" only says that its then/else branch failed, and the branch's own error says why.
  if (error.keyword === 'if') return [];
  // contains checks every item against its subschema; the misses are how it counts, not faults.
  if (error.schemaPath.includes('/contains/')) return [];

  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = isSchemaNode(error.parentSchema) ? error.parentSchema : {};

  switch (error.keyword) {
    case 'required': {
      const property = String(params.missingProperty);
      const pointer = `${at}/${escapePointerToken(property)}`;
      const rule = DUO_CONDITIONAL_FIELDS[property];
      if (error.schemaPath.includes('/then/') && rule !== undefined) {
        return [{ pointer, message: `${rule.code} (${rule.label}) requires '${property}'` }];
      }
      return [{ pointer, message: 'is required' }];
    }
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const allowed = isSchemaNode(parent.properties) ? Object.keys(parent.properties) : [];
      const hint =
        allowed.length > 0 && allowed.length <= MAX_ALLOWED_PROPERTIES_HINT
          ? ` (allowed: ${allowed.join(', ')})`
          : '';
      return [
        {
          pointer: `${at}/${escapePointerToken(property)}`,
          message: `unknown property '${property}'${hint}`,
        },
      ];
    }
    case 'false schema': {
      const property = lastToken(at);
      const rule = DUO_CONDITIONAL_FIELDS[property];
      if (rule !== undefined) {
        return [{ pointer: at, message: `'${property}' is only allowed with ${rule.code} (${rule.label})` }];
      }
      return [{ pointer: at, message: `'${property}' is not allowed here` }];
    }
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.map(String) : String(params.type).split(',');
      return [{ pointer: at, message: `must be ${types.map((t) => TYPE_NOUNS[t] ?? t).join(' or ')}` }];
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String) : [];
      const noun = typeof parent.title === 'string' ? parent.title : 'value';
      return [
        {
          pointer: at,
          message: `${quote(error.data)} is not a known ${noun}; expected one of ${allowed.join(', ')}`,
        },
      ];
    }
    case 'const':
      return [{ pointer: at, message: `must be ${quote(params.allowedValue)}` }];
    case 'format': {
      const format = String(params.format);
      return [{ pointer: at, message: FORMAT_MESSAGES[format] ?? `must be a valid ${format}` }];
    }
    case 'pattern': {
      const noun = typeof parent.title === 'string' ? parent.title : 'value';
      const examples = Array.isArray(parent.examples)
        ? ` (e.g. ${parent.examples.map(String).join(', ')})`
        : '';
      return [{ pointer: at, message: `${quote(error.data)} is not a valid ${noun}${examples}` }];
    }
    case 'maxLength':
      return [{ pointer: at, message: `must be at most ${String(params.limit)} characters` }];
    case 'minLength':
      return [
        {
          pointer: at,
          message:
            params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`,
        },
      ];
    case 'maxItems':
      return [{ pointer: at, message: `must have at most ${String(params.limit)} items` }];
    case 'minItems':
      return [{ pointer: at, message: `must have at least ${String(params.limit)} items` }];
    case 'minProperties': {
      const allowed = isSchemaNode(parent.properties) ? Object.keys(parent.properties) : [];
      if (params.limit === 1 && allowed.length > 0) {
        return [{ pointer: at, message: `must not be empty; give at least one of: ${allowed.join(', ')}` }];
      }
      return [{ pointer: at, message: `must have at least ${String(params.limit)} properties` }];
    }
    case 'uniqueItems': {
      // Ajv scans from the end: j is the later copy, i the first occurrence.
      const first = Number(params.i);
      const later = Number(params.j);
      const items = Array.isArray(error.data) ? error.data : [];
      return [
        {
          pointer: `${at}/${Math.max(first, later)}`,
          message: `${quote(items[later])} is a duplicate of item ${Math.min(first, later)}`,
        },
      ];
    }
    case 'minimum':
      return [{ pointer: at, message: `must be at least ${String(params.limit)}` }];
    case 'maximum':
      return [{ pointer: at, message: `must be at most ${String(params.limit)}` }];
    case 'exclusiveMinimum':
      return [{ pointer: at, message: `must be greater than ${String(params.limit)}` }];
    case 'exclusiveMaximum':
      return [{ pointer: at, message: `must be less than ${String(params.limit)}` }];
    case 'contains':
      return describeRepeatedCode(error, parent, root);
    default:
      return [{ pointer: at, message: error.message ?? 'is invalid' }];
  }
}

/**
 * The schema keeps each DUO modifier to one occurrence with `contains: {code: const X}, maxContains: 1`;
 * point at every repeat rather than at the array.
 */
function describeRepeatedCode(error: ErrorObject, parent: SchemaNode, root: unknown): Violation[] {
  const at = error.instancePath;
  const contains = isSchemaNode(parent.contains) ? parent.contains : {};
  const properties = isSchemaNode(contains.properties) ? contains.properties : {};
  const [key, keySchema] = Object.entries(properties)[0] ?? [];
  const items = valueAt(root, at);
  if (key === undefined || !isSchemaNode(keySchema) || !('const' in keySchema) || !Array.isArray(items)) {
    return [{ pointer: at, message: error.message ?? 'is invalid' }];
  }
  const value = keySchema.const;
  const positions = items.flatMap((item, index) =>
    isSchemaNode(item) && item[key] === value ? [index] : [],
  );
  const [first, ...repeats] = positions;
  return repeats.map((index) => ({
    pointer: `${at}/${index}`,
    message: `${quote(value)} is given more than once (first at ${at}/${String(first)})`,
  }));
}

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lastToken(pointer: string): string {
  const token = pointer.slice(pointer.lastIndexOf('/') + 1);
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isSchemaNode(current)) current = current[token];
    else return undefined;
  }
  return current;
}

// Echoing a whole 10 000-character value would bury the message.
const MAX_QUOTED_LENGTH = 80;

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…` : text;
  return typeof value === 'string' ? `'${shown}'` : shown;
}
