// Text folding for catalogue search: accent- and case-insensitive tokens shared by indexing and querying.
import type { DatasetDescriptor, LocalizedText } from './descriptor';
import {
  codeSystemSpellings,
  conceptLabels,
  findConcepts,
  isIcd10System,
  STOP_WORDS,
} from './health-thesaurus';

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower-cases, expands ligatures and strips diacritics: « Diabète » and "diabete" fold to the same text. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Folded alphanumeric tokens; every other character separates tokens (so no tsquery syntax survives). */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * The version of the derivation below: rows indexed by an older one are re-derived when the desk starts
 * (services/search-index.ts). Raise it whenever searchTexts or the thesaurus changes what is indexed.
 */
export const SEARCH_TEXT_VERSION = 3;

/** The words of a free-text query as the search matches them (each as a prefix or by its stem), at most 16. */
export function queryWords(query: string): string[] {
  const words = tokenize(query).filter((t) => !STOP_WORDS.has(t));
  return [...new Set(words)].slice(0, 16);
}

const both = (t: LocalizedText | undefined): string => [t?.fr, t?.en].filter(Boolean).join(' ');

/** A CURIE's prefix and local code; an IRI has neither. */
function splitCurie(code: string): { system: string; local: string } | undefined {
  if (/^https?:/i.test(code)) return undefined;
  const at = code.indexOf(':');
  return at > 0 ? { system: code.slice(0, at), local: code.slice(at + 1) } : undefined;
}

const compactCode = (s: string) => foldText(s).replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The weighted texts indexed for a descriptor: titles rank above the body, and the body above the
 * thesaurus expansion (the labels, in both languages, of the concepts the descriptor speaks of, and every
 * spelling of its coding systems), which lets a query in one language find a dataset described in the other.
 */
export function searchTexts(d: DatasetDescriptor): { title: string; body: string; concepts: string } {
  // Coded concepts (descriptor 1.1.0): a canonical CURIE ("ICD-10:E11", "ORPHA:558") or an IRI.
  const conditions = d.codeValues ?? [];
  const disease = d.dataUseConditions?.permission.disease;
  const curies = conditions.map((c) => splitCurie(c.code));
  const systems = [...(d.codingSystems ?? []), ...curies.flatMap((c) => (c ? [c.system] : []))];
  const body = [
    both(d.description),
    ...(d.alternative ?? []),
    ...(d.keywords?.fr ?? []),
    ...(d.keywords?.en ?? []),
    d.publisher.name,
    both(d.populationCoverage),
    ...(d.codingSystems ?? []),
    ...(d.healthCategories ?? []),
    disease ?? '',
    // A condition is found by its whole CURIE, its bare code ("E11", "558") and its label.
    ...conditions.flatMap((c, i) => [c.code, curies[i] ? compactCode(c.code) : '', both(c.label)]),
  ].join(' ');
  const icd10Codes = [
    ...(disease && !disease.includes(':') ? [disease] : []),
    ...curies.flatMap((c) => (c && isIcd10System(c.system) ? [c.local] : [])),
  ];
  const concepts = findConcepts(`${both(d.title)} ${body}`, icd10Codes, tokenize);
  const expansion = [
    ...conceptLabels(concepts),
    ...[...new Set(systems)].flatMap(codeSystemSpellings),
    ...curies.flatMap((c) => (c ? [compactCode(c.local)] : [])),
  ].join(' ');
  return {
    title: tokenize(both(d.title)).join(' '),
    body: tokenize(body).join(' '),
    concepts: [...new Set(tokenize(expansion))].join(' '),
  };
}
