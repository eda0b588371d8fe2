// A remote catalogue in ckanext-dcat's shape, served from node:http on 127.0.0.1 for harvest tests and the
// harvest bench: Turtle pages of 100 datasets linked by hydra:PagedCollection / hydra:nextPage literals (as
// ckanext-dcat's serializer writes them), page ETags and Last-Modified, and records that can be changed.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsonld from 'jsonld';
import { Parser } from 'n3';

export interface CkanRecord {
  id: string;
  title: string;
  notes: string;
  organization: string;
  /** Bumped by `change`, so the description differs. */
  revision: number;
  /** An invalid record has no title at all. */
  invalid?: boolean;
}

export interface CkanCatalogue {
  url: string;
  records: Map<string, CkanRecord>;
  /** Requests answered, and how many of them 304. */
  stats: { requests: number; notModified: number };
  /** When false the pages carry no validators, so every harvest reads them whole. */
  validators: boolean;
  /** `jsonld` serves the same pages as JSON-LD. */
  format: 'turtle' | 'jsonld';
  add(n?: number): CkanRecord[];
  change(id: string): void;
  remove(id: string): void;
  invalidate(id: string): void;
  close(): Promise<void>;
}

const ORGANIZATIONS = [
  ['sante-publique-france', 'Santé publique France'],
  ['inserm', 'Inserm'],
  ['ap-hp', 'Assistance Publique – Hôpitaux de Paris'],
  ['chu-bordeaux', 'CHU de Bordeaux'],
] as const;

const TOPICS = [
  'Cohorte de patients diabétiques de type 2',
  'Registre des cancers du sein',
  'Entrepôt de données hospitalières – urgences',
  'Enquête nationale sur la santé mentale des jeunes',
  'Surveillance des infections nosocomiales',
];

const esc = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

function recordTurtle(base: string, r: CkanRecord, index: number): string {
  const [orgSlug, orgName] = ORGANIZATIONS[index % ORGANIZATIONS.length]!;
  const ds = `<${base}/dataset/${r.id}>`;
  return `${ds} a dcat:Dataset ;
    dct:identifier "${r.id}" ;
    ${r.invalid ? '' : `dct:title "${esc(r.title)}" ;`}
    dct:description "${esc(r.notes)} (révision ${r.revision})" ;
    dcat:keyword "santé", "données de santé", "${esc(orgSlug)}" ;
    dct:issued "2021-03-01T09:30:00"^^xsd:dateTime ;
    dct:modified "2024-06-${String(1 + (r.revision % 28)).padStart(2, '0')}T12:00:00"^^xsd:dateTime ;
    dcat:landingPage <${base}/dataset/${r.id}> ;
    dct:language "fr" ;
    owl:versionInfo "1.${r.revision}" ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> ;
    dct:publisher <${base}/organization/${orgSlug}> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "${esc(orgName)}" ; vcard:hasEmail <mailto:contact@${orgSlug}.example> ] ;
    dcat:distribution <${base}/dataset/${r.id}/resource/${r.id}-csv> .
<${base}/organization/${orgSlug}> a foaf:Organization ; foaf:name "${esc(orgName)}" .
<${base}/dataset/${r.id}/resource/${r.id}-csv> a dcat:Distribution ;
    dct:title "Extraction CSV" ;
    dcat:accessURL <${base}/dataset/${r.id}/resource/${r.id}-csv> ;
    dct:format "CSV" ;
    dcat:mediaType "text/csv" ;
    dcat:byteSize "${1000 + index}"^^xsd:decimal .
`;
}

const PAGE_SIZE = 100;

export async function startCkanCatalogue(count: number): Promise<CkanCatalogue> {
  const records = new Map<string, CkanRecord>();
  let generation = 0;
  let next = 0;
  let lastChange = new Date('2026-11-01T00:00:00Z');
  const touch = () => {
    generation++;
    lastChange = new Date(Math.max(Date.now(), lastChange.getTime() + 1000));
  };
  const add = (n = 1) => {
    const added: CkanRecord[] = [];
    for (let i = 0; i < n; i++, next++) {
      const r: CkanRecord = {
        id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
        title: `${TOPICS[next % TOPICS.length]} n° ${next}`,
        notes: `Jeu de données ${next} décrit dans le catalogue CKAN régional, mis à jour chaque trimestre.`,
        organization: ORGANIZATIONS[next % ORGANIZATIONS.length]![0],
        revision: 0,
      };
      records.set(r.id, r);
      added.push(r);
    }
    touch();
    return added;
  };
  add(count);
  let server: Server;
  const catalogue: CkanCatalogue = {
    url: '',
    records,
    stats: { requests: 0, notModified: 0 },
    validators: true,
    format: 'turtle',
    add,
    change(id) {
      records.get(id)!.revision++;
      touch();
    },
    remove(id) {
      records.delete(id);
      touch();
    },
    invalidate(id) {
      records.get(id)!.invalid = true;
      touch();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => {
    catalogue.stats.requests++;
    const url = new URL(req.url ?? '/', catalogue.url);
    if (url.pathname === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      return;
    }
    if (url.pathname === '/moved') {
      res.writeHead(301, { location: '/catalog.ttl' }).end();
      return;
    }
    if (url.pathname !== '/catalog.ttl') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const all = [...records.values()];
    const last = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const etag = `"${createHash('sha256').update(`${generation}/${page}/${catalogue.format}`).digest('hex').slice(0, 16)}"`;
    const headers: Record<string, string> = {};
    if (catalogue.validators) {
      headers.etag = etag;
      headers['last-modified'] = lastChange.toUTCString();
      if (req.headers['if-none-match'] === etag) {
        catalogue.stats.notModified++;
        res.writeHead(304, headers).end();
        return;
      }
    }
    const pageUrl = (n: number) => `${catalogue.url}/catalog.ttl?page=${n}`;
    const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const turtle = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .

<${pageUrl(page)}> a hydra:PagedCollection ;
    hydra:firstPage "${pageUrl(1)}" ;
    hydra:itemsPerPage ${PAGE_SIZE} ;
    hydra:lastPage "${pageUrl(last)}" ;
    ${page < last ? `hydra:nextPage "${pageUrl(page + 1)}" ;` : ''}
    ${page > 1 ? `hydra:previousPage "${pageUrl(page - 1)}" ;` : ''}
    hydra:totalItems ${all.length} .

<${catalogue.url}/catalog.ttl> a dcat:Catalog ;
    dct:title "Catalogue régional de données de santé" ;
    dct:description "Catalogue CKAN exposé par ckanext-dcat." ;
    ${slice.map((r) => `dcat:dataset <${catalogue.url}/dataset/${r.id}>`).join(' ;\n    ')}${slice.length ? ' .' : ''}
${slice.length ? '' : '.'}
${slice.map((r) => recordTurtle(catalogue.url, r, Number(r.id.slice(-12)))).join('\n')}`;
    if (catalogue.format === 'turtle') {
      res.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8', ...headers }).end(turtle);
      return;
    }
    void jsonld.fromRDF(new Parser().parse(turtle) as never).then((doc) => {
      res.writeHead(200, { 'content-type': 'application/ld+json', ...headers }).end(JSON.stringify(doc));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  catalogue.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return catalogue;
}
