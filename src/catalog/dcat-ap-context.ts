// The official DCAT-AP 3.0.0 JSON-LD context, embedded so JSON-LD processing never fetches it (Cloudflare Workers, offline tests).
// Copied verbatim from catalog-schemas/rdf/dcat-ap-3.0.0-context.jsonld (SEMICeu/DCAT-AP releases/3.0.0/context/dcat-ap.jsonld,
// CC BY 4.0, European Union); dcat-export.test.ts checks the two stay identical.

/** The IRI under which SEMIC publishes the context; documents we emit reference it and our loader serves it locally. */
export const DCAT_AP_CONTEXT_URL = 'https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld';

/** The context document itself (a JSON object with a single "@context" member). */
export const DCAT_AP_CONTEXT_DOCUMENT: { readonly '@context': Readonly<Record<string, unknown>> } = {
  '@context': {
    Activity: 'http://www.w3.org/ns/prov#Activity',
    Agent: 'http://xmlns.com/foaf/0.1/Agent',
    'Agent.name': {
      '@container': '@set',
      '@id': 'http://xmlns.com/foaf/0.1/name',
    },
    'Agent.type': {
      '@id': 'http://purl.org/dc/terms/type',
      '@type': '@id',
    },
    Attribution: 'http://www.w3.org/ns/prov#Attribution',
    Catalogue: 'http://www.w3.org/ns/dcat#Catalog',
    'Catalogue.applicableLegislation': {
      '@container': '@set',
      '@id': 'http://data.europa.eu/r5r/applicableLegislation',
      '@type': '@id',
    },
    'Catalogue.catalogue': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#catalog',
      '@type': '@id',
    },
    'Catalogue.creator': {
      '@id': 'http://purl.org/dc/terms/creator',
      '@type': '@id',
    },
    'Catalogue.dataset': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#dataset',
      '@type': '@id',
    },
    'Catalogue.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'Catalogue.geographicalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/spatial',
      '@type': '@id',
    },
    'Catalogue.hasPart': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/hasPart',
      '@type': '@id',
    },
    'Catalogue.homepage': {
      '@id': 'http://xmlns.com/foaf/0.1/homepage',
      '@type': '@id',
    },
    'Catalogue.language': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/language',
      '@type': '@id',
    },
    'Catalogue.licence': {
      '@id': 'http://purl.org/dc/terms/license',
      '@type': '@id',
    },
    'Catalogue.modificationDate': {
      '@id': 'http://purl.org/dc/terms/modified',
    },
    'Catalogue.publisher': {
      '@id': 'http://purl.org/dc/terms/publisher',
      '@type': '@id',
    },
    'Catalogue.record': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#record',
      '@type': '@id',
    },
    'Catalogue.releaseDate': {
      '@id': 'http://purl.org/dc/terms/issued',
    },
    'Catalogue.rights': {
      '@id': 'http://purl.org/dc/terms/rights',
      '@type': '@id',
    },
    'Catalogue.service': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#service',
      '@type': '@id',
    },
    'Catalogue.temporalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/temporal',
      '@type': '@id',
    },
    'Catalogue.themes': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#themeTaxonomy',
      '@type': '@id',
    },
    'Catalogue.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    CatalogueRecord: 'http://www.w3.org/ns/dcat#CatalogRecord',
    'CatalogueRecord.applicationProfile': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/conformsTo',
      '@type': '@id',
    },
    'CatalogueRecord.changeType': {
      '@id': 'http://www.w3.org/ns/adms#status',
      '@type': '@id',
    },
    'CatalogueRecord.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'CatalogueRecord.language': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/language',
      '@type': '@id',
    },
    'CatalogueRecord.listingDate': {
      '@id': 'http://purl.org/dc/terms/issued',
    },
    'CatalogueRecord.modificationDate': {
      '@id': 'http://purl.org/dc/terms/modified',
    },
    'CatalogueRecord.primaryTopic': {
      '@id': 'http://xmlns.com/foaf/0.1/primaryTopic',
      '@type': '@id',
    },
    'CatalogueRecord.sourceMetadata': {
      '@id': 'http://purl.org/dc/terms/source',
      '@type': '@id',
    },
    'CatalogueRecord.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    CataloguedResource: 'http://www.w3.org/ns/dcat#Resource',
    Checksum: 'http://spdx.org/rdf/terms#Checksum',
    'Checksum.algorithm': {
      '@id': 'http://spdx.org/rdf/terms#algorithm',
      '@type': '@id',
    },
    'Checksum.checksumValue': {
      '@id': 'http://spdx.org/rdf/terms#checksumValue',
      '@type': 'http://www.w3.org/2001/XMLSchema#hexBinary',
    },
    ChecksumAlgorithm: 'http://spdx.org/rdf/terms#ChecksumAlgorithm',
    Concept: 'http://www.w3.org/2004/02/skos/core#Concept',
    'Concept.preferredLabel': {
      '@container': '@set',
      '@id': 'http://www.w3.org/2004/02/skos/core#prefLabel',
    },
    ConceptScheme: 'http://www.w3.org/2004/02/skos/core#ConceptScheme',
    'ConceptScheme.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    DataService: 'http://www.w3.org/ns/dcat#DataService',
    'DataService.accessRights': {
      '@id': 'http://purl.org/dc/terms/accessRights',
      '@type': '@id',
    },
    'DataService.applicableLegislation': {
      '@container': '@set',
      '@id': 'http://data.europa.eu/r5r/applicableLegislation',
      '@type': '@id',
    },
    'DataService.conformsTo': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/conformsTo',
      '@type': '@id',
    },
    'DataService.contactPoint': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#contactPoint',
      '@type': '@id',
    },
    'DataService.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'DataService.documentation': {
      '@container': '@set',
      '@id': 'http://xmlns.com/foaf/0.1/page',
      '@type': '@id',
    },
    'DataService.endpointDescription': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#endpointDescription',
      '@type': '@id',
    },
    'DataService.endpointUrl': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#endpointURL',
      '@type': '@id',
    },
    'DataService.format': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/format',
      '@type': '@id',
    },
    'DataService.keyword': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#keyword',
    },
    'DataService.landingPage': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#landingPage',
      '@type': '@id',
    },
    'DataService.licence': {
      '@id': 'http://purl.org/dc/terms/license',
      '@type': '@id',
    },
    'DataService.publisher': {
      '@id': 'http://purl.org/dc/terms/publisher',
      '@type': '@id',
    },
    'DataService.servesDataset': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#servesDataset',
      '@type': '@id',
    },
    'DataService.theme': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#theme',
      '@type': '@id',
    },
    'DataService.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    Dataset: 'http://www.w3.org/ns/dcat#Dataset',
    'Dataset.accessRights': {
      '@id': 'http://purl.org/dc/terms/accessRights',
      '@type': '@id',
    },
    'Dataset.applicableLegislation': {
      '@container': '@set',
      '@id': 'http://data.europa.eu/r5r/applicableLegislation',
      '@type': '@id',
    },
    'Dataset.conformsTo': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/conformsTo',
      '@type': '@id',
    },
    'Dataset.contactPoint': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#contactPoint',
      '@type': '@id',
    },
    'Dataset.creator': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/creator',
      '@type': '@id',
    },
    'Dataset.datasetDistribution': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#distribution',
      '@type': '@id',
    },
    'Dataset.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'Dataset.documentation': {
      '@container': '@set',
      '@id': 'http://xmlns.com/foaf/0.1/page',
      '@type': '@id',
    },
    'Dataset.frequency': {
      '@id': 'http://purl.org/dc/terms/accrualPeriodicity',
      '@type': '@id',
    },
    'Dataset.geographicalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/spatial',
      '@type': '@id',
    },
    'Dataset.hasVersion': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#hasVersion',
      '@type': '@id',
    },
    'Dataset.identifier': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/identifier',
    },
    'Dataset.inSeries': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#inSeries',
      '@type': '@id',
    },
    'Dataset.isReferencedBy': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/isReferencedBy',
      '@type': '@id',
    },
    'Dataset.keyword': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#keyword',
    },
    'Dataset.landingPage': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#landingPage',
      '@type': '@id',
    },
    'Dataset.language': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/language',
      '@type': '@id',
    },
    'Dataset.modificationDate': {
      '@id': 'http://purl.org/dc/terms/modified',
    },
    'Dataset.otherIdentifier': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/adms#identifier',
      '@type': '@id',
    },
    'Dataset.provenance': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/provenance',
      '@type': '@id',
    },
    'Dataset.publisher': {
      '@id': 'http://purl.org/dc/terms/publisher',
      '@type': '@id',
    },
    'Dataset.qualifiedAttribution': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/prov#qualifiedAttribution',
      '@type': '@id',
    },
    'Dataset.qualifiedRelation': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#qualifiedRelation',
      '@type': '@id',
    },
    'Dataset.relatedResource': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/relation',
      '@type': '@id',
    },
    'Dataset.releaseDate': {
      '@id': 'http://purl.org/dc/terms/issued',
    },
    'Dataset.sample': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/adms#sample',
      '@type': '@id',
    },
    'Dataset.source': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/source',
      '@type': '@id',
    },
    'Dataset.spatialResolution': {
      '@id': 'http://www.w3.org/ns/dcat#spatialResolutionInMeters',
      '@type': 'http://www.w3.org/2001/XMLSchema#decimal',
    },
    'Dataset.temporalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/temporal',
      '@type': '@id',
    },
    'Dataset.temporalResolution': {
      '@id': 'http://www.w3.org/ns/dcat#temporalResolution',
      '@type': 'http://www.w3.org/2001/XMLSchema#duration',
    },
    'Dataset.theme': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#theme',
      '@type': '@id',
    },
    'Dataset.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    'Dataset.type': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/type',
      '@type': '@id',
    },
    'Dataset.version': {
      '@id': 'http://www.w3.org/ns/dcat#version',
    },
    'Dataset.versionNotes': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/adms#versionNotes',
    },
    'Dataset.wasGeneratedBy': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/prov#wasGeneratedBy',
      '@type': '@id',
    },
    DatasetSeries: 'http://www.w3.org/ns/dcat#DatasetSeries',
    'DatasetSeries.applicableLegislation': {
      '@container': '@set',
      '@id': 'http://data.europa.eu/r5r/applicableLegislation',
      '@type': '@id',
    },
    'DatasetSeries.contactPoint': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#contactPoint',
      '@type': '@id',
    },
    'DatasetSeries.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'DatasetSeries.frequency': {
      '@id': 'http://purl.org/dc/terms/accrualPeriodicity',
      '@type': '@id',
    },
    'DatasetSeries.geographicalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/spatial',
      '@type': '@id',
    },
    'DatasetSeries.modificationDate': {
      '@id': 'http://purl.org/dc/terms/modified',
    },
    'DatasetSeries.publisher': {
      '@id': 'http://purl.org/dc/terms/publisher',
      '@type': '@id',
    },
    'DatasetSeries.releaseDate': {
      '@id': 'http://purl.org/dc/terms/issued',
    },
    'DatasetSeries.temporalCoverage': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/temporal',
      '@type': '@id',
    },
    'DatasetSeries.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    Distribution: 'http://www.w3.org/ns/dcat#Distribution',
    'Distribution.accessService': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#accessService',
      '@type': '@id',
    },
    'Distribution.accessUrl': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#accessURL',
      '@type': '@id',
    },
    'Distribution.applicableLegislation': {
      '@container': '@set',
      '@id': 'http://data.europa.eu/r5r/applicableLegislation',
      '@type': '@id',
    },
    'Distribution.availability': {
      '@id': 'http://data.europa.eu/r5r/availability',
      '@type': '@id',
    },
    'Distribution.byteSize': {
      '@id': 'http://www.w3.org/ns/dcat#byteSize',
      '@type': 'http://www.w3.org/2001/XMLSchema#nonNegativeInteger',
    },
    'Distribution.checksum': {
      '@id': 'http://spdx.org/rdf/terms#checksum',
      '@type': '@id',
    },
    'Distribution.compressionFormat': {
      '@id': 'http://www.w3.org/ns/dcat#compressFormat',
      '@type': '@id',
    },
    'Distribution.description': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/description',
    },
    'Distribution.documentation': {
      '@container': '@set',
      '@id': 'http://xmlns.com/foaf/0.1/page',
      '@type': '@id',
    },
    'Distribution.downloadUrl': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#downloadURL',
      '@type': '@id',
    },
    'Distribution.format': {
      '@id': 'http://purl.org/dc/terms/format',
      '@type': '@id',
    },
    'Distribution.hasPolicy': {
      '@id': 'http://www.w3.org/ns/odrl/2/hasPolicy',
      '@type': '@id',
    },
    'Distribution.language': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/language',
      '@type': '@id',
    },
    'Distribution.licence': {
      '@id': 'http://purl.org/dc/terms/license',
      '@type': '@id',
    },
    'Distribution.linkedSchemas': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/conformsTo',
      '@type': '@id',
    },
    'Distribution.mediaType': {
      '@id': 'http://www.w3.org/ns/dcat#mediaType',
      '@type': '@id',
    },
    'Distribution.modificationDate': {
      '@id': 'http://purl.org/dc/terms/modified',
    },
    'Distribution.packagingFormat': {
      '@id': 'http://www.w3.org/ns/dcat#packageFormat',
      '@type': '@id',
    },
    'Distribution.releaseDate': {
      '@id': 'http://purl.org/dc/terms/issued',
    },
    'Distribution.rights': {
      '@id': 'http://purl.org/dc/terms/rights',
      '@type': '@id',
    },
    'Distribution.spatialResolution': {
      '@id': 'http://www.w3.org/ns/dcat#spatialResolutionInMeters',
      '@type': 'http://www.w3.org/2001/XMLSchema#decimal',
    },
    'Distribution.status': {
      '@id': 'http://www.w3.org/ns/adms#status',
      '@type': '@id',
    },
    'Distribution.temporalResolution': {
      '@id': 'http://www.w3.org/ns/dcat#temporalResolution',
      '@type': 'http://www.w3.org/2001/XMLSchema#duration',
    },
    'Distribution.title': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/title',
    },
    Document: 'http://xmlns.com/foaf/0.1/Document',
    Frequency: 'http://purl.org/dc/terms/Frequency',
    Geometry: 'http://www.w3.org/ns/locn#Geometry',
    Identifier: 'http://www.w3.org/ns/adms#Identifier',
    'Identifier.notation': {
      '@id': 'http://www.w3.org/2004/02/skos/core#notation',
    },
    Kind: 'http://www.w3.org/2006/vcard/ns#Kind',
    LegalResource: 'http://data.europa.eu/eli/ontology#LegalResource',
    LicenceDocument: 'http://purl.org/dc/terms/LicenseDocument',
    'LicenceDocument.type': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/type',
      '@type': '@id',
    },
    LinguisticSystem: 'http://purl.org/dc/terms/LinguisticSystem',
    Literal: 'http://www.w3.org/2000/01/rdf-schema#Literal',
    Location: 'http://purl.org/dc/terms/Location',
    'Location.bbox': {
      '@id': 'http://www.w3.org/ns/dcat#bbox',
    },
    'Location.centroid': {
      '@id': 'http://www.w3.org/ns/dcat#centroid',
    },
    'Location.geometry': {
      '@id': 'http://www.w3.org/ns/locn#geometry',
      '@type': '@id',
    },
    MediaType: 'http://purl.org/dc/terms/MediaType',
    MediaTypeOrExtent: 'http://purl.org/dc/terms/MediaTypeOrExtent',
    PeriodOfTime: 'http://purl.org/dc/terms/PeriodOfTime',
    'PeriodOfTime.beginning': {
      '@id': 'http://www.w3.org/2006/time#hasBeginning',
      '@type': '@id',
    },
    'PeriodOfTime.end': {
      '@id': 'http://www.w3.org/2006/time#hasEnd',
      '@type': '@id',
    },
    'PeriodOfTime.endDate': {
      '@id': 'http://www.w3.org/ns/dcat#endDate',
    },
    'PeriodOfTime.startDate': {
      '@id': 'http://www.w3.org/ns/dcat#startDate',
    },
    Policy: 'http://www.w3.org/ns/odrl/2/Policy',
    ProvenanceStatement: 'http://purl.org/dc/terms/ProvenanceStatement',
    Relationship: 'http://www.w3.org/ns/dcat#Relationship',
    'Relationship.hadRole': {
      '@container': '@set',
      '@id': 'http://www.w3.org/ns/dcat#hadRole',
      '@type': '@id',
    },
    'Relationship.relation': {
      '@container': '@set',
      '@id': 'http://purl.org/dc/terms/relation',
      '@type': '@id',
    },
    Resource: 'http://www.w3.org/2000/01/rdf-schema#Resource',
    RightsStatement: 'http://purl.org/dc/terms/RightsStatement',
    Role: 'http://www.w3.org/ns/dcat#Role',
    Standard: 'http://purl.org/dc/terms/Standard',
    TemporalLiteral: 'http://www.w3.org/2000/01/rdf-schema#Literal',
    TimeInstant: 'http://www.w3.org/2006/time#Instant',
    'Xsd:dateTime': 'http://www.w3.org/2001/XMLSchema#dateTime',
    'Xsd:decimal': 'http://www.w3.org/2001/XMLSchema#decimal',
    'Xsd:duration': 'http://www.w3.org/2001/XMLSchema#duration',
    'Xsd:hexBinary': 'http://www.w3.org/2001/XMLSchema#hexBinary',
    'Xsd:nonNegativeInteger': 'http://www.w3.org/2001/XMLSchema#nonNegativeInteger',
  },
};

/**
 * The context our JSON-LD documents carry. The official context defines terms such as "Xsd:dateTime", which a
 * JSON-LD 1.1 processor rejects ("invalid IRI mapping": a term shaped like a compact IRI must expand to its own
 * definition); declaring the prefix "Xsd" first makes those terms self-consistent, so the official context can be
 * used unchanged. The trailing object adds the namespaces DCAT-AP does not cover (HealthDCAT-AP, DPV, ODRL, ...).
 */
export function jsonLdContext(prefixes: Record<string, string>): unknown[] {
  return [{ Xsd: 'http://www.w3.org/2001/XMLSchema#' }, DCAT_AP_CONTEXT_URL, { ...prefixes }];
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/** Thrown by the loader for any IRI other than the embedded context: JSON-LD processing never touches the network. */
export class RemoteDocumentRefused extends Error {
  constructor(readonly url: string) {
    super(`remote JSON-LD document refused: ${url} (only the embedded DCAT-AP 3.0.0 context is available)`);
    this.name = 'RemoteDocumentRefused';
  }
}

const CONTEXT_URLS = new Set([DCAT_AP_CONTEXT_URL, DCAT_AP_CONTEXT_URL.replace(/^https:/, 'http:')]);

/** jsonld.js documentLoader serving only the embedded DCAT-AP context (a fresh copy, as jsonld may annotate it). */
export async function documentLoader(url: string): Promise<RemoteDocument> {
  if (!CONTEXT_URLS.has(url)) throw new RemoteDocumentRefused(url);
  return { contextUrl: null, documentUrl: url, document: structuredClone(DCAT_AP_CONTEXT_DOCUMENT) };
}
