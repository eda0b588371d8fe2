// Compiles the JSON Schemas of catalog-schemas/ into standalone ESM validators under src/generated/, and the
// dataset descriptor's schema into its TypeScript types: the schema is the one source of the descriptor contract.
// Cloudflare Workers forbid runtime code generation (new Function), so Ajv runs here, at build time, and the
// API ships only the generated code, identical on Node and Workers.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { _ } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { compile as compileTypes, type JSONSchema } from 'json-schema-to-typescript';

interface ValidatorTarget {
  /** JSON Schema (draft 2020-12), relative to the repository root. */
  schemaPath: string;
  /** Writes src/generated/<outName>.validator.js and .d.ts. */
  outName: string;
}

// One line per schema: access policies and evaluation grids are added here.
const TARGETS: readonly ValidatorTarget[] = [
  { schemaPath: 'catalog-schemas/dataset-descriptor/1.1.0.schema.json', outName: 'dataset-descriptor' },
  { schemaPath: 'catalog-schemas/dataset-descriptor/1.0.0.schema.json', outName: 'dataset-descriptor-1.0.0' },
  { schemaPath: 'catalog-schemas/access-policy/1.0.0.schema.json', outName: 'access-policy' },
  { schemaPath: 'catalog-schemas/evaluation-grid/1.0.0.schema.json', outName: 'evaluation-grid' },
];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'src', 'generated');

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // verbose puts parentSchema (title, examples) on each error, so src/validation can word messages from the
    // schema's own documentation instead of a hand-kept table.
    verbose: true,
    code: {
      source: true,
      esm: true,
      // Function formats (date, date-time, uri) cannot be serialised; standalone code must reach ajv-formats.
      // The require() is inlined by inlineRequires below.
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Ajv's esm mode still emits require() for its runtime helpers (ucs2length, the ajv-formats functions, equal).
 * Importing those CommonJS files from ESM is ambiguous: Node's loader hands `module.exports` to a default
 * import while bundlers and tsx hand `exports.default` when `__esModule` is set. So each required module (and
 * whatever it requires) is inlined into the output behind a small CommonJS shim; the result imports nothing.
 */
function inlineRequires(source: string, header: string): string {
  const modules = new Map<string, { index: number; source: string }>();
  const inline = (specifier: string, fromFile: string): number => {
    const file = createRequire(fromFile).resolve(specifier);
    const known = modules.get(file);
    if (known !== undefined) return known.index;
    const entry = { index: modules.size, source: '' };
    modules.set(file, entry);
    const text = readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
    entry.source = rewriteRequires(text, file);
    return entry.index;
  };
  // Also rewrites the `.code` strings Ajv keeps on its helpers for its own compiler; nothing evaluates them.
  const rewriteRequires = (text: string, fromFile: string): string =>
    text.replace(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g, (_m, _q, specifier: string) => {
      return `__ajvRequire(${inline(specifier, fromFile)})`;
    });

  // ES modules are strict already; the directive would no longer be in prologue position after the shim.
  const body = rewriteRequires(source, join(ROOT, 'package.json')).replace(/^"use strict";\s*/, '');
  if (modules.size === 0) return `${header}\n${body}\n`;

  const entries = [...modules].sort(([, a], [, b]) => a.index - b.index);
  const factories = entries.map(
    ([file, { source: text }]) =>
      `  // ${relative(ROOT, file)}\n  (module, exports, __ajvRequire) => {\n${text.trim()}\n  },`,
  );
  const shim = [
    '// Inlined CommonJS runtime of ajv / ajv-formats (MIT licence), see inlineRequires in the build script.',
    'const __ajvModules = [',
    ...factories,
    '];',
    'const __ajvCache = [];',
    'function __ajvRequire(index) {',
    '  if (__ajvCache[index] === undefined) {',
    '    const module = { exports: {} };',
    '    __ajvCache[index] = module;',
    '    __ajvModules[index](module, module.exports, __ajvRequire);',
    '  }',
    '  return __ajvCache[index].exports;',
    '}',
  ].join('\n');
  return `${header}\n${shim}\n${body}\n`;
}

function assertSafe(code: string, file: string): void {
  const forbidden: Array<[RegExp, string]> = [
    [/\brequire\s*\(/, 'require()'],
    [/\bnew\s+Function\b/, 'new Function'],
    [/\beval\s*\(/, 'eval()'],
  ];
  for (const [pattern, what] of forbidden) {
    if (pattern.test(code)) throw new Error(`${file}: generated code contains ${what}`);
  }
}

function declarationFor(target: ValidatorTarget): string {
  return `// Generated by scripts/build-validators.ts from ${target.schemaPath}; do not edit.
import type { ErrorObject } from 'ajv';

export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validate: StandaloneValidator;
export default validate;
`;
}

async function build(target: ValidatorTarget): Promise<string> {
  const schema: unknown = JSON.parse(await readFile(join(ROOT, target.schemaPath), 'utf8'));
  const ajv = createAjv();
  const validate = ajv.compile(schema as object);
  const header = `// Generated by scripts/build-validators.ts from ${target.schemaPath}; do not edit.\n// Rebuild with: npm run build:validators`;
  const code = inlineRequires(standaloneCode(ajv, validate), header);
  const jsFile = join(OUT_DIR, `${target.outName}.validator.js`);
  assertSafe(code, relative(ROOT, jsFile));
  await writeFile(jsFile, code);
  await writeFile(join(OUT_DIR, `${target.outName}.validator.d.ts`), declarationFor(target));

  // Smoke test: the module must load as plain ESM and reject an empty object (every schema here requires fields).
  const loaded = (await import(`${pathToFileURL(jsFile).href}?t=${Date.now()}`)) as {
    default?: (data: unknown) => boolean;
  };
  if (typeof loaded.default !== 'function' || loaded.default({}) !== false) {
    throw new Error(`${relative(ROOT, jsFile)}: generated validator did not load or accepted {}`);
  }
  return `${relative(ROOT, jsFile)} (${(code.length / 1024).toFixed(1)} KiB)`;
}

/** The schema the descriptor's TypeScript types are generated from (src/domain/descriptor.ts re-exports them). */
const DESCRIPTOR_SCHEMA = 'catalog-schemas/dataset-descriptor/1.1.0.schema.json';

const pascal = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * Prepares a schema node for json-schema-to-typescript: each `$ref` becomes the named type of its `$defs` entry
 * (compiled on its own below), and titles are dropped so inline objects stay inline instead of becoming types
 * named after their labels (French1, URI17...). Descriptions stay: they become the types' doc comments.
 */
function forTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forTypes);
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === 'string') {
    const name = pascal(record.$ref.slice(record.$ref.lastIndexOf('/') + 1));
    return {
      tsType: name,
      ...(typeof record.description === 'string' ? { description: record.description } : {}),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (['title', '$defs', '$id', 'examples'].includes(key)) continue;
    if (key === '$schema' && typeof value === 'string') continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, forTypes(child)]));
    } else out[key] = forTypes(value);
  }
  return out;
}

async function buildDescriptorTypes(): Promise<string> {
  const schema = JSON.parse(await readFile(join(ROOT, DESCRIPTOR_SCHEMA), 'utf8')) as {
    $defs: Record<string, unknown>;
  };
  const options = {
    bannerComment: '',
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: true,
    format: false,
  };
  const compileOne = (node: unknown, name: string) =>
    compileTypes(forTypes(node) as JSONSchema, name, options);
  const parts = [await compileOne(schema, 'DatasetDescriptor')];
  for (const [name, def] of Object.entries(schema.$defs)) parts.push(await compileOne(def, pascal(name)));
  const header = `// Generated by scripts/build-validators.ts from ${DESCRIPTOR_SCHEMA}; do not edit.\n// Rebuild with: npm run build:validators\n`;
  const file = join(OUT_DIR, 'dataset-descriptor.types.ts');
  await writeFile(file, `${header}\n${parts.join('\n')}`);
  return relative(ROOT, file);
}

await mkdir(OUT_DIR, { recursive: true });
for (const target of TARGETS) {
  console.log(`build-validators: ${await build(target)}`);
}
console.log(`build-validators: ${await buildDescriptorTypes()}`);
