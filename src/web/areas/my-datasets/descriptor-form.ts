// The dataset form, derived from the descriptor's JSON Schema: one node per property the schema declares,
// the way a post maps back into a descriptor, and the way the service's violations map back onto fields.
//
// Form names are JSON pointers into the body the services take ({ providerId, deskId, descriptor }), e.g.
// `/descriptor/title/fr`, so a violation's pointer names its field. Two kinds of array are laid out
// differently in the form than in the descriptor, and their pointers are translated both ways:
// - repeated groups (distributions) are numbered slots; an empty slot is no item, so slot 3 may be item 2;
// - DUO modifiers are a fixed set of checkboxes, each code at most once, so the form keys them by code
//   (`/descriptor/dataUseConditions/modifiers/TS/months`) where the descriptor has an index.
// An edit keeps what the stored descriptor holds and the form has no field for (withUnshown).
import descriptorSchema from '../../../../catalog-schemas/dataset-descriptor/1.1.0.schema.json';
import dpv from '../../../../catalog-schemas/vocabularies/dpv.json';
import type { Violation } from '../../../validation/violation';

type Schema = Record<string, unknown>;

interface Base {
  /** The property's place in the schema, array indices and modifier codes left out: `/distributions/format`. */
  key: string;
  /** English label and help, from the schema's `title` and `description`. */
  title: string;
  description: string;
  required: boolean;
}

export type TextFormat = 'uri' | 'email' | 'date' | 'date-time';

export type FormNode =
  | (Base & { kind: 'text'; format?: TextFormat; long: boolean; examples: string[] })
  | (Base & { kind: 'integer' })
  | (Base & { kind: 'number' })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'choice'; options: string[] })
  /** An object of `fr` and `en` texts (or lists of texts), shown side by side. */
  | (Base & { kind: 'pair'; list: boolean; long: boolean })
  | (Base & { kind: 'group'; children: FormNode[] })
  /**
   * A list of strings: a closed list (options) is a set of checkboxes; an open one is typed, one per line,
   * beside checkboxes for the terms its vocabulary recommends (suggestions).
   */
  | (Base & { kind: 'list'; options?: string[]; suggestions?: string[]; item: FormNode })
  | (Base & { kind: 'repeat'; item: FormNode & { kind: 'group' } })
  /** Objects keyed by a `code` that appears at most once, each code with the parameters it requires. */
  | (Base & { kind: 'keyed'; codes: string[]; params: Record<string, FormNode[]> });

const root = descriptorSchema as unknown as Schema;

/** Open lists whose vocabulary recommends terms (catalog-schemas/vocabularies/dpv.json). */
const SUGGESTIONS: Record<string, string[]> = {
  '/personalData': dpv.personalData.terms.map((t) => t.code),
  '/purpose': dpv.purpose.terms.map((t) => t.code),
};

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, token) => (at as Schema)[token], root) as Schema;
  // Annotations beside a $ref (title, description) speak of this use of the definition: they win.
  const { $ref: _ref, ...siblings } = schema;
  return { ...resolve(target), ...siblings };
}

const asSchema = (v: unknown): Schema => (v && typeof v === 'object' ? (v as Schema) : {});

function node(key: string, raw: Schema, required: boolean): FormNode {
  const s = resolve(raw);
  const base: Base = {
    key,
    title: typeof s.title === 'string' ? s.title : key.slice(key.lastIndexOf('/') + 1),
    description: typeof s.description === 'string' ? s.description : '',
    required,
  };
  const properties = asSchema(s.properties);
  const names = Object.keys(properties);
  if (s.type === 'object') {
    const requiredNames = Array.isArray(s.required) ? (s.required as string[]) : [];
    if (names.length === 2 && names.includes('fr') && names.includes('en')) {
      const fr = resolve(asSchema(properties.fr));
      const maxLength = Number(fr.maxLength ?? 0);
      return { ...base, kind: 'pair', list: fr.type === 'array', long: maxLength >= 1000 };
    }
    return {
      ...base,
      kind: 'group',
      children: names.map((n) => node(`${key}/${n}`, asSchema(properties[n]), requiredNames.includes(n))),
    };
  }
  if (s.type === 'array') {
    const items = resolve(asSchema(s.items));
    if (items.type === 'object') {
      const itemProps = asSchema(items.properties);
      const code = resolve(asSchema(itemProps.code));
      if (Array.isArray(code.enum) && Array.isArray(s.allOf))
        return keyed(base, items, code.enum as string[]);
      const item = node(key, items, false);
      if (item.kind !== 'group') throw new Error(`${key}: repeated items must be objects`);
      return { ...base, kind: 'repeat', item };
    }
    const item = node(key, items, true);
    if (Array.isArray(items.enum)) return { ...base, kind: 'list', options: items.enum as string[], item };
    const suggestions = SUGGESTIONS[key];
    return suggestions ? { ...base, kind: 'list', suggestions, item } : { ...base, kind: 'list', item };
  }
  if (s.type === 'integer') return { ...base, kind: 'integer' };
  if (s.type === 'number') return { ...base, kind: 'number' };
  if (s.type === 'boolean') return { ...base, kind: 'boolean' };
  if (Array.isArray(s.enum)) return { ...base, kind: 'choice', options: s.enum as string[] };
  const format = typeof s.format === 'string' ? (s.format as TextFormat) : undefined;
  return {
    ...base,
    kind: 'text',
    ...(format ? { format } : {}),
    // Prose (a long text without a format or pattern) gets a text area; codes and addresses a line.
    long: Number(s.maxLength ?? 0) >= 1000 && !format && typeof s.pattern !== 'string',
    examples: Array.isArray(s.examples) ? (s.examples as string[]) : [],
  };
}

/** A keyed list: which parameter each code requires is read from the item's if/then rules. */
function keyed(base: Base, items: Schema, codes: string[]): FormNode {
  const itemProps = asSchema(items.properties);
  const params: Record<string, FormNode[]> = {};
  for (const rule of Array.isArray(items.allOf) ? (items.allOf as Schema[]) : []) {
    const code = asSchema(asSchema(asSchema(rule.if).properties).code).const;
    const needs = asSchema(rule.then).required;
    if (typeof code !== 'string' || !Array.isArray(needs)) continue;
    params[code] = (needs as string[]).map((n) => node(`${base.key}/${n}`, asSchema(itemProps[n]), true));
  }
  return { ...base, kind: 'keyed', codes, params };
}

/** Properties of the schema that are no field: `$schema` names the schema a posted descriptor follows. */
const NOT_FIELDS = new Set(['$schema']);

/** The descriptor's form: one node per top-level property, in the schema's order. */
export const DESCRIPTOR_FORM: FormNode[] = (() => {
  const required = root.required as string[];
  const properties = asSchema(root.properties);
  return Object.keys(properties)
    .filter((n) => !NOT_FIELDS.has(n))
    .map((n) => node(`/${n}`, asSchema(properties[n]), required.includes(n)));
})();

/** Every node, depth first (items and parameters included), for catalogues and tests. */
export function allNodes(nodes: FormNode[] = DESCRIPTOR_FORM): FormNode[] {
  return nodes.flatMap((n) => {
    if (n.kind === 'group') return [n, ...allNodes(n.children)];
    if (n.kind === 'repeat') return [n, ...allNodes(n.item.children)];
    if (n.kind === 'keyed') return [n, ...allNodes(Object.values(n.params).flat())];
    return [n];
  });
}

export const DESCRIPTOR_POINTER = '/descriptor';

/** What a form post holds: every value of every name, as typed. */
export type FormValues = Record<string, string[]>;

export const first = (values: FormValues, name: string): string => values[name]?.[0] ?? '';

const leafName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/** The slots a repeated group shows: as posted, or one per item plus an empty one to add another. */
export function slotCount(values: FormValues, pointer: string): number {
  let max = -1;
  const prefix = `${pointer}/`;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('/')[0]);
    if (Number.isInteger(index) && index > max) max = index;
  }
  return max + 1;
}

/**
 * Splits a typed list: one item per line, or, on a single line, items separated by commas. A one-item list
 * whose item holds a comma is written with a final line break (see listText) so that it reads back whole.
 */
export function splitList(text: string): string[] {
  const parts = /[\r\n]/.test(text) ? text.split(/\r?\n|\r/) : text.split(',');
  return parts.map((s) => s.trim()).filter((s) => s !== '');
}

export function listText(items: readonly string[]): string {
  const text = items.join('\n');
  return items.length === 1 && text.includes(',') ? `${text}\n` : text;
}

// ---- form → descriptor -------------------------------------------------------------------------------

/** Where an item of the descriptor sits in the form: descriptor array pointer → form token per index. */
type IndexMaps = Map<string, string[]>;

function readScalar(n: FormNode, raw: string): unknown {
  const text = n.kind === 'text' && n.long ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  if (text === '') return undefined;
  if (n.kind === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
  // A decimal comma is how French writes numbers: 12,5 is 12.5.
  if (n.kind === 'number') return /^-?\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
  if (n.kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

function readNode(
  n: FormNode,
  values: FormValues,
  formPointer: string,
  docPointer: string,
  maps: IndexMaps,
): unknown {
  switch (n.kind) {
    case 'text':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'choice':
      return readScalar(n, first(values, formPointer));
    case 'pair': {
      const out: Record<string, unknown> = {};
      for (const lang of ['fr', 'en']) {
        const raw = first(values, `${formPointer}/${lang}`);
        const value = n.list ? splitList(raw) : readScalar({ ...n, kind: 'text', examples: [] }, raw);
        if (n.list ? (value as string[]).length > 0 : value !== undefined) out[lang] = value;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'group': {
      const out: Record<string, unknown> = {};
      for (const child of n.children) {
        const name = leafName(child.key);
        const value = readNode(child, values, `${formPointer}/${name}`, `${docPointer}/${name}`, maps);
        if (value !== undefined) out[name] = value;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'list': {
      // Checked choices and typed lines arrive under the same name; each value may hold several items.
      const items = (values[formPointer] ?? []).flatMap((v) => (n.options?.includes(v) ? [v] : splitList(v)));
      return items.length > 0 ? items : undefined;
    }
    case 'repeat': {
      const items: unknown[] = [];
      const slots: string[] = [];
      for (let i = 0; i < slotCount(values, formPointer); i++) {
        const item = readNode(n.item, values, `${formPointer}/${i}`, `${docPointer}/${items.length}`, maps);
        if (item === undefined) continue;
        slots.push(String(i));
        items.push(item);
      }
      maps.set(docPointer, slots);
      return items.length > 0 ? items : undefined;
    }
    case 'keyed': {
      const codes = (values[formPointer] ?? []).filter((c, i, all) => c !== '' && all.indexOf(c) === i);
      maps.set(docPointer, codes);
      const items = codes.map((code) => {
        const item: Record<string, unknown> = { code };
        for (const param of n.params[code] ?? []) {
          const name = leafName(param.key);
          const value = readScalar(param, first(values, `${formPointer}/${code}/${name}`));
          if (value !== undefined) item[name] = value;
        }
        return item;
      });
      return items.length > 0 ? items : undefined;
    }
  }
}

export interface ReadForm {
  descriptor: Record<string, unknown>;
  /** The pointer of the form field a violation of the services (`/descriptor/…`) is about. */
  toFormPointer(pointer: string): string;
  /** The slot each item of a repeated group was typed in, by the group's pointer in the descriptor. */
  slotsOf(pointer: string): readonly string[];
}

/** The descriptor a post describes: empty fields are absent, numbers are numbers, lists are split. */
export function readDescriptor(values: FormValues): ReadForm {
  const maps: IndexMaps = new Map();
  const descriptor: Record<string, unknown> = {};
  for (const n of DESCRIPTOR_FORM) {
    const name = leafName(n.key);
    const value = readNode(n, values, `${DESCRIPTOR_POINTER}/${name}`, `/${name}`, maps);
    if (value !== undefined) descriptor[name] = value;
  }
  return {
    descriptor,
    slotsOf: (pointer) => maps.get(pointer) ?? [],
    toFormPointer(pointer) {
      if (!pointer.startsWith(`${DESCRIPTOR_POINTER}/`)) return pointer;
      const tokens = pointer.slice(DESCRIPTOR_POINTER.length + 1).split('/');
      let doc = '';
      let form = DESCRIPTOR_POINTER;
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        const mapped = maps.get(doc);
        doc += `/${token}`;
        form += `/${mapped && /^\d+$/.test(token) ? (mapped[Number(token)] ?? token) : token}`;
      }
      return form;
    },
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The descriptor an edit saves: what the post describes, plus what the stored descriptor holds that no field
 * shows (a property of a later schema version, say), so that an edit never drops what it could not show.
 * The edit form shows stored item i in slot i, so a posted item takes back the unshown parts of its slot's item.
 */
export function withUnshown(stored: Json, read: ReadForm): Json {
  return carry(DESCRIPTOR_FORM, stored, read.descriptor, '', read);
}

function carry(
  nodes: readonly FormNode[],
  stored: Json,
  posted: Json,
  pointer: string,
  read: ReadForm,
): Json {
  const out: Json = { ...posted };
  for (const [name, before] of Object.entries(stored)) {
    const n = nodes.find((x) => leafName(x.key) === name);
    const after = out[name];
    const at = `${pointer}/${name}`;
    if (!n) out[name] = before;
    else if (n.kind === 'group' && isObject(before) && isObject(after))
      out[name] = carry(n.children, before, after, at, read);
    else if (n.kind === 'repeat' && Array.isArray(before) && Array.isArray(after)) {
      const slots = read.slotsOf(at);
      out[name] = after.map((item, i) => {
        const was: unknown = before[Number(slots[i])];
        return isObject(was) && isObject(item) ? carry(n.item.children, was, item, `${at}/${i}`, read) : item;
      });
    }
  }
  return out;
}

/** The services' violations, each at the pointer of the field that shows it. */
export function violationsOnForm(read: ReadForm, violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, pointer: read.toFormPointer(v.pointer) }));
}

// ---- descriptor → form -------------------------------------------------------------------------------

function writeNode(n: FormNode, value: unknown, formPointer: string, out: FormValues): void {
  if (value === undefined || value === null) return;
  switch (n.kind) {
    case 'text':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'choice':
      out[formPointer] = [String(value)];
      return;
    case 'pair': {
      const text = value as Record<string, unknown>;
      for (const lang of ['fr', 'en']) {
        const v = text[lang];
        if (v === undefined) continue;
        out[`${formPointer}/${lang}`] = [Array.isArray(v) ? listText(v.map(String)) : String(v)];
      }
      return;
    }
    case 'group':
      for (const child of n.children) {
        const name = leafName(child.key);
        writeNode(child, (value as Record<string, unknown>)[name], `${formPointer}/${name}`, out);
      }
      return;
    case 'list': {
      const items = (value as unknown[]).map(String);
      if (n.options) {
        out[formPointer] = items;
        return;
      }
      // Recommended terms are checkboxes, each its own value; the others are typed, one per line.
      const suggested = items.filter((i) => n.suggestions?.includes(i));
      const typed = items.filter((i) => !n.suggestions?.includes(i));
      out[formPointer] = typed.length > 0 ? [...suggested, listText(typed)] : suggested;
      return;
    }
    case 'repeat':
      (value as unknown[]).forEach((item, i) => {
        writeNode(n.item, item, `${formPointer}/${i}`, out);
      });
      return;
    case 'keyed': {
      const items = value as Record<string, unknown>[];
      out[formPointer] = items.map((item) => String(item.code));
      for (const item of items) {
        for (const param of n.params[String(item.code)] ?? []) {
          const name = leafName(param.key);
          if (item[name] !== undefined) out[`${formPointer}/${item.code}/${name}`] = [String(item[name])];
        }
      }
      return;
    }
  }
}

/** The form values that show a descriptor, for the edit form. */
export function descriptorValues(descriptor: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const n of DESCRIPTOR_FORM) {
    const name = leafName(n.key);
    writeNode(n, descriptor[name], `${DESCRIPTOR_POINTER}/${name}`, out);
  }
  return out;
}

/** A form post as name → every value typed (files are not form values and are left out). */
export function formValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    const strings = [value].flat().filter((v): v is string => typeof v === 'string');
    if (strings.length > 0) out[name] = strings;
  }
  return out;
}
