// Coding systems and their coded concepts: the usual spellings of a system's name, concept CURIEs and IRIs in the
// systems' namespaces, from catalog-schemas/vocabularies/coding-systems.json. Pure data and functions (Node and Workers).
import codingSystemsVocabulary from '../../catalog-schemas/vocabularies/coding-systems.json';

export interface CodingSystem {
  code: string;
  name: string;
  steward: string;
  homepage?: string;
  /** The descriptor schema version that added the system; absent for the 1.0.0 enumeration. */
  since?: string;
  aliases: readonly string[];
  /** CURIE prefixes of the system's concepts; the first is the one of our canonical CURIEs. */
  curiePrefixes: readonly string[];
  /** Namespaces whose suffix is a code; the first is the one exported. */
  iriPrefixes: readonly string[];
  codePattern?: string;
}

export const CODING_SYSTEMS: readonly CodingSystem[] = codingSystemsVocabulary.codingSystems;

/** Project IRIs for concepts of systems that publish no IRI namespace: `<base><system>/<code>`. */
export const PROJECT_CONCEPT_BASE = 'https://w3id.org/phoenix-desk/concept/';

/** A name or prefix as matched: no case, accents, spaces or punctuation ("SNOMED CT" = "snomed-ct" = "SnomedCT"). */
export function matchKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const BY_CODE = new Map(CODING_SYSTEMS.map((s) => [s.code, s]));
const PATTERNS = new Map(
  CODING_SYSTEMS.flatMap((s) => (s.codePattern ? [[s.code, new RegExp(s.codePattern)] as const] : [])),
);

function keyedBy(names: (s: CodingSystem) => readonly string[]): ReadonlyMap<string, CodingSystem> {
  return new Map(CODING_SYSTEMS.flatMap((s) => names(s).map((n) => [matchKey(n), s] as const)));
}
const BY_NAME = keyedBy((s) => [s.code, ...s.aliases]);
const BY_CURIE_PREFIX = keyedBy((s) => [s.code, ...s.curiePrefixes]);
/** Longest namespace first, so that a namespace that extends another wins. */
const NAMESPACES: readonly { prefix: string; system: CodingSystem }[] = CODING_SYSTEMS.flatMap((system) =>
  system.iriPrefixes.map((prefix) => ({ prefix: prefix.replace(/^https:/, 'http:'), system })),
).sort((a, b) => b.prefix.length - a.prefix.length);

export function codingSystem(code: string): CodingSystem | undefined {
  return BY_CODE.get(code);
}

/** The canonical code of a coding system from its code or any usual spelling ("SNOMED CT", "Orphanet", "CISP-2"). */
export function normaliseCodingSystem(name: string): string | undefined {
  return BY_NAME.get(matchKey(name))?.code;
}

/** A concept of a known system: `curie` is canonical (`ORPHA:558`), `iri` the one to export (see conceptIri). */
export interface CodedConcept {
  kind: 'coded';
  system: string;
  code: string;
  curie: string;
  iri: string;
}

/** An http(s) or URN IRI in no namespace we know, or whose suffix is not a code of that system: kept as it is. */
export interface ForeignConcept {
  kind: 'iri';
  iri: string;
}

export type Concept = CodedConcept | ForeignConcept;

/**
 * Why a value is not a concept: `not-a-concept` (neither CURIE nor IRI), `unknown-prefix` (CURIE prefix of no system),
 * `code-pattern` (the code does not have the shape of the system's codes; `pattern` says which).
 */
export type ConceptRefusal =
  | { kind: 'refused'; reason: 'not-a-concept'; value: string }
  | { kind: 'refused'; reason: 'unknown-prefix'; value: string; prefix: string }
  | { kind: 'refused'; reason: 'code-pattern'; value: string; system: string; code: string; pattern: string };

const CURIE = /^([A-Za-z][A-Za-z0-9._-]*):(\S+)$/;
const IRI = /^(?:https?:\/\/|urn:)\S+$/i;

/** A CURIE with any known prefix (any case) or an IRI, read as a concept or refused with the reason. */
export function readConcept(value: string): Concept | ConceptRefusal {
  const text = value.trim();
  if (IRI.test(text)) return readIri(text);
  const curie = CURIE.exec(text);
  if (!curie) return { kind: 'refused', reason: 'not-a-concept', value };
  const [, prefix = '', code = ''] = curie;
  const system = BY_CURIE_PREFIX.get(matchKey(prefix));
  if (!system) return { kind: 'refused', reason: 'unknown-prefix', value, prefix };
  return coded(system, code, value);
}

/** The concept a CURIE or IRI names, or undefined when readConcept refuses it. */
export function parseConcept(value: string): Concept | undefined {
  const read = readConcept(value);
  return read.kind === 'refused' ? undefined : read;
}

/** The IRI to export for a canonical or any accepted CURIE; undefined when the CURIE is refused. */
export function conceptIri(curie: string): string | undefined {
  const read = readConcept(curie);
  return read.kind === 'refused' ? undefined : read.iri;
}

function readIri(iri: string): Concept {
  const http = iri.replace(/^https:/i, 'http:');
  const namespace = NAMESPACES.find((n) => http.startsWith(n.prefix) && http.length > n.prefix.length);
  const project = iri.replace(/^http:/i, 'https:');
  let concept: CodedConcept | ConceptRefusal | undefined;
  if (namespace) {
    const code = decoded(http.slice(namespace.prefix.length).replace(/\/$/, ''));
    concept = code ? coded(namespace.system, code, iri) : undefined;
  } else if (project.startsWith(PROJECT_CONCEPT_BASE)) {
    const [system = '', code = '', ...rest] = project.slice(PROJECT_CONCEPT_BASE.length).split('/');
    const known = BY_CODE.get(decoded(system) ?? '');
    const plainCode = decoded(code);
    concept = known && plainCode && rest.length === 0 ? coded(known, plainCode, iri) : undefined;
  }
  // An IRI names something in its own right: one whose suffix is not a code (an ORDO category, a LOINC page) stays an IRI.
  return concept?.kind === 'coded' ? concept : { kind: 'iri', iri };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function coded(system: CodingSystem, code: string, value: string): CodedConcept | ConceptRefusal {
  const pattern = PATTERNS.get(system.code);
  if (pattern && !pattern.test(code)) {
    return {
      kind: 'refused',
      reason: 'code-pattern',
      value,
      system: system.code,
      code,
      pattern: system.codePattern ?? '',
    };
  }
  const [prefix = system.code] = system.curiePrefixes;
  const [namespace] = system.iriPrefixes;
  return {
    kind: 'coded',
    system: system.code,
    code,
    curie: `${prefix}:${code}`,
    iri: namespace
      ? `${namespace}${encodeURIComponent(code)}`
      : `${PROJECT_CONCEPT_BASE}${encodeURIComponent(system.code)}/${encodeURIComponent(code)}`,
  };
}
