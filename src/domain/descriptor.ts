// The dataset descriptor: what a data provider says about one health dataset (HealthDCAT-AP aligned).
// The JSON Schema in catalog-schemas/dataset-descriptor/1.0.0.schema.json is the contract; these types mirror it.

/** Text in French and/or English; at least one language is present. */
export interface LocalizedText {
  fr?: string;
  en?: string;
}

export interface LocalizedKeywords {
  fr?: string[];
  en?: string[];
}

export interface Agent {
  name: string;
  homepage?: string;
  email?: string;
  /** HealthDCAT-AP publisherType, free label such as "Hospital" or "Research institute". */
  type?: string;
}

export interface ContactPoint {
  name: string;
  email?: string;
  url?: string;
}

export interface Period {
  /** ISO date (YYYY-MM-DD). */
  start?: string;
  end?: string;
  comment?: string;
}

export interface Distribution {
  title?: LocalizedText;
  accessUrl: string;
  downloadUrl?: string;
  /** EU file-type authority code, e.g. CSV, JSON, PARQUET, DICOM. */
  format?: string;
  /** IANA media type, e.g. text/csv. */
  mediaType?: string;
  /** EU licence authority code, e.g. CC_BY_4_0. */
  license?: string;
  byteSize?: number;
}

export const DUO_PERMISSIONS = ['NRES', 'GRU', 'HMB', 'DS', 'POA'] as const;
export type DuoPermissionCode = (typeof DUO_PERMISSIONS)[number];

export const DUO_MODIFIERS = [
  'RS',
  'CC',
  'NMDS',
  'GSO',
  'NPOA',
  'NPUNCU',
  'NPU',
  'NCU',
  'PUB',
  'COL',
  'IRB',
  'GS',
  'MOR',
  'TS',
  'US',
  'PS',
  'IS',
  'RTN',
] as const;
export type DuoModifierCode = (typeof DUO_MODIFIERS)[number];

export interface DuoPermission {
  code: DuoPermissionCode;
  /** Required for DS: the disease, as an ICD-10 code (e.g. "E11") or an ontology IRI (MONDO, DOID). */
  disease?: string;
}

export interface DuoModifier {
  code: DuoModifierCode;
  /** Required for TS: number of months use is approved for. */
  months?: number;
  /** Required for GS: region, as an ISO 3166 code (e.g. "FR", "FR-IDF") or "EU". */
  region?: string;
  /** Required for MOR: date until which publication is not allowed. */
  until?: string;
}

export interface DataUseConditions {
  permission: DuoPermission;
  modifiers?: DuoModifier[];
}

export const ACCESS_RIGHTS = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;
export type AccessRights = (typeof ACCESS_RIGHTS)[number];

export interface DatasetDescriptor {
  title: LocalizedText;
  description: LocalizedText;
  keywords?: LocalizedKeywords;
  /** EU data-theme authority codes, e.g. HEAL, SOCI, TECH. */
  themes?: string[];
  publisher: Agent;
  contactPoint?: ContactPoint;
  /** EU country authority codes (FRA) or geonames/NUTS IRIs. */
  spatial?: string[];
  temporal?: Period;
  populationCoverage?: LocalizedText;
  minTypicalAge?: number;
  maxTypicalAge?: number;
  numberOfRecords?: number;
  numberOfUniqueIndividuals?: number;
  /** HealthDCAT-AP health categories (EHDS Regulation 2025/327 art. 51(1)), e.g. EHRS, MRMR, RQSH. */
  healthCategories?: string[];
  /** Health themes as IRIs (e.g. Wikidata items). */
  healthThemes?: string[];
  /** Coding systems such as ICD-10, CIM-10, SNOMED-CT, OMOP, LOINC, ATC, CCAM. */
  codingSystems?: string[];
  /** DPV personal-data categories (dpv-pd local names), e.g. Age, Gender, HealthRecord. */
  personalData?: string[];
  /** DPV legal bases (local names), e.g. Consent, PublicInterest, LegitimateInterest. */
  legalBasis?: string[];
  /** DPV purposes (local names), e.g. AcademicResearch, ResearchAndDevelopment. */
  purpose?: string[];
  hdsHosting?: { certified: boolean; host?: string };
  accessRights: AccessRights;
  retentionPeriod?: Period;
  distributions?: Distribution[];
  dataUseConditions?: DataUseConditions;
  landingPage?: string;
  /** ISO 639-1 languages of the data, e.g. fr, en. */
  languages?: string[];
  /** dct:issued / dct:modified as reported by the provider (RFC 3339). */
  issued?: string;
  modified?: string;
}
