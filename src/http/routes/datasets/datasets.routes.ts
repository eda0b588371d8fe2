// Route contracts of the catalogue: datasets, their revisions, search, import and the DCAT-AP export.
import { createRoute, z } from '@hono/zod-openapi';
import { DATASET_STATUSES } from '../../../domain/dataset-lifecycle';
import { CATALOG_MAX_PAGE_SIZE, CATALOG_PAGE_SIZE } from '../../../services/catalog-export';
import { EXACT_COUNT_LIMIT, FACETS, RANKED_CANDIDATES, SEARCH_SORTS } from '../../../services/catalog-search';
import { DescriptorSchema } from '../../descriptor-openapi';
import {
  bearer,
  EXAMPLE_IDS,
  errorResponses,
  etagHeader,
  IdempotencyHeader,
  IdParam,
  IfMatchHeader,
  jsonBody,
  LimitQuery,
  optionalBearer,
} from '../../openapi-schemas';

const LocalizedSchema = z.object({ fr: z.string().optional(), en: z.string().optional() });

/** A new HealthDCAT-AP descriptor as a provider would write it; valid against /v1/schemas/dataset-descriptor. */
const descriptorExample = {
  title: {
    fr: 'Entrepôt de données de santé de l’Hôpital Foch — patients hospitalisés pour insuffisance cardiaque',
    en: 'Hôpital Foch health data warehouse — patients hospitalised for heart failure',
  },
  description: {
    fr: 'Extrait pseudonymisé de l’entrepôt de données de santé (EDS) de l’Hôpital Foch portant sur les patients adultes hospitalisés avec un diagnostic principal codé I50 (insuffisance cardiaque) en CIM-10 : diagnostics PMSI, biologie (NT-proBNP, créatininémie, kaliémie), comptes rendus d’échocardiographie structurés et prescriptions, au modèle commun OMOP. Mis à jour chaque trimestre.',
    en: 'Pseudonymised extract of the Hôpital Foch health data warehouse covering adult inpatients with a principal diagnosis coded I50 (heart failure) in ICD-10: PMSI diagnoses, laboratory results (NT-proBNP, creatinine, potassium), structured echocardiography reports and prescriptions, in the OMOP common data model. Refreshed every quarter.',
  },
  keywords: {
    fr: ['insuffisance cardiaque', 'cardiologie', 'NT-proBNP', 'entrepôt de données de santé', 'OMOP'],
    en: ['heart failure', 'cardiology', 'NT-proBNP', 'health data warehouse', 'OMOP'],
  },
  themes: ['HEAL'],
  publisher: {
    name: 'Hôpital Foch',
    homepage: 'https://www.hopital-foch.com',
    email: 'entrepot-donnees@hopital-foch.example',
    type: 'Hospital',
  },
  contactPoint: {
    name: 'Cellule EDS — Direction de la recherche clinique',
    email: 'eds@hopital-foch.example',
  },
  spatial: ['FRA'],
  temporal: { start: '2016-01-01', end: '2024-12-31' },
  populationCoverage: {
    fr: 'Adultes hospitalisés à l’Hôpital Foch (Suresnes) pour une insuffisance cardiaque depuis 2016.',
    en: 'Adults hospitalised at Hôpital Foch (Suresnes) for heart failure since 2016.',
  },
  minTypicalAge: 18,
  maxTypicalAge: 100,
  numberOfRecords: 1_180_000,
  numberOfUniqueIndividuals: 7_640,
  healthCategories: ['EHRS'],
  codingSystems: ['CIM-10', 'OMOP', 'LOINC', 'ATC', 'CCAM'],
  personalData: ['Age', 'Gender', 'HealthRecord', 'Prescription'],
  legalBasis: ['PublicInterest'],
  purpose: ['ScientificResearch'],
  hdsHosting: { certified: true, host: 'Infrastructure interne certifiée HDS' },
  accessRights: 'NON_PUBLIC',
  dataUseConditions: {
    permission: { code: 'DS', disease: 'I50' },
    modifiers: [{ code: 'IRB' }, { code: 'PUB' }],
  },
  languages: ['fr'],
};

export const DatasetSchema = z
  .object({
    id: z.uuid(),
    uri: z.string().openapi({ description: 'stable HTTP URI used in exports' }),
    status: z.enum(DATASET_STATUSES),
    version: z.number().int(),
    providerId: z.uuid(),
    deskId: z.uuid().nullable(),
    descriptor: DescriptorSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
  })
  .openapi('Dataset');

const DatasetSummarySchema = z
  .object({
    id: z.uuid(),
    uri: z.string(),
    status: z.enum(DATASET_STATUSES),
    providerId: z.uuid(),
    deskId: z.uuid().nullable(),
    title: LocalizedSchema,
    description: LocalizedSchema,
    keywords: z.object({ fr: z.array(z.string()).optional(), en: z.array(z.string()).optional() }).nullable(),
    themes: z.array(z.string()),
    healthCategories: z.array(z.string()),
    codingSystems: z.array(z.string()),
    duoPermission: z.string().nullable(),
    accessRights: z.string(),
    publishedAt: z.string().nullable(),
    score: z.number().nullable().openapi({ description: 'relevance, when searching by text' }),
  })
  .openapi('DatasetSummary');

const FacetCountsSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));

const SearchResultSchema = z
  .object({
    items: z.array(DatasetSummarySchema),
    total: z
      .number()
      .int()
      .openapi({
        description: `the number of matching datasets: exact up to ${EXACT_COUNT_LIMIT}, estimated past it (totalEstimated)`,
      }),
    totalEstimated: z.boolean().openapi({
      description: `true when more than ${EXACT_COUNT_LIMIT} datasets match: total is then estimated from a fixed sample of the catalogue, and relevance ranks the ${RANKED_CANDIDATES} most recently published matches`,
    }),
    facets: z.object(
      Object.fromEntries(FACETS.map((f) => [f, FacetCountsSchema])) as Record<
        (typeof FACETS)[number],
        typeof FacetCountsSchema
      >,
    ),
    facetsEstimated: z.boolean().openapi({
      description: `true when more than ${EXACT_COUNT_LIMIT} datasets match: facet counts are then estimated from the same sample`,
    }),
    nextCursor: z.string().nullable(),
    previousCursor: z
      .string()
      .nullable()
      .openapi({ description: 'the page before this one under the same query; null on the first page' }),
  })
  .openapi('DatasetSearchResult');

const listFilter = (description: string) =>
  z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.:-]+)*$/, 'comma-separated codes or identifiers')
    .optional()
    .openapi({ description });

export const SearchQuerySchema = z
  .object({
    q: z.string().max(200).optional().openapi({
      description:
        'free text in French or English, accent- and case-insensitive: every word matches as a prefix, by its stem, or through the health thesaurus (synonyms and the other language); codes such as E11, ORPHA:558 or ICD10 match as codes',
    }),
    provider: listFilter('provider organisation ids'),
    desk: listFilter('desk ids'),
    theme: listFilter('EU data-theme codes, e.g. HEAL'),
    healthCategory: listFilter('health categories'),
    codingSystem: listFilter('coding systems, e.g. ICD-10,OMOP'),
    duoPermission: listFilter('DUO permission codes, e.g. GRU,HMB,DS'),
    accessRights: listFilter('PUBLIC, RESTRICTED or NON_PUBLIC'),
    status: listFilter('published (default), draft (own drafts only) or retired'),
    sort: z.enum(SEARCH_SORTS).optional().openapi({
      description:
        'relevance (the default when q is given; otherwise newest), newest (latest published first) or title (alphabetical, accent-insensitive, in lang)',
      example: 'title',
    }),
    lang: z.enum(['fr', 'en']).optional().openapi({
      description: 'the language of the titles sort=title orders by (fr by default; the other when missing)',
      example: 'en',
    }),
    limit: LimitQuery,
    cursor: z.string().max(200).optional(),
  })
  .strict();

const rdfContent = {
  'application/ld+json': { schema: z.record(z.string(), z.unknown()) },
  'text/turtle': { schema: z.string() },
};

export const searchDatasets = createRoute({
  operationId: 'searchDatasets',
  method: 'get',
  path: '/v1/datasets',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'Search the catalogue, with facet counts',
  request: { query: SearchQuerySchema },
  responses: {
    200: {
      description: 'A page of results',
      content: { 'application/json': { schema: SearchResultSchema } },
    },
    ...errorResponses(401),
  },
});

export const createDataset = createRoute({
  operationId: 'createDataset',
  method: 'post',
  path: '/v1/datasets',
  tags: ['Catalogue'],
  summary: 'Create a draft dataset (editors of the provider)',
  security: bearer,
  request: {
    headers: IdempotencyHeader,
    body: jsonBody(
      z
        .object({
          providerId: z.uuid(),
          deskId: z.uuid().nullable().optional(),
          descriptor: DescriptorSchema,
        })
        .strict()
        .openapi('NewDataset'),
      {
        heartFailureWarehouse: {
          summary: 'A hospital’s health-data-warehouse extract, offered through its desk',
          value: {
            providerId: EXAMPLE_IDS.foch,
            deskId: EXAMPLE_IDS.deskFoch,
            descriptor: descriptorExample,
          },
        },
      },
    ),
  },
  responses: {
    201: {
      description: 'Created',
      headers: etagHeader,
      content: { 'application/json': { schema: DatasetSchema } },
    },
    ...errorResponses(401, 403, 413, 415, 422, 429),
  },
});

export const getDataset = createRoute({
  operationId: 'getDataset',
  method: 'get',
  path: '/v1/datasets/{id}',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'Read a dataset (JSON, or DCAT-AP as JSON-LD or Turtle by Accept)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The dataset',
      headers: etagHeader,
      content: { 'application/json': { schema: DatasetSchema }, ...rdfContent },
    },
    ...errorResponses(401, 404, 406),
  },
});

export const updateDataset = createRoute({
  operationId: 'updateDataset',
  method: 'put',
  path: '/v1/datasets/{id}',
  tags: ['Catalogue'],
  summary: 'Replace a dataset’s descriptor (writes a new revision)',
  security: bearer,
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(
      z
        .object({ descriptor: DescriptorSchema, deskId: z.uuid().nullable().optional() })
        .strict()
        .openapi('DatasetUpdate'),
      {
        quarterlyRefresh: {
          summary: 'The quarterly refresh: more records, a longer period',
          value: {
            deskId: EXAMPLE_IDS.deskFoch,
            descriptor: {
              ...descriptorExample,
              temporal: { start: '2016-01-01', end: '2025-03-31' },
              numberOfRecords: 1_236_500,
              numberOfUniqueIndividuals: 7_912,
            },
          },
        },
      },
    ),
  },
  responses: {
    200: {
      description: 'Updated',
      headers: etagHeader,
      content: { 'application/json': { schema: DatasetSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 412, 413, 415, 428, 429),
  },
});

const lifecycleRoute = (action: 'publish' | 'retire', summary: string) =>
  createRoute({
    operationId: `${action}Dataset`,
    method: 'post',
    path: `/v1/datasets/{id}/${action}`,
    tags: ['Catalogue'],
    summary,
    security: bearer,
    request: { params: IdParam, headers: IfMatchHeader },
    responses: {
      200: {
        description: 'Done',
        headers: etagHeader,
        content: { 'application/json': { schema: DatasetSchema } },
      },
      ...errorResponses(401, 403, 404, 409, 412, 428, 429),
    },
  });

export const publishDataset = lifecycleRoute('publish', 'Publish a draft');
export const retireDataset = lifecycleRoute('retire', 'Retire a published dataset');

const RevisionSchema = z
  .object({
    number: z.number().int(),
    status: z.enum(DATASET_STATUSES),
    change: z.string(),
    authorId: z.uuid().nullable().openapi({ description: 'for the provider’s editors only; null otherwise' }),
    createdAt: z.string(),
    deskId: z.uuid().nullable(),
    descriptor: DescriptorSchema,
  })
  .openapi('DatasetRevision');

export const listRevisions = createRoute({
  operationId: 'listDatasetRevisions',
  method: 'get',
  path: '/v1/datasets/{id}/revisions',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'Revisions of a dataset, oldest first (drafts and authors for the provider’s editors only)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Revisions',
      content: { 'application/json': { schema: z.object({ items: z.array(RevisionSchema) }) } },
    },
    ...errorResponses(401, 404),
  },
});

const RevisionNumber = z.coerce.number().int().min(1).max(1_000_000);

export const getRevision = createRoute({
  operationId: 'getDatasetRevision',
  method: 'get',
  path: '/v1/datasets/{id}/revisions/{n}',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'One revision',
  request: { params: IdParam.extend({ n: RevisionNumber.openapi({ param: { name: 'n', in: 'path' } }) }) },
  responses: {
    200: { description: 'The revision', content: { 'application/json': { schema: RevisionSchema } } },
    ...errorResponses(401, 404),
  },
});

export const diffRevisions = createRoute({
  operationId: 'diffDatasetRevisions',
  method: 'get',
  path: '/v1/datasets/{id}/diff',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'JSON Patch (RFC 6902) turning one revision’s descriptor into another’s',
  request: { params: IdParam, query: z.object({ from: RevisionNumber, to: RevisionNumber }).strict() },
  responses: {
    200: {
      description: 'The patch',
      content: {
        'application/json': {
          schema: z.object({
            from: z.number().int(),
            to: z.number().int(),
            patch: z.array(
              z.object({
                op: z.string(),
                path: z.string(),
                value: z.unknown().optional(),
                from: z.string().optional(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

const REGISTRY = 'https://eds.hopital-foch.example/catalogue/registre-cancer-sein';
const EU = 'http://publications.europa.eu/resource/authority';

const registryTurtle = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<${REGISTRY}> a dcat:Dataset ;
  dct:title "Registre hospitalier du cancer du sein de l’Hôpital Foch"@fr ,
    "Hôpital Foch hospital-based breast cancer registry"@en ;
  dct:description "Cancers du sein diagnostiqués ou traités à l’Hôpital Foch depuis 2010 : caractéristiques tumorales (CIM-O-3, stade TNM, statut HER2), traitements, récidives et statut vital."@fr ,
    "Breast cancers diagnosed or treated at Hôpital Foch since 2010: tumour characteristics (ICD-O-3, TNM stage, HER2 status), treatments, recurrences and vital status."@en ;
  dcat:keyword "cancer du sein"@fr , "oncologie"@fr , "breast cancer"@en , "oncology"@en ;
  dcat:theme <${EU}/data-theme/HEAL> ;
  dct:publisher [ a foaf:Organization ; foaf:name "Hôpital Foch" ; foaf:homepage <https://www.hopital-foch.com> ] ;
  dcat:contactPoint [ a vcard:Kind ; vcard:fn "Institut du sein — Hôpital Foch" ;
    vcard:hasEmail <mailto:registre-sein@hopital-foch.example> ] ;
  dct:spatial <${EU}/country/FRA> ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2010-01-01"^^xsd:date ] ;
  healthdcatap:numberOfRecords "9800"^^xsd:nonNegativeInteger ;
  healthdcatap:numberOfUniqueIndividuals "9350"^^xsd:nonNegativeInteger ;
  dpv:hasLegalBasis dpv:PublicInterest ;
  dct:accessRights <${EU}/access-right/RESTRICTED> .
`;

const registryJsonLd = {
  '@context': {
    dcat: 'http://www.w3.org/ns/dcat#',
    dct: 'http://purl.org/dc/terms/',
    foaf: 'http://xmlns.com/foaf/0.1/',
    healthdcatap: 'http://healthdataportal.eu/ns/health#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
  },
  '@id': REGISTRY,
  '@type': 'dcat:Dataset',
  'dct:title': [
    { '@value': 'Registre hospitalier du cancer du sein de l’Hôpital Foch', '@language': 'fr' },
    { '@value': 'Hôpital Foch hospital-based breast cancer registry', '@language': 'en' },
  ],
  'dct:description': [
    {
      '@value':
        'Cancers du sein diagnostiqués ou traités à l’Hôpital Foch depuis 2010 : caractéristiques tumorales (CIM-O-3, stade TNM, statut HER2), traitements, récidives et statut vital.',
      '@language': 'fr',
    },
  ],
  'dcat:theme': { '@id': `${EU}/data-theme/HEAL` },
  'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': 'Hôpital Foch' },
  'healthdcatap:numberOfRecords': { '@value': '9800', '@type': 'xsd:nonNegativeInteger' },
  'dct:accessRights': { '@id': `${EU}/access-right/RESTRICTED` },
};

export const importDatasets = createRoute({
  operationId: 'importDatasets',
  method: 'post',
  path: '/v1/datasets/import',
  tags: ['Catalogue'],
  summary: 'Import HealthDCAT-AP (Turtle or JSON-LD) as draft datasets',
  security: bearer,
  request: {
    query: z.object({ providerId: z.uuid(), deskId: z.uuid().optional() }).strict(),
    body: {
      content: {
        'text/turtle': {
          schema: z.string(),
          examples: {
            breastCancerRegistry: {
              summary: 'A hospital registry from the provider’s own HealthDCAT-AP catalogue',
              value: registryTurtle,
            },
          },
        },
        'application/ld+json': {
          schema: z.record(z.string(), z.unknown()),
          examples: {
            breastCancerRegistry: {
              summary: 'The same registry as JSON-LD, with its prefixes in an inline context',
              value: registryJsonLd,
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The draft datasets created',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z.object({ sourceUri: z.string(), dataset: DatasetSchema, warnings: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 413, 415, 429),
  },
});

export const exportCatalog = createRoute({
  operationId: 'exportCatalog',
  method: 'get',
  path: '/v1/catalog',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'The public catalogue as DCAT-AP 3.0 with HealthDCAT-AP properties (JSON-LD or Turtle), paged',
  description:
    'Pages of published datasets in a stable order, each a hydra:PartialCollectionView of the catalogue (hydra:first, previous, next, last; the catalogue carries hydra:totalItems), so that other catalogues can harvest the desk. Answers conditional GETs: If-None-Match with the page’s ETag or If-Modified-Since with its Last-Modified gives 304 while no public dataset has changed.',
  request: {
    query: z.object({
      page: z.coerce
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(1)
        .openapi({ description: 'the page, from 1' }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(CATALOG_MAX_PAGE_SIZE)
        .default(CATALOG_PAGE_SIZE)
        .openapi({ description: `datasets per page, at most ${CATALOG_MAX_PAGE_SIZE}` }),
    }),
    headers: z.object({
      'if-none-match': z.string().max(1000).optional(),
      'if-modified-since': z.string().max(100).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of the catalogue',
      headers: {
        ETag: {
          description: 'the page’s validator: it changes when any public dataset does',
          schema: { type: 'string' as const, example: 'W/"1764581400000-250-2-100-ttl"' },
        },
        'Last-Modified': {
          description: 'the latest change of a public dataset',
          schema: { type: 'string' as const },
        },
      },
      content: rdfContent,
    },
    304: { description: 'Not modified since the ETag or date the request names' },
    ...errorResponses(401, 404, 406),
  },
});
