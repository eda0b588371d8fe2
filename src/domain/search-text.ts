// Text folding for catalogue search: accent- and case-insensitive tokens shared by indexing and querying.
import type { DatasetDescriptor, LocalizedText } from './descriptor';

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

// Words that carry no meaning in a catalogue query; dropping them lets "cancer du sein" match
// "registre des cancers du sein" through prefix matching on the meaningful words alone.
const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces d dans de des du en et l la le les leur ou par pour sur un une ' +
    'an and are as at by for from in into of on or the to with'
  ).split(' '),
);

/** The tsquery for a free-text search: every meaningful word, as a prefix, must match. */
export function toPrefixTsQuery(query: string): string | undefined {
  const words = tokenize(query).filter((t) => !STOP_WORDS.has(t));
  if (words.length === 0) return undefined;
  return [...new Set(words)]
    .slice(0, 16)
    .map((w) => `${w}:*`)
    .join(' & ');
}

const both = (t: LocalizedText | undefined): string => [t?.fr, t?.en].filter(Boolean).join(' ');

/** The weighted texts indexed for a descriptor: titles rank above everything else. */
export function searchTexts(d: DatasetDescriptor): { title: string; body: string } {
  const body = [
    both(d.description),
    ...(d.keywords?.fr ?? []),
    ...(d.keywords?.en ?? []),
    d.publisher.name,
    both(d.populationCoverage),
    ...(d.codingSystems ?? []),
    ...(d.healthCategories ?? []),
    d.dataUseConditions?.permission.disease ?? '',
  ].join(' ');
  return { title: tokenize(both(d.title)).join(' '), body: tokenize(body).join(' ') };
}
