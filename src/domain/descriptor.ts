// The dataset descriptor: what a data provider says about one health dataset (HealthDCAT-AP aligned).
// The JSON Schema catalog-schemas/dataset-descriptor/1.1.0.schema.json is the contract: the types are generated
// from it at build (npm run build:validators) and re-exported here under the names the code uses.
import type {
  DuoModifier,
  DuoPermission,
  DatasetDescriptor as GeneratedDescriptor,
  LocalizedTitle,
} from '../generated/dataset-descriptor.types';

export type {
  Agent,
  Attribution,
  CodedConcept,
  ContactPoint,
  DataUseConditions,
  Distribution,
  Document,
  DuoModifier,
  DuoPermission,
  Identifier,
  Period,
  QualifiedRelation,
  QualityCertificate,
} from '../generated/dataset-descriptor.types';

/** A stored descriptor: the version marker is for input only, descriptors are stored as 1.1.0. */
export type DatasetDescriptor = Omit<GeneratedDescriptor, '$schema'>;

/** Text in French and/or English; at least one language is present (titles, descriptions and notes alike). */
export type LocalizedText = LocalizedTitle;

export type LocalizedKeywords = NonNullable<DatasetDescriptor['keywords']>;

export const DESCRIPTOR_SCHEMA_BASE = 'https://phoenix-desk.example/schemas/dataset-descriptor/';
export const DESCRIPTOR_VERSIONS = ['1.0.0', '1.1.0'] as const;
export type DescriptorVersion = (typeof DESCRIPTOR_VERSIONS)[number];
export const CURRENT_DESCRIPTOR_VERSION: DescriptorVersion = '1.1.0';

export const DUO_PERMISSIONS = [
  'NRES',
  'GRU',
  'HMB',
  'DS',
  'POA',
] as const satisfies readonly DuoPermission['code'][];
export type DuoPermissionCode = DuoPermission['code'];

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
] as const satisfies readonly DuoModifier['code'][];
export type DuoModifierCode = DuoModifier['code'];

export const ACCESS_RIGHTS = [
  'PUBLIC',
  'RESTRICTED',
  'NON_PUBLIC',
] as const satisfies readonly DatasetDescriptor['accessRights'][];
export type AccessRights = DatasetDescriptor['accessRights'];
