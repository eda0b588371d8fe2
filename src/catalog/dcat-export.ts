// DCAT-AP 3.0 / HealthDCAT-AP export of the catalogue: descriptors to RDF quads, Turtle and JSON-LD (runtime-neutral).
import jsonld from 'jsonld';
import { type BlankNode, DataFactory, type Literal, type NamedNode, type Quad, Writer } from 'n3';
import type {
  Agent,
  ContactPoint,
  DatasetDescriptor,
  DataUseConditions,
  Distribution,
  LocalizedText,
  Period,
} from '../domain/descriptor';
import { conceptIri, conceptSystem } from './concepts';
import { documentLoader, jsonLdContext } from './dcat-ap-context';
import { DESCRIPTOR_RDF_MAP, type FieldMapping } from './descriptor-rdf-map';
import {
  ACCESS_RIGHT_BASE,
  ADMS_PUBLISHER_TYPE_BASE,
  ADMS_PUBLISHER_TYPES,
  codingSystemIri,
  codingSystemName,
  DATA_THEME_BASE,
  DATA_THEME_SCHEME,
  DATA_THEMES,
  DUO_MODIFIER_IRIS,
  DUO_PERMISSION_IRIS,
  duoLabel,
  EHDS_REGULATION,
  FILE_TYPE_BASE,
  HDS_CERTIFICATION,
  HEALTH_CATEGORIES,
  HEALTH_CATEGORY_BASE,
  IANA_MEDIA_TYPE_BASE,
  isAbsoluteIri,
  LICENCE_BASE,
  languageIri,
  NS,
  PREFIXES,
  ROLE_DISTRIBUTOR,
  ROLE_RESOURCE_PROVIDER,
  spatialIri,
} from './rdf-vocabulary';

export type { Quad } from 'n3';

export interface CatalogEntry {
  id: string;
  /** Absolute IRI of the dataset (its page on the desk). */
  uri: string;
  descriptor: DatasetDescriptor;
  /** When the desk first listed the dataset (RFC 3339). */
  issued: string;
  /** When the desk last changed the listing (RFC 3339). */
  modified: string;
  providerName: string;
  deskName?: string;
}

export interface CatalogInfo {
  uri: string;
  title: { fr?: string; en?: string };
  description: { fr?: string; en?: string };
  publisher: { uri?: string; name: string; homepage?: string };
  homepage?: string;
}

const { namedNode, blankNode, literal, quad } = DataFactory;
type Subject = NamedNode | BlankNode;
type Obj = NamedNode | BlankNode | Literal;

const iri = (ns: keyof typeof NS, local: string): NamedNode => namedNode(`${NS[ns]}${local}`);
const RDF_TYPE = iri('rdf', 'type');
const xsd = (local: string): NamedNode => iri('xsd', local);

/** Collects quads once each: shared nodes (themes, languages, ...) are described by every dataset that uses them. */
class GraphBuilder {
  readonly quads: Quad[] = [];
  private readonly seen = new Set<string>();

  add(s: Subject, p: NamedNode, o: Obj): void {
    const key = `${s.termType}|${s.value}|${p.value}|${o.termType}|${o.value}|${o.termType === 'Literal' ? `${o.language}|${o.datatype.value}` : ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(s, p, o));
  }

  type(s: Subject, ...classes: NamedNode[]): void {
    for (const c of classes) this.add(s, RDF_TYPE, c);
  }

  /** One language-tagged literal per language present (DCAT-AP 3.0 §5: multilingual literals carry their language). */
  localized(s: Subject, p: NamedNode, text: LocalizedText | undefined): void {
    if (!text) return;
    if (text.fr) this.add(s, p, literal(text.fr, 'fr'));
    if (text.en) this.add(s, p, literal(text.en, 'en'));
  }

  /** An IRI-valued property, skipped when the value is not an absolute IRI (DCAT-AP ranges need resolvable IRIs). */
  link(s: Subject, p: NamedNode, value: string | undefined, ...classes: NamedNode[]): NamedNode | undefined {
    if (!value || !isAbsoluteIri(value)) return undefined;
    const o = namedNode(value);
    this.add(s, p, o);
    this.type(o, ...classes);
    return o;
  }

  count(s: Subject, p: NamedNode, n: number | undefined): void {
    if (n === undefined || !Number.isSafeInteger(n) || n < 0) return;
    // HealthDCAT-AP and DCAT-AP (dcat:byteSize) type counts as xsd:nonNegativeInteger.
    this.add(s, p, literal(String(n), xsd('nonNegativeInteger')));
  }
}

/** Typed literal for a date-ish string: xsd:date for YYYY-MM-DD, xsd:dateTime for RFC 3339, gYear/gYearMonth. */
export function temporalLiteral(value: string): Literal {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return literal(value, xsd('date'));
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(value))
    return literal(value.replace(/[t ]/, 'T'), xsd('dateTime'));
  if (/^\d{4}$/.test(value)) return literal(value, xsd('gYear'));
  if (/^\d{4}-\d{2}$/.test(value)) return literal(value, xsd('gYearMonth'));
  return literal(value);
}

/** A fragment IRI under a dataset IRI, for nodes worth naming (distributions, the catalogue record). */
function childIri(base: string, suffix: string): NamedNode {
  return namedNode(base.includes('#') ? `${base}-${suffix}` : `${base}#${suffix}`);
}

function mailto(email: string): string {
  return email.startsWith('mailto:') ? email : `mailto:${email}`;
}

function addAgent(
  b: GraphBuilder,
  agent: { name: string; homepage?: string | undefined; email?: string | undefined },
  node?: Subject,
): Subject {
  const a = node ?? blankNode();
  // DCAT-AP 3.0 foaf:AgentShape: foaf:name is mandatory.
  b.type(a, iri('foaf', 'Agent'), iri('foaf', 'Organization'));
  b.add(a, iri('foaf', 'name'), literal(agent.name));
  b.link(a, iri('foaf', 'homepage'), agent.homepage, iri('foaf', 'Document'));
  if (agent.email) b.link(a, iri('foaf', 'mbox'), mailto(agent.email));
  return a;
}

function addPeriod(b: GraphBuilder, s: Subject, p: NamedNode, period: Period | undefined): void {
  if (!period || (!period.start && !period.end && !period.comment)) return;
  const node = blankNode();
  b.add(s, p, node);
  b.type(node, iri('dct', 'PeriodOfTime'));
  // DCAT 3 §6.12: dcat:startDate / dcat:endDate carry xsd:date (or xsd:dateTime) literals.
  if (period.start) b.add(node, iri('dcat', 'startDate'), temporalLiteral(period.start));
  if (period.end) b.add(node, iri('dcat', 'endDate'), temporalLiteral(period.end));
  if (period.comment) b.add(node, iri('rdfs', 'comment'), literal(period.comment));
}

function addContactPoint(b: GraphBuilder, dataset: Subject, contact: ContactPoint | undefined): void {
  if (!contact) return;
  const node = blankNode();
  b.add(dataset, iri('dcat', 'contactPoint'), node);
  b.type(node, iri('vcard', 'Kind'));
  b.add(node, iri('vcard', 'fn'), literal(contact.name));
  if (contact.email) b.link(node, iri('vcard', 'hasEmail'), mailto(contact.email));
  b.link(node, iri('vcard', 'hasURL'), contact.url);
  if (contact.organisationName)
    b.add(node, iri('vcard', 'organisationName'), literal(contact.organisationName));
  if (contact.organisationUnit)
    b.add(node, iri('vcard', 'organisationUnit'), literal(contact.organisationUnit));
}

/** HealthDCAT-AP publisherType (on the dataset, as in the HealthDCAT-AP examples) and DCAT-AP Agent dct:type. */
function addPublisherType(
  b: GraphBuilder,
  dataset: Subject,
  publisher: Subject,
  type: string | undefined,
): void {
  if (!type) return;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const adms = ADMS_PUBLISHER_TYPES.find((t) => squash(t) === squash(type));
  const concept: Subject = adms ? namedNode(`${ADMS_PUBLISHER_TYPE_BASE}${adms}`) : blankNode();
  b.add(dataset, iri('healthdcatap', 'publisherType'), concept);
  b.add(publisher, iri('dct', 'type'), concept);
  // DCAT-AP 3.0 skos:ConceptShape: a concept needs a skos:prefLabel.
  b.type(concept, iri('skos', 'Concept'));
  b.add(concept, iri('skos', 'prefLabel'), literal(type));
}

function addDistribution(
  b: GraphBuilder,
  dataset: NamedNode,
  predicate: NamedNode,
  datasetUri: string,
  kind: string,
  d: Distribution,
  index: number,
): void {
  const node = childIri(datasetUri, `${kind}-${index + 1}`);
  b.add(dataset, predicate, node);
  b.type(node, iri('dcat', 'Distribution'));
  b.localized(node, iri('dct', 'title'), d.title);
  b.localized(node, iri('dct', 'description'), d.description);
  if (d.identifier) b.add(node, iri('dct', 'identifier'), literal(d.identifier));
  // DCAT-AP 3.0: dcat:accessURL is mandatory with range rdfs:Resource; without an absolute URL we point at the dataset
  // page on the desk, which is where access is requested.
  const access = d.accessUrl && isAbsoluteIri(d.accessUrl) ? d.accessUrl : datasetUri;
  b.link(node, iri('dcat', 'accessURL'), access, iri('rdfs', 'Resource'));
  b.link(node, iri('dcat', 'downloadURL'), d.downloadUrl, iri('rdfs', 'Resource'));
  if (d.format)
    b.link(node, iri('dct', 'format'), `${FILE_TYPE_BASE}${d.format}`, iri('dct', 'MediaTypeOrExtent'));
  if (d.mediaType)
    b.link(node, iri('dcat', 'mediaType'), `${IANA_MEDIA_TYPE_BASE}${d.mediaType}`, iri('dct', 'MediaType'));
  if (d.license)
    b.link(node, iri('dct', 'license'), `${LICENCE_BASE}${d.license}`, iri('dct', 'LicenseDocument'));
  b.count(node, iri('dcat', 'byteSize'), d.byteSize);
  if (d.issued) b.add(node, iri('dct', 'issued'), temporalLiteral(d.issued));
  if (d.modified) b.add(node, iri('dct', 'modified'), temporalLiteral(d.modified));
  if (d.rights) {
    const rights = blankNode();
    b.add(node, iri('dct', 'rights'), rights);
    b.type(rights, iri('dct', 'RightsStatement'));
    b.add(rights, iri('rdfs', 'label'), literal(d.rights));
  }
  for (const lang of d.languages ?? [])
    b.link(node, iri('dct', 'language'), languageIri(lang), iri('dct', 'LinguisticSystem'));
  for (const law of d.applicableLegislation ?? [])
    b.link(node, iri('dcatap', 'applicableLegislation'), law, iri('eli', 'LegalResource'));
  addPeriod(b, node, iri('healthdcatap', 'retentionPeriod'), d.retentionPeriod);
}

/**
 * GA4GH DUO data-use conditions as an ODRL offer on the dataset (the Dataspace Protocol places odrl:hasPolicy on
 * dcat:Dataset). One odrl:Permission to use the dataset carries one odrl:Constraint per DUO term, each
 * `odrl:purpose odrl:isA <DUO term>` as in the FAIR Cookbook recipe FCB035 ("Declaring data permitted uses"), so every
 * DUO IRI sits in one predictable place. A term's parameter (DS disease, TS months, GS region, MOR date) is the
 * constraint's rdf:value. dct:accessRights keeps the EU access-right IRI.
 */
function addDataUsePolicy(
  b: GraphBuilder,
  dataset: NamedNode,
  assigner: Subject,
  conditions: DataUseConditions | undefined,
): void {
  if (!conditions) return;
  const policy = blankNode();
  const permission = blankNode();
  b.add(dataset, iri('odrl', 'hasPolicy'), policy);
  // odrl:Policy is stated as well as the subclass so checks without the ODRL ontology (e.g. SHACL) recognise it.
  b.type(policy, iri('odrl', 'Offer'), iri('odrl', 'Policy'));
  b.add(policy, iri('odrl', 'assigner'), assigner); // ODRL 2.2 §2.3: an Offer names its assigner.
  b.add(policy, iri('odrl', 'permission'), permission);
  b.type(permission, iri('odrl', 'Permission'));
  b.add(permission, iri('odrl', 'target'), dataset);
  b.add(permission, iri('odrl', 'action'), iri('odrl', 'use'));
  const terms: Array<{ code: string; iri: string | undefined; value?: Obj }> = [
    {
      code: conditions.permission.code,
      iri: DUO_PERMISSION_IRIS.get(conditions.permission.code),
      ...(conditions.permission.disease ? { value: diseaseTerm(conditions.permission.disease) } : {}),
    },
    ...(conditions.modifiers ?? []).map((m) => {
      let value: Obj | undefined;
      if (m.months !== undefined) value = literal(String(m.months), xsd('nonNegativeInteger'));
      else if (m.region) value = literal(m.region);
      else if (m.until) value = temporalLiteral(m.until);
      return { code: m.code, iri: DUO_MODIFIER_IRIS.get(m.code), ...(value ? { value } : {}) };
    }),
  ];
  for (const term of terms) {
    if (!term.iri) continue;
    const constraint = blankNode();
    b.add(permission, iri('odrl', 'constraint'), constraint);
    b.type(constraint, iri('odrl', 'Constraint'));
    b.add(constraint, iri('odrl', 'leftOperand'), iri('odrl', 'purpose'));
    b.add(constraint, iri('odrl', 'operator'), iri('odrl', 'isA'));
    b.add(constraint, iri('odrl', 'rightOperand'), namedNode(term.iri));
    const label = duoLabel(term.code);
    if (label) b.add(constraint, iri('rdfs', 'label'), literal(`${term.code}: ${label}`, 'en'));
    if (term.value) b.add(constraint, iri('rdf', 'value'), term.value);
  }
}

/** A disease is either an ontology IRI (MONDO, DOID) or an ICD-10 code kept as a plain literal. */
function diseaseTerm(disease: string): Obj {
  return /^https?:\/\//.test(disease) ? namedNode(disease) : literal(disease);
}

function addHdsHosting(b: GraphBuilder, dataset: NamedNode, hds: DatasetDescriptor['hdsHosting']): void {
  // Only a held certification is a statement worth publishing; DQV 2016 §6.10 models certificates as annotations.
  if (!hds?.certified) return;
  const cert = blankNode();
  b.add(dataset, iri('dqv', 'hasQualityAnnotation'), cert);
  b.type(cert, iri('dqv', 'QualityCertificate'));
  b.add(cert, iri('oa', 'hasTarget'), dataset);
  b.add(cert, iri('oa', 'hasBody'), namedNode(HDS_CERTIFICATION));
  b.add(cert, iri('oa', 'motivatedBy'), iri('dqv', 'qualityAssessment'));
  b.add(
    cert,
    iri('rdfs', 'label'),
    literal('Hébergement certifié HDS (hébergeur de données de santé)', 'fr'),
  );
  if (hds.host) b.add(cert, iri('phx', 'hdsHost'), literal(hds.host));
}

function addAttribution(b: GraphBuilder, dataset: NamedNode, agent: Agent | undefined, role: string): void {
  if (!agent) return;
  const attribution = blankNode();
  b.add(dataset, iri('prov', 'qualifiedAttribution'), attribution);
  b.type(attribution, iri('prov', 'Attribution'));
  b.add(attribution, iri('prov', 'agent'), addAgent(b, agent));
  b.add(attribution, iri('dcat', 'hadRole'), namedNode(role));
}

/** Subjects we mint from configuration must be absolute: a relative IRI would silently change meaning per consumer. */
function absolute(value: string, what: string): NamedNode {
  if (!isAbsoluteIri(value))
    throw new TypeError(`${what} must be an absolute IRI, got ${JSON.stringify(value)}`);
  return namedNode(value);
}

function addDataset(b: GraphBuilder, entry: CatalogEntry): NamedNode {
  const d = entry.descriptor;
  const ds = absolute(entry.uri, 'CatalogEntry.uri');
  // dcat:Resource is stated because DCAT-AP 3.0 requires foaf:primaryTopic of a record to be a dcat:Resource.
  b.type(ds, iri('dcat', 'Dataset'), iri('dcat', 'Resource'));
  addMappedFields(b, ds, d);
  // The provider's identifier when it gave one; the desk's otherwise (the record always carries the desk's).
  if (d.identifier === undefined) b.add(ds, iri('dct', 'identifier'), literal(entry.id));
  for (const k of d.keywords?.fr ?? []) b.add(ds, iri('dcat', 'keyword'), literal(k, 'fr'));
  for (const k of d.keywords?.en ?? []) b.add(ds, iri('dcat', 'keyword'), literal(k, 'en'));
  for (const code of d.themes ?? []) {
    const theme = b.link(ds, iri('dcat', 'theme'), `${DATA_THEME_BASE}${code}`, iri('skos', 'Concept'));
    if (!theme) continue;
    const known = DATA_THEMES.find((t) => t.code === code);
    b.localized(theme, iri('skos', 'prefLabel'), known ?? { en: code });
    b.add(theme, iri('skos', 'inScheme'), namedNode(DATA_THEME_SCHEME));
  }
  const publisher = addPublisher(b, ds, d.publisher);
  addPublisherType(b, ds, publisher, d.publisher.type);
  addContactPoint(b, ds, d.contactPoint);
  for (const place of d.spatial ?? [])
    b.link(ds, iri('dct', 'spatial'), spatialIri(place), iri('dct', 'Location'));
  addPeriod(b, ds, iri('dct', 'temporal'), d.temporal);
  for (const code of d.healthCategories ?? []) {
    const category = b.link(
      ds,
      iri('healthdcatap', 'healthCategory'),
      `${HEALTH_CATEGORY_BASE}${code}`,
      iri('skos', 'Concept'),
    );
    if (!category) continue;
    const known = HEALTH_CATEGORIES.find((c) => c.code === code);
    b.localized(category, iri('skos', 'prefLabel'), known ?? { en: code });
    b.add(category, iri('skos', 'notation'), literal(code));
  }
  addCodeValues(b, ds, d.codeValues);
  for (const code of d.codingSystems ?? []) {
    const system = b.link(
      ds,
      iri('healthdcatap', 'hasCodingSystem'),
      codingSystemIri(code),
      iri('dct', 'Standard'),
    );
    if (system) b.add(system, iri('rdfs', 'label'), literal(codingSystemName(code) ?? code));
  }
  for (const pd of d.personalData ?? [])
    b.link(ds, iri('dpv', 'hasPersonalData'), `${NS.dpvPd}${encodeURIComponent(pd)}`);
  for (const lb of d.legalBasis ?? [])
    b.link(ds, iri('dpv', 'hasLegalBasis'), `${NS.dpv}${encodeURIComponent(lb)}`);
  for (const pu of d.purpose ?? [])
    b.link(ds, iri('dpv', 'hasPurpose'), `${NS.dpv}${encodeURIComponent(pu)}`);
  addHdsHosting(b, ds, d.hdsHosting);
  b.link(
    ds,
    iri('dct', 'accessRights'),
    `${ACCESS_RIGHT_BASE}${d.accessRights}`,
    iri('dct', 'RightsStatement'),
  );
  addPeriod(b, ds, iri('healthdcatap', 'retentionPeriod'), d.retentionPeriod);
  (d.distributions ?? []).forEach((dist, i) => {
    addDistribution(b, ds, iri('dcat', 'distribution'), `${entry.uri}`, 'distribution', dist, i);
  });
  (d.samples ?? []).forEach((dist, i) => {
    addDistribution(b, ds, iri('adms', 'sample'), `${entry.uri}`, 'sample', dist, i);
  });
  (d.analytics ?? []).forEach((dist, i) => {
    addDistribution(b, ds, iri('healthdcatap', 'analytics'), `${entry.uri}`, 'analytics', dist, i);
  });
  addDataUsePolicy(b, ds, publisher, d.dataUseConditions);
  b.link(ds, iri('dcat', 'landingPage'), d.landingPage, iri('foaf', 'Document'));
  for (const lang of d.languages ?? [])
    b.link(ds, iri('dct', 'language'), languageIri(lang), iri('dct', 'LinguisticSystem'));
  // The provider's own dates; the desk's listing dates are on the catalogue record (DCAT-AP 3.0 §CatalogRecord).
  if (d.issued) b.add(ds, iri('dct', 'issued'), temporalLiteral(d.issued));
  if (d.modified) b.add(ds, iri('dct', 'modified'), temporalLiteral(d.modified));
  // HealthDCAT-AP: health datasets cite the EHDS regulation as applicable legislation, beside the provider's.
  for (const law of new Set([...(d.applicableLegislation ?? []), EHDS_REGULATION]))
    b.link(ds, iri('dcatap', 'applicableLegislation'), law, iri('eli', 'LegalResource'));
  for (const attribution of d.qualifiedAttributions ?? [])
    addAttribution(b, ds, attribution.agent, attribution.role);
  addAttribution(
    b,
    ds,
    entry.providerName ? { name: entry.providerName } : undefined,
    ROLE_RESOURCE_PROVIDER,
  );
  addAttribution(b, ds, entry.deskName ? { name: entry.deskName } : undefined, ROLE_DISTRIBUTOR);
  return ds;
}

type Fields = Record<string, unknown>;

function textLiteral(value: string, anyUri: true | undefined): Literal {
  return anyUri && isAbsoluteIri(value) ? literal(value, xsd('anyURI')) : literal(value);
}

/** Writes every field the mapping table describes by kind (the fields with handlers are written above). */
function addMappedFields(b: GraphBuilder, ds: NamedNode, d: DatasetDescriptor): void {
  const fields = d as Fields;
  for (const m of DESCRIPTOR_RDF_MAP) {
    const value = fields[m.field];
    if (value !== undefined) addMapped(b, ds, m, value);
  }
}

function addMapped(b: GraphBuilder, ds: NamedNode, m: FieldMapping, value: unknown): void {
  switch (m.kind) {
    case 'text':
      b.add(ds, m.predicate, textLiteral(String(value), m.anyUri));
      return;
    case 'texts':
      for (const item of value as string[]) b.add(ds, m.predicate, literal(item));
      return;
    case 'localized':
      b.localized(ds, m.predicate, value as LocalizedText);
      return;
    case 'iri':
      b.link(ds, m.predicate, value as string, ...(m.class ? [m.class] : []));
      return;
    case 'iris':
      for (const item of value as string[]) b.link(ds, m.predicate, item, ...(m.class ? [m.class] : []));
      return;
    case 'count':
      b.count(ds, m.predicate, value as number);
      return;
    case 'decimal':
      b.add(ds, m.predicate, literal(String(value), xsd('decimal')));
      return;
    case 'boolean':
      b.add(ds, m.predicate, literal(String(value), xsd('boolean')));
      return;
    case 'duration':
      b.add(ds, m.predicate, literal(String(value), xsd('duration')));
      return;
    case 'code': {
      const concept = b.link(ds, m.predicate, `${m.base}${String(value)}`, m.class);
      // DCAT-AP 3.0 skos:ConceptShape: a concept needs a label; the code stands in for the table's own.
      if (concept && m.class.value === `${NS.skos}Concept`)
        b.add(concept, iri('skos', 'prefLabel'), literal(String(value)));
      return;
    }
    case 'labelledNode': {
      const node = blankNode();
      b.add(ds, m.predicate, node);
      b.type(node, m.class);
      b.localized(node, iri('rdfs', 'label'), value as LocalizedText);
      return;
    }
    case 'nodes':
      for (const item of value as Fields[]) {
        const identity = m.identity === undefined ? undefined : item[m.identity];
        const node =
          typeof identity === 'string' && isAbsoluteIri(identity) ? namedNode(identity) : blankNode();
        b.add(ds, m.predicate, node);
        b.type(node, m.class);
        for (const prop of m.properties) {
          const v = item[prop.field];
          if (typeof v !== 'string') continue;
          if (prop.kind === 'iri') b.link(node, prop.predicate, v, ...(prop.class ? [prop.class] : []));
          else b.add(node, prop.predicate, textLiteral(v, prop.anyUri));
        }
        // A certificate is an annotation motivated by quality assessment (DQV §6.10).
        if (m.class.value === `${NS.dqv}QualityCertificate`) {
          if (item.target === undefined) b.add(node, iri('oa', 'hasTarget'), ds);
          b.add(node, iri('oa', 'motivatedBy'), iri('dqv', 'qualityAssessment'));
        }
      }
      return;
    case 'datasetLinks':
      for (const item of value as string[]) {
        const relationship = blankNode();
        b.add(ds, iri('dcat', 'qualifiedRelation'), relationship);
        b.type(relationship, iri('dcat', 'Relationship'));
        b.link(relationship, iri('dct', 'relation'), item, iri('rdfs', 'Resource'));
        b.link(relationship, iri('dcat', 'hadRole'), m.predicate.value, iri('dcat', 'Role'));
      }
      return;
    case 'agent':
      b.add(ds, m.predicate, addAgent(b, value as Agent));
      return;
    case 'agents':
      for (const agent of value as Agent[]) b.add(ds, m.predicate, addAgent(b, agent));
      return;
    case 'handler':
      return;
  }
}

/** Coded concepts (healthdcatap:hasCodeValues) as skos:Concept nodes with their notation and coding system. */
function addCodeValues(b: GraphBuilder, ds: NamedNode, concepts: DatasetDescriptor['codeValues']): void {
  for (const concept of concepts ?? []) {
    const node = namedNode(conceptIri(concept.code));
    b.add(ds, iri('healthdcatap', 'hasCodeValues'), node);
    b.type(node, iri('skos', 'Concept'));
    // DCAT-AP 3.0 skos:ConceptShape: a concept needs a label; without one, its code stands in.
    b.localized(node, iri('skos', 'prefLabel'), concept.label ?? { en: concept.code });
    // A code of a known system carries its CURIE and system; an IRI of no known system stands on its own.
    const system = conceptSystem(concept.code);
    if (!system) continue;
    b.add(node, iri('skos', 'notation'), literal(concept.code));
    b.add(node, iri('skos', 'inScheme'), namedNode(codingSystemIri(system)));
  }
}

function addPublisher(b: GraphBuilder, dataset: NamedNode, publisher: Agent): Subject {
  const node = addAgent(b, publisher);
  b.add(dataset, iri('dct', 'publisher'), node);
  return node;
}

/** dcat:CatalogRecord: when the desk listed and last changed the entry (DCAT-AP 3.0: dct:modified is mandatory). */
function addRecord(b: GraphBuilder, entry: CatalogEntry, dataset: NamedNode): NamedNode {
  const record = childIri(entry.uri, 'record');
  b.type(record, iri('dcat', 'CatalogRecord'));
  b.add(record, iri('foaf', 'primaryTopic'), dataset);
  b.add(record, iri('dct', 'identifier'), literal(entry.id));
  b.add(record, iri('dct', 'issued'), temporalLiteral(entry.issued));
  b.add(record, iri('dct', 'modified'), temporalLiteral(entry.modified));
  return record;
}

function withFallback(text: LocalizedText, fallback: string): LocalizedText {
  return text.fr || text.en ? text : { en: fallback };
}

/** One dcat:Catalog listing every entry, each dataset fully described. */
export function buildCatalogQuads(info: CatalogInfo, entries: CatalogEntry[]): Quad[] {
  const b = new GraphBuilder();
  const catalog = absolute(info.uri, 'CatalogInfo.uri');
  b.type(catalog, iri('dcat', 'Catalog'));
  // DCAT-AP 3.0 dcat:CatalogShape: dct:title, dct:description and dct:publisher are mandatory.
  b.localized(catalog, iri('dct', 'title'), withFallback(info.title, info.publisher.name));
  b.localized(catalog, iri('dct', 'description'), withFallback(info.description, info.publisher.name));
  const publisherNode =
    info.publisher.uri && isAbsoluteIri(info.publisher.uri) ? namedNode(info.publisher.uri) : undefined;
  b.add(catalog, iri('dct', 'publisher'), addAgent(b, info.publisher, publisherNode));
  b.link(catalog, iri('foaf', 'homepage'), info.homepage, iri('foaf', 'Document'));
  const scheme = namedNode(DATA_THEME_SCHEME);
  b.add(catalog, iri('dcat', 'themeTaxonomy'), scheme);
  b.type(scheme, iri('skos', 'ConceptScheme'));
  b.add(scheme, iri('dct', 'title'), literal('Data theme', 'en'));
  const latest = entries
    .map((e) => e.modified)
    .sort()
    .at(-1);
  if (latest) b.add(catalog, iri('dct', 'modified'), temporalLiteral(latest));
  for (const entry of entries) {
    const ds = addDataset(b, entry);
    b.add(catalog, iri('dcat', 'dataset'), ds);
    b.add(catalog, iri('dcat', 'record'), addRecord(b, entry, ds));
  }
  return b.quads;
}

/** A single dataset document: the dataset, its nodes and its catalogue record (the catalogue itself is not repeated). */
export function buildDatasetQuads(_info: CatalogInfo, entry: CatalogEntry): Quad[] {
  const b = new GraphBuilder();
  const ds = addDataset(b, entry);
  addRecord(b, entry, ds);
  return b.quads;
}

/** Quads grouped by subject, in order of first appearance, so Turtle writes each node as one block. */
function groupBySubject(quads: Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}|${q.subject.value}`;
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  return [...groups.values()].flat();
}

function usedPrefixes(quads: Quad[]): Record<string, string> {
  const values = new Set<string>();
  for (const q of quads) {
    values.add(q.predicate.value);
    values.add(q.subject.value);
    values.add(q.object.termType === 'Literal' ? q.object.datatype.value : q.object.value);
  }
  const used = Object.entries(PREFIXES).filter(([, ns]) => [...values].some((v) => v.startsWith(ns)));
  return Object.fromEntries(used);
}

export function toTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: usedPrefixes(quads) });
    writer.addQuads(groupBySubject(quads));
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * JSON-LD compacted with the official DCAT-AP 3.0.0 context (referenced by IRI, served from the embedded copy) plus
 * prefixes for the namespaces it lacks. The context's terms are per class ("Dataset.title") but compaction picks one
 * term per IRI, so e.g. a distribution's dct:title also reads "Dataset.title": same IRI, same meaning.
 */
export async function toJsonLd(quads: Quad[]): Promise<Record<string, unknown>> {
  const expanded = await jsonld.fromRDF(quads as never);
  const compacted = await jsonld.compact(expanded, jsonLdContext(usedPrefixes(quads)) as never, {
    documentLoader: documentLoader as never,
  });
  // A plain JSON object (no prototypes or shared references from the processor).
  return JSON.parse(JSON.stringify(compacted)) as Record<string, unknown>;
}
