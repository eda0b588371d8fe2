// One table from descriptor fields to DCAT-AP 3.0 / HealthDCAT-AP properties, read by both the export and the import.
// Adding a field to the descriptor means adding it to the schema, a row here and the tests; the table-driven kinds
// need no other code. Fields with a bespoke shape (publisher, distributions, DUO policy...) name their handler.
import { DataFactory, type NamedNode } from 'n3';
import descriptorSchema from '../../catalog-schemas/dataset-descriptor/1.1.0.schema.json';
import type { DatasetDescriptor } from '../domain/descriptor';
import { EU_AUTHORITY, NS } from './rdf-vocabulary';

const { namedNode } = DataFactory;
const iri = (ns: keyof typeof NS, local: string): NamedNode => namedNode(`${NS[ns]}${local}`);

export type DescriptorField = keyof DatasetDescriptor;

/** A property of a small node (an identifier, a relationship, a certificate, a document): field → predicate. */
export interface NodeProperty {
  field: string;
  predicate: NamedNode;
  kind: 'text' | 'iri';
  /** Identifiers that are IRIs are typed xsd:anyURI, as HealthDCAT-AP records type them. */
  anyUri?: true;
  /** The class DCAT-AP 3.0 expects of an IRI value (its SHACL shapes check it). */
  class?: NamedNode;
}

export type FieldMapping = { field: DescriptorField; predicate: NamedNode } & (
  | {
      /** text: one plain literal; texts: one per item; localized: fr/en-tagged literals. */
      kind: 'text' | 'texts' | 'localized';
      maxLength: number;
      /** Identifiers that are IRIs are typed xsd:anyURI, as HealthDCAT-AP records type them. */
      anyUri?: true;
    }
  /** IRIs, typed with the class DCAT-AP 3.0 expects of the property's values (its SHACL shapes check it). */
  | { kind: 'iri' | 'iris'; class?: NamedNode }
  /**
   * Links to datasets of other catalogues. DCAT-AP 3.0 wants a described dcat:Dataset as the direct value, which
   * the desk cannot describe; so they are written as dcat:qualifiedRelation with the property as the role, and
   * read back from either form.
   */
  | { kind: 'datasetLinks' }
  | { kind: 'count'; max?: number }
  | { kind: 'decimal' | 'boolean' | 'duration' }
  /** A code of an EU authority table, exported as base + code and typed with the table's class. */
  | { kind: 'code'; base: string; class: NamedNode }
  /** A localized text carried by a node of `class` under rdfs:label (dct:provenance). */
  | { kind: 'labelledNode'; class: NamedNode; maxLength: number }
  /** Objects whose node is typed `class`; `identity` names the field that is the node's own IRI, if any. */
  | { kind: 'nodes'; class: NamedNode; properties: NodeProperty[]; identity?: string; fixed?: NodeProperty[] }
  /** Agents (foaf:Agent with name, homepage, mbox), one or many. */
  | { kind: 'agent' | 'agents' }
  /** A shape of its own, written and read by the named functions of dcat-export.ts and dcat-import.ts. */
  | { kind: 'handler' }
);

export const DESCRIPTOR_RDF_MAP: readonly FieldMapping[] = [
  { field: 'title', predicate: iri('dct', 'title'), kind: 'localized', maxLength: 300 },
  { field: 'alternative', predicate: iri('dct', 'alternative'), kind: 'texts', maxLength: 300 },
  { field: 'description', predicate: iri('dct', 'description'), kind: 'localized', maxLength: 10000 },
  {
    field: 'identifier',
    predicate: iri('dct', 'identifier'),
    kind: 'text',
    maxLength: 2048,
    anyUri: true,
  },
  {
    field: 'otherIdentifiers',
    predicate: iri('adms', 'identifier'),
    kind: 'nodes',
    class: iri('adms', 'Identifier'),
    properties: [
      { field: 'notation', predicate: iri('skos', 'notation'), kind: 'text', anyUri: true },
      { field: 'schemaAgency', predicate: iri('adms', 'schemaAgency'), kind: 'text' },
    ],
  },
  { field: 'version', predicate: iri('dcat', 'version'), kind: 'text', maxLength: 100 },
  { field: 'versionNotes', predicate: iri('adms', 'versionNotes'), kind: 'localized', maxLength: 2000 },
  { field: 'keywords', predicate: iri('dcat', 'keyword'), kind: 'handler' },
  { field: 'themes', predicate: iri('dcat', 'theme'), kind: 'handler' },
  { field: 'publisher', predicate: iri('dct', 'publisher'), kind: 'handler' },
  {
    field: 'publisherNote',
    predicate: iri('healthdcatap', 'publisherNote'),
    kind: 'localized',
    maxLength: 2000,
  },
  { field: 'trustedDataHolder', predicate: iri('healthdcatap', 'trustedDataHolder'), kind: 'boolean' },
  { field: 'hdab', predicate: iri('healthdcatap', 'hdab'), kind: 'agent' },
  { field: 'creators', predicate: iri('dct', 'creator'), kind: 'agents' },
  { field: 'qualifiedAttributions', predicate: iri('prov', 'qualifiedAttribution'), kind: 'handler' },
  { field: 'contactPoint', predicate: iri('dcat', 'contactPoint'), kind: 'handler' },
  { field: 'spatial', predicate: iri('dct', 'spatial'), kind: 'handler' },
  { field: 'temporal', predicate: iri('dct', 'temporal'), kind: 'handler' },
  { field: 'temporalResolution', predicate: iri('dcat', 'temporalResolution'), kind: 'duration' },
  {
    field: 'spatialResolutionInMeters',
    predicate: iri('dcat', 'spatialResolutionInMeters'),
    kind: 'decimal',
  },
  {
    field: 'accrualPeriodicity',
    predicate: iri('dct', 'accrualPeriodicity'),
    kind: 'code',
    base: `${EU_AUTHORITY}frequency/`,
    class: iri('dct', 'Frequency'),
  },
  {
    field: 'populationCoverage',
    predicate: iri('healthdcatap', 'populationCoverage'),
    kind: 'localized',
    maxLength: 2000,
  },
  { field: 'minTypicalAge', predicate: iri('healthdcatap', 'minTypicalAge'), kind: 'count', max: 150 },
  { field: 'maxTypicalAge', predicate: iri('healthdcatap', 'maxTypicalAge'), kind: 'count', max: 150 },
  { field: 'numberOfRecords', predicate: iri('healthdcatap', 'numberOfRecords'), kind: 'count' },
  {
    field: 'numberOfUniqueIndividuals',
    predicate: iri('healthdcatap', 'numberOfUniqueIndividuals'),
    kind: 'count',
  },
  { field: 'healthCategories', predicate: iri('healthdcatap', 'healthCategory'), kind: 'handler' },
  { field: 'healthThemes', predicate: iri('healthdcatap', 'healthTheme'), kind: 'iris' },
  { field: 'codeValues', predicate: iri('healthdcatap', 'hasCodeValues'), kind: 'handler' },
  { field: 'codingSystems', predicate: iri('healthdcatap', 'hasCodingSystem'), kind: 'handler' },
  { field: 'personalData', predicate: iri('dpv', 'hasPersonalData'), kind: 'handler' },
  { field: 'legalBasis', predicate: iri('dpv', 'hasLegalBasis'), kind: 'handler' },
  { field: 'purpose', predicate: iri('dpv', 'hasPurpose'), kind: 'handler' },
  { field: 'hdsHosting', predicate: iri('dqv', 'hasQualityAnnotation'), kind: 'handler' },
  {
    field: 'qualityCertificates',
    predicate: iri('dqv', 'hasQualityAnnotation'),
    kind: 'nodes',
    class: iri('dqv', 'QualityCertificate'),
    properties: [
      { field: 'body', predicate: iri('oa', 'hasBody'), kind: 'iri' },
      { field: 'target', predicate: iri('oa', 'hasTarget'), kind: 'iri' },
    ],
  },
  { field: 'accessRights', predicate: iri('dct', 'accessRights'), kind: 'handler' },
  { field: 'retentionPeriod', predicate: iri('healthdcatap', 'retentionPeriod'), kind: 'handler' },
  { field: 'distributions', predicate: iri('dcat', 'distribution'), kind: 'handler' },
  { field: 'samples', predicate: iri('adms', 'sample'), kind: 'handler' },
  { field: 'analytics', predicate: iri('healthdcatap', 'analytics'), kind: 'handler' },
  { field: 'dataUseConditions', predicate: iri('odrl', 'hasPolicy'), kind: 'handler' },
  { field: 'landingPage', predicate: iri('dcat', 'landingPage'), kind: 'handler' },
  {
    field: 'documentation',
    predicate: iri('foaf', 'page'),
    kind: 'nodes',
    class: iri('foaf', 'Document'),
    identity: 'url',
    properties: [{ field: 'label', predicate: iri('rdfs', 'label'), kind: 'text' }],
  },
  { field: 'conformsTo', predicate: iri('dct', 'conformsTo'), kind: 'iris', class: iri('dct', 'Standard') },
  {
    field: 'provenance',
    predicate: iri('dct', 'provenance'),
    kind: 'labelledNode',
    class: iri('dct', 'ProvenanceStatement'),
    maxLength: 2000,
  },
  {
    field: 'isReferencedBy',
    predicate: iri('dct', 'isReferencedBy'),
    kind: 'iris',
    class: iri('rdfs', 'Resource'),
  },
  { field: 'relations', predicate: iri('dct', 'relation'), kind: 'iris', class: iri('rdfs', 'Resource') },
  {
    field: 'qualifiedRelations',
    predicate: iri('dcat', 'qualifiedRelation'),
    kind: 'nodes',
    class: iri('dcat', 'Relationship'),
    properties: [
      { field: 'relation', predicate: iri('dct', 'relation'), kind: 'iri', class: iri('rdfs', 'Resource') },
      { field: 'role', predicate: iri('dcat', 'hadRole'), kind: 'iri', class: iri('dcat', 'Role') },
    ],
  },
  { field: 'hasVersion', predicate: iri('dcat', 'hasVersion'), kind: 'datasetLinks' },
  { field: 'isVersionOf', predicate: iri('dcat', 'isVersionOf'), kind: 'datasetLinks' },
  { field: 'source', predicate: iri('dct', 'source'), kind: 'datasetLinks' },
  { field: 'applicableLegislation', predicate: iri('dcatap', 'applicableLegislation'), kind: 'handler' },
  {
    field: 'datasetType',
    predicate: iri('dct', 'type'),
    kind: 'code',
    base: `${EU_AUTHORITY}dataset-type/`,
    class: iri('skos', 'Concept'),
  },
  { field: 'languages', predicate: iri('dct', 'language'), kind: 'handler' },
  { field: 'issued', predicate: iri('dct', 'issued'), kind: 'handler' },
  { field: 'modified', predicate: iri('dct', 'modified'), kind: 'handler' },
];

/** The row of a field (every descriptor field has exactly one; descriptor-rdf-map.test.ts checks it). */
export function mappingOf(field: DescriptorField): FieldMapping {
  const row = DESCRIPTOR_RDF_MAP.find((m) => m.field === field);
  if (!row) throw new Error(`no RDF mapping for descriptor field ${field}`);
  return row;
}

const PROPERTIES: Record<string, { title?: string }> = descriptorSchema.properties;

/** A field as providers read it in messages: its schema title in lower case ("maximum typical age"). */
export function fieldNoun(field: string): string {
  const title = PROPERTIES[field]?.title;
  return title ? title.charAt(0).toLowerCase() + title.slice(1) : field;
}
