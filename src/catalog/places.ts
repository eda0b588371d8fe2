// Places a dataset covers (dct:spatial): EU country codes, NUTS 2024 units and ISO 3166-2:FR subdivisions, with the
// IRI each is exported as, from catalog-schemas/vocabularies. Pure data and functions (Node and Workers).
import countriesVocabulary from '../../catalog-schemas/vocabularies/countries.json';
import frenchRegionsVocabulary from '../../catalog-schemas/vocabularies/french-regions.json';
import nutsVocabulary from '../../catalog-schemas/vocabularies/nuts.json';

export const COUNTRY_IRI_BASE = countriesVocabulary.iriPrefix;
export const NUTS_IRI_BASE = nutsVocabulary.iriPrefix;
/** Project IRIs for French subdivisions that match no NUTS unit one-to-one: `<base><ISO 3166-2 code>`. */
export const PROJECT_PLACE_BASE = 'https://w3id.org/phoenix-desk/place/';

/**
 * `country`: EU authority-table code (FRA); `nuts`: NUTS 2024 unit, level 0 (FR) to 3 (FR101), or an EFTA statistical
 * region; `region`, `department`, `collectivity` (Alsace, Métropole de Lyon) and `overseas-collectivity`: ISO 3166-2:FR.
 */
export type PlaceKind =
  | 'country'
  | 'nuts'
  | 'region'
  | 'department'
  | 'collectivity'
  | 'overseas-collectivity';

export interface Place {
  kind: PlaceKind;
  /** The canonical code: FRA, FR10, FR-IDF (FR-75 reads as FR-75C). */
  code: string;
  /** The IRI to export; a French subdivision takes its NUTS unit's IRI when they are the same territory. */
  iri: string;
  label: { fr?: string; en?: string };
  /** The official name of a NUTS unit, in its country's language(s). */
  name?: string;
  /** NUTS level (0-3) of a `nuts` place. */
  nutsLevel?: number;
  /** The NUTS unit of the same territory, for a French subdivision that has one. */
  nuts?: string;
  /** The enclosing place: the NUTS unit one level up, or the region of a department. */
  parent?: string;
}

interface Subdivision {
  code: string;
  /** One of the subdivision kinds of PlaceKind (places.test.ts checks the file). */
  kind: string;
  fr: string;
  en?: string;
  parent?: string;
  nuts?: string;
  formerCodes?: string[];
}

interface Country {
  code: string;
  alpha2: string;
  en: string;
  fr: string;
}

const COUNTRIES: ReadonlyMap<string, Country> = new Map(
  countriesVocabulary.countries.map((c) => [c.code, c]),
);
/** NUTS level-0 codes are ISO alpha-2 codes except EL, Greece (ISO GR). */
const COUNTRY_BY_NUTS: ReadonlyMap<string, Country> = new Map(
  countriesVocabulary.countries.map((c) => [c.alpha2 === 'GR' ? 'EL' : c.alpha2, c]),
);
const NUTS = new Map(nutsVocabulary.units.map((u) => [u.code, u]));
const SUBDIVISION_LIST: readonly Subdivision[] = frenchRegionsVocabulary.subdivisions;
const SUBDIVISIONS: ReadonlyMap<string, Subdivision> = new Map(
  SUBDIVISION_LIST.flatMap((s) => [s.code, ...(s.formerCodes ?? [])].map((code) => [code, s] as const)),
);
const SUBDIVISION_BY_NUTS = new Map(SUBDIVISION_LIST.flatMap((s) => (s.nuts ? [[s.nuts, s] as const] : [])));

/**
 * What a place code is, case-insensitively: EU country-table codes (FRA, 1A0), ISO 3166-2:FR codes
 * (FR-IDF, FR-75), anything else a NUTS code (FR, FR10, FRK, FR101). Two letters are NUTS level 0, so EL is Greece
 * and ISO alpha-2 codes outside the NUTS list (US, GR) are refused: use the three-letter code. Undefined when unknown.
 */
export function classifyPlace(code: string): Place | undefined {
  const upper = code.trim().toUpperCase();
  const country = COUNTRIES.get(upper);
  if (country) return countryPlace(country);
  const subdivision = SUBDIVISIONS.get(upper);
  if (subdivision) return subdivisionPlace(subdivision);
  return nutsPlace(upper);
}

/** The IRI to export for a place code, or undefined when classifyPlace refuses it. */
export function placeIri(code: string): string | undefined {
  return classifyPlace(code)?.iri;
}

/**
 * The place an IRI names: EU country table, NUTS, or a project place IRI (http and https alike). A NUTS IRI reads back
 * as the NUTS unit even when it was exported for the French subdivision of the same territory (FR-IDF goes out as FR1).
 */
export function placeFromIri(iri: string): Place | undefined {
  const value = iri.trim().replace(/\/$/, '');
  const country = COUNTRIES.get(codeAfter(value, COUNTRY_IRI_BASE) ?? '');
  if (country) return countryPlace(country);
  const nuts = codeAfter(value, NUTS_IRI_BASE);
  if (nuts !== undefined) return nutsPlace(nuts);
  const subdivision = codeAfter(value, PROJECT_PLACE_BASE);
  const known = subdivision ? SUBDIVISIONS.get(subdivision) : undefined;
  return known && known.code === subdivision ? subdivisionPlace(known) : undefined;
}

function codeAfter(iri: string, base: string): string | undefined {
  const prefix = ['http:', 'https:']
    .map((scheme) => base.replace(/^https?:/, scheme))
    .find((b) => iri.startsWith(b));
  const code = prefix ? iri.slice(prefix.length) : undefined;
  return code && !code.includes('/') ? code : undefined;
}

function countryPlace(country: Country): Place {
  return {
    kind: 'country',
    code: country.code,
    iri: `${COUNTRY_IRI_BASE}${country.code}`,
    label: { fr: country.fr, en: country.en },
  };
}

function subdivisionPlace(s: Subdivision): Place {
  return {
    kind: s.kind as PlaceKind,
    code: s.code,
    iri: s.nuts ? `${NUTS_IRI_BASE}${s.nuts}` : `${PROJECT_PLACE_BASE}${s.code}`,
    label: s.en ? { fr: s.fr, en: s.en } : { fr: s.fr },
    ...(s.nuts ? { nuts: s.nuts } : {}),
    ...(s.parent && s.parent !== 'FR' ? { parent: s.parent } : {}),
  };
}

function nutsPlace(code: string): Place | undefined {
  const unit = NUTS.get(code);
  if (!unit) return undefined;
  const country = unit.level === 0 ? COUNTRY_BY_NUTS.get(code) : undefined;
  const french = SUBDIVISION_BY_NUTS.get(code);
  const label = country
    ? { fr: country.fr, en: country.en }
    : french
      ? { fr: french.fr, ...(french.en ? { en: french.en } : {}) }
      : code.startsWith('FR')
        ? { fr: unit.name }
        : {};
  return {
    kind: 'nuts',
    code,
    iri: `${NUTS_IRI_BASE}${code}`,
    label,
    name: unit.name,
    nutsLevel: unit.level,
    ...(unit.level > 0 ? { parent: code.slice(0, -1) } : {}),
  };
}
