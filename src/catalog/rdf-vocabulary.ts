// RDF namespaces of the DCAT-AP 3.0 / HealthDCAT-AP export and the code <-> IRI maps between descriptor codes and vocabularies.
// Pure data and functions: shared by dcat-export.ts and dcat-import.ts, safe on Node and Cloudflare Workers.
import accessRightsVocabulary from '../../catalog-schemas/vocabularies/access-rights.json';
import codingSystemsVocabulary from '../../catalog-schemas/vocabularies/coding-systems.json';
import dataThemesVocabulary from '../../catalog-schemas/vocabularies/data-themes.json';
import dpvVocabulary from '../../catalog-schemas/vocabularies/dpv.json';
import duoVocabulary from '../../catalog-schemas/vocabularies/duo.json';
import healthCategoriesVocabulary from '../../catalog-schemas/vocabularies/health-categories.json';
import { classifyPlace } from './places';

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  adms: 'http://www.w3.org/ns/adms#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  eli: 'http://data.europa.eu/eli/ontology#',
  prov: 'http://www.w3.org/ns/prov#',
  dqv: 'http://www.w3.org/ns/dqv#',
  oa: 'http://www.w3.org/ns/oa#',
  odrl: 'http://www.w3.org/ns/odrl/2/',
  obo: 'http://purl.obolibrary.org/obo/',
  /** HealthDCAT-AP (Release 5/6) health extension namespace. */
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  /** W3C DPV core: legal bases (dpv:hasLegalBasis) and purposes (dpv:hasPurpose). */
  dpv: 'https://w3id.org/dpv#',
  /** DPV personal-data categories as used by HealthDCAT-AP examples (DPV 1 namespace). */
  dpvPd: 'https://w3id.org/dpv/dpv-pd#',
  wd: 'http://www.wikidata.org/entity/',
  phx: 'https://w3id.org/phoenix-desk/ns#',
  /** Hydra Core: paging of the catalogue (PartialCollectionView, and ckanext-dcat's older PagedCollection). */
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

/** DPV 2 moved personal-data categories here; accepted on import only. */
export const DPV_PD_V2 = 'https://w3id.org/dpv/pd#';
/** schema.org start/end dates: DCAT-AP 2 used them on dct:PeriodOfTime; accepted on import only. */
export const SCHEMA_ORG = ['http://schema.org/', 'https://schema.org/'] as const;
export const TIME_NS = 'http://www.w3.org/2006/time#';

/** Prefixes for Turtle and the extra JSON-LD context (only namespaces we emit). */
export const PREFIXES: Record<string, string> = {
  dcat: NS.dcat,
  dct: NS.dct,
  dcatap: NS.dcatap,
  foaf: NS.foaf,
  vcard: NS.vcard,
  skos: NS.skos,
  xsd: NS.xsd,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  eli: NS.eli,
  prov: NS.prov,
  dqv: NS.dqv,
  oa: NS.oa,
  odrl: NS.odrl,
  obo: NS.obo,
  healthdcatap: NS.healthdcatap,
  dpv: NS.dpv,
  'dpv-pd': NS.dpvPd,
  wd: NS.wd,
  phx: NS.phx,
  hydra: NS.hydra,
};

// --- EU Publications Office authority tables (the IRIs DCAT-AP 3.0 recommends for these properties) ---
export const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';
export const DATA_THEME_BASE = `${EU_AUTHORITY}data-theme/`;
export const DATA_THEME_SCHEME = `${EU_AUTHORITY}data-theme`;
export const ACCESS_RIGHT_BASE = accessRightsVocabulary.iriPrefix;
export const COUNTRY_BASE = `${EU_AUTHORITY}country/`;
export const FILE_TYPE_BASE = `${EU_AUTHORITY}file-type/`;
export const LICENCE_BASE = `${EU_AUTHORITY}licence/`;
export const LANGUAGE_BASE = `${EU_AUTHORITY}language/`;
/** DCAT-AP 3.0 §Distribution.mediaType: IANA media types as http://www.iana.org/assignments/media-types/{type}. */
export const IANA_MEDIA_TYPE_BASE = 'http://www.iana.org/assignments/media-types/';
export const NUTS_BASE = 'http://data.europa.eu/nuts/code/';

/**
 * HealthDCAT-AP Release 6 §10.3.1 names this (provisional, IP-address) base for the health-categories vocabulary of
 * EHDS art. 51(1); kept in one constant so moving to the final Publications Office IRI is a one-line change.
 * Import does not depend on it: any IRI's last segment is taken as the code.
 */
export const HEALTH_CATEGORY_BASE = 'http://13.81.34.152:1101/resource/authority/healthcategories/';
/** Project IRIs for coding systems that have neither a Wikidata property nor an official IRI. */
export const PROJECT_CODING_SYSTEM_BASE = 'https://w3id.org/phoenix-desk/coding-system/';

/** Regulation (EU) 2025/327 (European Health Data Space): HealthDCAT-AP asks dcatap:applicableLegislation to cite it. */
export const EHDS_REGULATION = 'http://data.europa.eu/eli/reg/2025/327/oj';
/** French HDS certification scheme (Code de la santé publique art. L.1111-8), body of our dqv:QualityCertificate. */
export const HDS_CERTIFICATION = 'https://esante.gouv.fr/produits-services/hds';
/** INSPIRE responsible-party roles, for prov:qualifiedAttribution (DCAT-AP 3.0 §Dataset.qualifiedAttribution). */
export const ROLE_RESOURCE_PROVIDER =
  'http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/resourceProvider';
export const ROLE_DISTRIBUTOR =
  'http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/distributor';
/** ADMS publisher types, suggested by HealthDCAT-AP for healthdcatap:publisherType. */
export const ADMS_PUBLISHER_TYPE_BASE = 'http://purl.org/adms/publishertype/';
export const ADMS_PUBLISHER_TYPES = [
  'Academia-ScientificOrganisation',
  'Company',
  'IndustryConsortium',
  'LocalAuthority',
  'NationalAuthority',
  'NonGovernmentalOrganisation',
  'NonProfitOrganisation',
  'PrivateIndividual',
  'RegionalAuthority',
  'StandardisationBody',
  'SupraNationalAuthority',
] as const;

export interface Labelled {
  code: string;
  en: string;
  fr?: string;
}

export const DATA_THEMES: readonly Labelled[] = dataThemesVocabulary.themes;
export const HEALTH_CATEGORIES: readonly Labelled[] = healthCategoriesVocabulary.categories;
export const ACCESS_RIGHT_CODES: readonly string[] = accessRightsVocabulary.accessRights.map((a) => a.code);
/** The coding systems the 1.0.0 descriptor schema enumerates: the file's entries that no later version added. */
export const CODING_SYSTEM_CODES: readonly string[] = codingSystemsVocabulary.codingSystems.map(
  (c) => c.code,
);
export const LEGAL_BASIS_CODES: readonly string[] = dpvVocabulary.legalBasis.terms.map((t) => t.code);

/** The last path segment or fragment of an IRI: the code in authority tables, the local name in DPV. */
export function localName(iri: string): string {
  const trimmed = iri.replace(/[/#]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#'), trimmed.lastIndexOf(':'));
  return trimmed.slice(cut + 1);
}

/** The code after `base` when `iri` is in that table (http and https both accepted, as harvesters mix them). */
export function codeIn(iri: string, base: string): string | undefined {
  const variants = [base, base.replace(/^http:/, 'https:')];
  for (const b of variants) {
    if (iri.startsWith(b)) {
      const code = iri.slice(b.length).replace(/\/$/, '');
      return code.length > 0 && !code.includes('/') ? code : undefined;
    }
  }
  return undefined;
}

export function isAbsoluteIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(value);
}

// --- Languages: descriptors store ISO 639-1, the EU language table uses three-letter (mostly 639-2/T) codes ---
const LANGUAGES: Record<string, string> = {
  bg: 'BUL',
  ca: 'CAT',
  cs: 'CES',
  da: 'DAN',
  de: 'DEU',
  el: 'ELL',
  en: 'ENG',
  es: 'SPA',
  et: 'EST',
  eu: 'EUS',
  fi: 'FIN',
  fr: 'FRA',
  ga: 'GLE',
  hr: 'HRV',
  hu: 'HUN',
  is: 'ISL',
  it: 'ITA',
  lb: 'LTZ',
  lt: 'LIT',
  lv: 'LAV',
  mt: 'MLT',
  nl: 'NLD',
  no: 'NOR',
  pl: 'POL',
  pt: 'POR',
  ro: 'RON',
  sk: 'SLK',
  sl: 'SLV',
  sv: 'SWE',
  ar: 'ARA',
  zh: 'ZHO',
  ru: 'RUS',
  tr: 'TUR',
  uk: 'UKR',
  ja: 'JPN',
};
const LANGUAGE_BY_EU_CODE = new Map(Object.entries(LANGUAGES).map(([iso, eu]) => [eu, iso]));

export function languageIri(iso6391: string): string | undefined {
  const eu = LANGUAGES[iso6391.toLowerCase()];
  return eu ? `${LANGUAGE_BASE}${eu}` : undefined;
}

export function languageFromIri(iri: string): string | undefined {
  const code = codeIn(iri, LANGUAGE_BASE);
  return code ? LANGUAGE_BY_EU_CODE.get(code) : undefined;
}

/** dct:spatial: IRIs pass through; EU country, NUTS and French region codes get the IRI of their list. */
export function spatialIri(value: string): string | undefined {
  if (/^https?:\/\/\S+$/.test(value)) return value;
  return classifyPlace(value)?.iri;
}

// --- Coding systems (healthdcatap:hasCodingSystem): HealthDCAT-AP asks for Wikidata IRIs, which are external-identifier
// properties (P494 = ICD-10 ID, ...). Official IRIs are used where Wikidata has none; project IRIs otherwise. ---
const CODING_SYSTEM_IRIS: Record<string, string> = {
  'ICD-10': `${NS.wd}P494`,
  'ICD-9': `${NS.wd}P493`,
  'ICD-10-CM': `${NS.wd}P4229`,
  'ICD-10-PCS': `${NS.wd}P1690`,
  'ICD-O-3': `${NS.wd}P563`,
  'ICD-11': `${NS.wd}P7329`,
  'SNOMED-CT': `${NS.wd}P5806`,
  LOINC: `${NS.wd}P4338`,
  ATC: `${NS.wd}P267`,
  MedDRA: `${NS.wd}P3201`,
  HPO: `${NS.wd}P3841`,
  ORPHA: `${NS.wd}P1550`,
  MeSH: `${NS.wd}P486`,
  NCIt: `${NS.wd}P1748`,
  // Official identifiers (the FHIR terminology system URIs published by the owners).
  UCUM: 'http://unitsofmeasure.org',
  DICOM: 'http://dicom.nema.org/resources/ontology/DCM',
  'HL7-FHIR': 'http://hl7.org/fhir',
};

/** Other IRIs consumers use for the same systems (FHIR system URIs, https Wikidata), recognised on import. */
const CODING_SYSTEM_ALIASES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED-CT',
  'http://loinc.org': 'LOINC',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
  'http://hl7.org/fhir/sid/icd-9-cm': 'ICD-9',
  'http://id.who.int/icd/release/11/mms': 'ICD-11',
  'http://www.whocc.no/atc': 'ATC',
  'http://purl.obolibrary.org/obo/hp.owl': 'HPO',
  'http://www.orpha.net': 'ORPHA',
};

const CODING_SYSTEM_BY_IRI = new Map<string, string>([
  ...Object.entries(CODING_SYSTEM_IRIS).map(([code, iri]): [string, string] => [iri, code]),
  ...Object.entries(CODING_SYSTEM_ALIASES),
]);

export function codingSystemIri(code: string): string {
  return CODING_SYSTEM_IRIS[code] ?? `${PROJECT_CODING_SYSTEM_BASE}${encodeURIComponent(code)}`;
}

/** The descriptor code of a coding-system IRI, or undefined when the IRI is not one we know. */
export function codingSystemFromIri(iri: string): string | undefined {
  const normalised = iri
    .replace(/^https:\/\/www\.wikidata\.org\/(?:entity|wiki)\/(?:Property:)?/, NS.wd)
    .replace(/^http:\/\/www\.wikidata\.org\/wiki\/(?:Property:)?/, NS.wd)
    .replace(/\/$/, '');
  const known = CODING_SYSTEM_BY_IRI.get(normalised);
  if (known) return known;
  const project = codeIn(iri, PROJECT_CODING_SYSTEM_BASE);
  return project ? decodeURIComponent(project) : undefined;
}

export function codingSystemName(code: string): string | undefined {
  return codingSystemsVocabulary.codingSystems.find((c) => c.code === code)?.name;
}

// --- GA4GH Data Use Ontology: codes <-> OBO IRIs, from catalog-schemas/vocabularies/duo.json ---
export const DUO_PERMISSION_IRIS: ReadonlyMap<string, string> = new Map(
  duoVocabulary.permissions.map((p) => [p.code, p.iri]),
);
export const DUO_MODIFIER_IRIS: ReadonlyMap<string, string> = new Map(
  duoVocabulary.modifiers.map((m) => [m.code, m.iri]),
);
const DUO_BY_IRI = new Map<string, { code: string; kind: 'permission' | 'modifier' }>([
  ...duoVocabulary.permissions.map((p): [string, { code: string; kind: 'permission' }] => [
    p.iri,
    { code: p.code, kind: 'permission' },
  ]),
  ...duoVocabulary.modifiers.map((m): [string, { code: string; kind: 'modifier' }] => [
    m.iri,
    { code: m.code, kind: 'modifier' },
  ]),
]);

export function duoTerm(iri: string): { code: string; kind: 'permission' | 'modifier' } | undefined {
  return DUO_BY_IRI.get(iri.replace(/^https:/, 'http:'));
}

export function duoLabel(code: string): string | undefined {
  return [...duoVocabulary.permissions, ...duoVocabulary.modifiers].find((t) => t.code === code)?.label;
}
