// The bilingual health thesaurus at work: concepts found in a descriptor's text or codes, and code-system spellings.
import thesaurus from '../../catalog-schemas/vocabularies/health-thesaurus.json';

interface Concept {
  id: string;
  fr: string[];
  en: string[];
  mesh: string;
  icd10?: string;
}

const CONCEPTS: Concept[] = thesaurus.concepts;

// Words that carry no meaning in a label or a query: dropping them lets "santé au travail" match
// "santé et travail" and "cancer du sein" match "registre des cancers du sein".
export const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces d dans de des du en et l la le les leur ou par pour sur un une ' +
    'an and are as at by for from in into of on or the to with'
  ).split(' '),
);

/** A folded token as labels and texts are compared: plural marks dropped, so « maladies » meets « maladie ». */
function matchForm(token: string): string {
  return token.length > 3 && /[sx]$/.test(token) ? token.slice(0, -1) : token;
}

/** Folded, stop-word-free, plural-free tokens of a text, in order. */
export function conceptTokens(tokens: string[]): string[] {
  return tokens.filter((t) => !STOP_WORDS.has(t)).map(matchForm);
}

type Tokenizer = (text: string) => string[];

interface LabelIndex {
  /** Each label's first token → the labels starting with it, as token sequences with their concept. */
  byFirst: Map<string, { tokens: string[]; concept: Concept }[]>;
}

let index: LabelIndex | undefined;

function labelIndex(tokenize: Tokenizer): LabelIndex {
  if (index) return index;
  const byFirst: LabelIndex['byFirst'] = new Map();
  for (const concept of CONCEPTS) {
    for (const label of [...concept.fr, ...concept.en]) {
      const tokens = conceptTokens(tokenize(label));
      const first = tokens[0];
      if (!first) continue;
      const list = byFirst.get(first) ?? [];
      list.push({ tokens, concept });
      byFirst.set(first, list);
    }
  }
  index = { byFirst };
  return index;
}

/** An ICD-10 code as a comparable key: upper case, letters, digits and the dot. */
function icdKey(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9.]/g, '');
}

function inIcdRange(code: string, range: string): boolean {
  const key = icdKey(code);
  const [from = '', to = from] = range.split('-').map(icdKey);
  if (!/^[A-Z]\d\d/.test(key)) return false;
  // A bound names a block ("E10") or a code ("G12.2"): compare on as many characters as the bound has.
  return key.slice(0, from.length) >= from && key.slice(0, to.length) <= to;
}

/** The concepts a descriptor speaks of: labels found in its text, ICD-10 codes that fall in a concept's range. */
export function findConcepts(text: string, icd10Codes: string[], tokenize: Tokenizer): Concept[] {
  const { byFirst } = labelIndex(tokenize);
  const tokens = conceptTokens(tokenize(text));
  const found = new Set<Concept>();
  tokens.forEach((token, i) => {
    for (const label of byFirst.get(token) ?? []) {
      if (label.tokens.every((t, j) => tokens[i + j] === t)) found.add(label.concept);
    }
  });
  for (const code of icd10Codes) {
    for (const concept of CONCEPTS) {
      if (concept.icd10 && inIcdRange(code, concept.icd10)) found.add(concept);
    }
  }
  return [...found];
}

/** Every label of the concepts, in both languages. */
export function conceptLabels(concepts: Concept[]): string[] {
  return concepts.flatMap((c) => [...c.fr, ...c.en]);
}

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const SYSTEM_BY_SPELLING = new Map<string, { id: string; aliases: string[] }>();
for (const system of thesaurus.codeSystems) {
  for (const spelling of [system.id, ...system.aliases]) SYSTEM_BY_SPELLING.set(compact(spelling), system);
}

/** Every spelling of a coding system's family ("CIM-10" → ICD-10, ICD10, CIM-10…), or the name alone. */
export function codeSystemSpellings(name: string): string[] {
  const system = SYSTEM_BY_SPELLING.get(compact(name));
  if (!system) return [name, compact(name)];
  const spellings = [system.id, ...system.aliases];
  return [...spellings, ...spellings.map(compact)];
}

/** Whether a code-system name belongs to the ICD-10 family (its codes then meet the concepts' ranges). */
export function isIcd10System(name: string): boolean {
  return SYSTEM_BY_SPELLING.get(compact(name))?.id === 'ICD-10';
}
