// DCAT-AP 3.0 / HealthDCAT-AP import: every dcat:Dataset of a Turtle or JSON-LD document back to a descriptor.
// Tolerant: what does not fit the descriptor schema is dropped with a warning rather than making the descriptor invalid.
import { type Literal, type Quad, Store, type Term } from 'n3';
import type {
  AccessRights,
  Agent,
  Attribution,
  CodedConcept,
  ContactPoint,
  DatasetDescriptor,
  DataUseConditions,
  Distribution,
  DuoModifier,
  DuoModifierCode,
  DuoPermissionCode,
  LocalizedKeywords,
} from '../domain/descriptor';
import { canonicalConcept } from './concepts';
import { DESCRIPTOR_RDF_MAP, type FieldMapping, fieldNoun } from './descriptor-rdf-map';
import { classifyPlace, placeFromIri } from './places';
import { isLiteral, isNode, type Node, NodeReader, p, RDF_TYPE, short, validDate } from './rdf-node-reader';
import { parseRdf, type RdfContentType } from './rdf-parse';
import {
  ACCESS_RIGHT_BASE,
  ACCESS_RIGHT_CODES,
  CODING_SYSTEM_CODES,
  codeIn,
  codingSystemFromIri,
  DATA_THEME_BASE,
  DATA_THEMES,
  DPV_PD_V2,
  duoTerm,
  EHDS_REGULATION,
  FILE_TYPE_BASE,
  HDS_CERTIFICATION,
  HEALTH_CATEGORIES,
  IANA_MEDIA_TYPE_BASE,
  isAbsoluteIri,
  LEGAL_BASIS_CODES,
  LICENCE_BASE,
  languageFromIri,
  localName,
  NS,
  ROLE_DISTRIBUTOR,
  ROLE_RESOURCE_PROVIDER,
} from './rdf-vocabulary';

export { parseRdf, type RdfContentType, RdfParseError } from './rdf-parse';

export interface ImportedDataset {
  /** The dataset's IRI in the source document (`_:label` for a blank node). */
  sourceUri: string;
  descriptor: DatasetDescriptor;
  /** Everything dropped, defaulted or ignored, in words a provider understands. */
  warnings: string[];
}

export async function parseCatalogDocument(
  body: string,
  contentType: RdfContentType,
): Promise<ImportedDataset[]> {
  return datasetsFromQuads(await parseRdf(body, contentType));
}

/** Every subject typed dcat:Dataset, in document order. */
export function datasetsFromQuads(quads: Quad[]): ImportedDataset[] {
  const store = new Store(quads);
  const subjects = store.getSubjects(RDF_TYPE, p('dcat', 'Dataset'), null);
  const seen = new Set<string>();
  const out: ImportedDataset[] = [];
  for (const s of subjects) {
    if (s.termType !== 'NamedNode' && s.termType !== 'BlankNode') continue;
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(new DatasetReader(store, s).read());
  }
  return out;
}

// The vocabulary lists are the JSON files the schema's enums are checked against (descriptor-validation.test.ts),
// so a member of a list is a member of the generated union.
type Theme = NonNullable<DatasetDescriptor['themes']>[number];
type HealthCategory = NonNullable<DatasetDescriptor['healthCategories']>[number];
type CodingSystem = NonNullable<DatasetDescriptor['codingSystems']>[number];
type LegalBasis = NonNullable<DatasetDescriptor['legalBasis']>[number];

const HTTP_IRI = /^https?:\/\/\S+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Z0-9][A-Z0-9_]*$/;
const MEDIA_TYPE = /^[a-z]+\/[A-Za-z0-9][A-Za-z0-9.+_-]*$/;
const DPV_LOCAL_NAME = /^[A-Z][A-Za-z0-9]*$/;
const ICD10_CODE = /^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?$/;
const REGION = /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/;

/** GDPR art. 6(1) points as published by DPV's EU-GDPR extension, mapped to the DPV core legal bases we store. */
const GDPR_ART6: Record<string, string> = {
  'A6-1-a': 'Consent',
  'A6-1-b': 'Contract',
  'A6-1-c': 'LegalObligation',
  'A6-1-d': 'VitalInterest',
  'A6-1-e': 'PublicInterest',
  'A6-1-f': 'LegitimateInterest',
};

class DatasetReader extends NodeReader {
  private publisher(): Agent {
    const node = this.one(this.all(p('dct', 'publisher')), 'dct:publisher');
    const nameOf = (n: Term | undefined) =>
      n && this.label(n, p('foaf', 'name'), p('vcard', 'fn'), p('skos', 'prefLabel'), p('rdfs', 'label'));
    let name = nameOf(node);
    if (!name) {
      const fallback =
        nameOf(this.all(p('dct', 'creator'))[0]) ??
        this.contactName(this.nodes(p('dcat', 'contactPoint'))[0]);
      this.warn(
        fallback
          ? `the publisher has no name${node ? '' : ' (no dct:publisher)'}; the creator or contact point name was used`
          : 'no publisher name found (dct:publisher with foaf:name)',
      );
      name = fallback ?? (node?.termType === 'NamedNode' ? node.value : '');
    }
    const agent: Agent = { name: this.clip(name, 'publisher name', 300) };
    if (node && isNode(node)) {
      const homepage = this.iris(p('foaf', 'homepage'), node)[0];
      if (homepage && isAbsoluteIri(homepage)) agent.homepage = homepage;
      const email = this.email(this.all(p('foaf', 'mbox'), node)[0]);
      if (email) agent.email = email;
    }
    // HealthDCAT-AP examples put healthdcatap:publisherType on the dataset; DCAT-AP has dct:type on the agent.
    const onAgent = (predicate: Parameters<NodeReader['all']>[0]) =>
      node && isNode(node) ? this.all(predicate, node)[0] : undefined;
    const typeNode =
      this.all(p('healthdcatap', 'publisherType'))[0] ??
      onAgent(p('healthdcatap', 'publisherType')) ??
      onAgent(p('dct', 'type'));
    const type =
      typeNode &&
      (this.label(typeNode, p('skos', 'prefLabel'), p('rdfs', 'label')) ?? localName(typeNode.value));
    if (type) agent.type = this.clip(type, 'publisher type', 100);
    return agent;
  }

  private email(term: Term | undefined): string | undefined {
    if (!term) return undefined;
    const value = term.termType === 'BlankNode' ? this.label(term, p('vcard', 'value')) : term.value;
    const email = value?.replace(/^mailto:/i, '').trim();
    if (email && EMAIL.test(email)) return email;
    if (email) this.warn(`"${email}" is not an e-mail address; dropped`);
    return undefined;
  }

  private contactName(node: Node | undefined): string | undefined {
    if (!node) return undefined;
    const vcard = (local: string) => p('vcard', local);
    // vCard 4 RDF spells it organization-name; HealthDCAT-AP examples use organisationName.
    return this.label(
      node,
      vcard('fn'),
      vcard('organization-name'),
      vcard('organisationName'),
      p('foaf', 'name'),
    );
  }

  private contactPoint(): ContactPoint | undefined {
    const node = this.one(this.nodes(p('dcat', 'contactPoint')), 'dcat:contactPoint');
    if (!node) return undefined;
    const email = this.email(this.all(p('vcard', 'hasEmail'), node)[0]);
    const name = this.contactName(node) ?? email;
    if (!name) {
      this.warn('the contact point has neither a name nor an e-mail address; dropped');
      return undefined;
    }
    const contact: ContactPoint = { name: this.clip(name, 'contact point name', 300) };
    if (email) contact.email = email;
    const url = this.iris(p('vcard', 'hasURL'), node)[0];
    if (url && isAbsoluteIri(url)) contact.url = url;
    const organisation = this.label(node, p('vcard', 'organisationName'), p('vcard', 'organization-name'));
    if (organisation) contact.organisationName = this.clip(organisation, 'contact organisation', 300);
    const unit = this.label(node, p('vcard', 'organisationUnit'), p('vcard', 'organization-unit'));
    if (unit) contact.organisationUnit = this.clip(unit, 'contact organisation unit', 300);
    return contact;
  }

  private keywords(): LocalizedKeywords | undefined {
    const out: LocalizedKeywords = {};
    let dropped = false;
    for (const l of this.literals(p('dcat', 'keyword'))) {
      const lang = l.language.toLowerCase();
      const slot = lang.startsWith('fr') ? 'fr' : lang === '' || lang.startsWith('en') ? 'en' : undefined;
      const value = l.value.trim();
      if (!slot || value === '' || value.length > 100) {
        dropped = true;
        continue;
      }
      const list = out[slot] ?? [];
      out[slot] = list;
      if (!list.includes(value) && list.length < 50) list.push(value);
    }
    if (dropped)
      this.warn('some keywords were dropped (not French or English, empty, or over 100 characters)');
    return out.fr || out.en ? out : undefined;
  }

  private distributions(predicate = p('dcat', 'distribution'), noun = 'distribution'): Distribution[] {
    const out: Distribution[] = [];
    // RDF has no order; named distributions are read in natural IRI order so "#distribution-2" precedes "-10".
    const byIri = (a: Node, b: Node) => a.value.localeCompare(b.value, 'en', { numeric: true });
    for (const node of this.nodes(predicate).sort(byIri)) {
      const what = node.termType === 'NamedNode' ? `${noun} ${node.value}` : `a ${noun}`;
      const accessUrl = this.iris(p('dcat', 'accessURL'), node).find(isAbsoluteIri);
      const downloadUrl = this.iris(p('dcat', 'downloadURL'), node).find(isAbsoluteIri);
      const reach = accessUrl ?? downloadUrl;
      if (!reach) {
        this.warn(`${what} has no dcat:accessURL; dropped`);
        continue;
      }
      const d: Distribution = { accessUrl: reach };
      const title = this.localized(this.literals(p('dct', 'title'), node), `${what} title`, 300);
      if (title) d.title = title;
      if (downloadUrl) d.downloadUrl = downloadUrl;
      for (const f of this.all(p('dct', 'format'), node)) {
        const media = codeIn(f.value, IANA_MEDIA_TYPE_BASE);
        const code =
          codeIn(f.value, FILE_TYPE_BASE) ?? (isLiteral(f) ? f.value.trim().toUpperCase() : undefined);
        if (code && CODE.test(code)) d.format ??= code;
        else if (media && MEDIA_TYPE.test(media)) d.mediaType ??= media;
        else this.warn(`${what}: format ${f.value} is not an EU file-type code; dropped`);
      }
      for (const m of this.all(p('dcat', 'mediaType'), node)) {
        const media = isLiteral(m) ? m.value.trim() : (/media-types\/(.+)$/.exec(m.value)?.[1] ?? m.value);
        if (MEDIA_TYPE.test(media)) d.mediaType ??= media;
        else this.warn(`${what}: media type ${m.value} is not an IANA media type; dropped`);
      }
      const license = this.all(p('dct', 'license'), node)[0];
      if (license) {
        const code = codeIn(license.value, LICENCE_BASE);
        if (code && CODE.test(code)) d.license = code;
        else this.warn(`${what}: licence ${license.value} is not in the EU licence table; dropped`);
      }
      const byteSize = this.integer(this.literals(p('dcat', 'byteSize'), node), `${what} byte size`);
      if (byteSize !== undefined) d.byteSize = byteSize;
      this.distributionDetails(node, what, d);
      out.push(d);
    }
    return out.slice(0, 100);
  }

  /** The HealthDCAT-AP details of a distribution beyond how to reach it. */
  private distributionDetails(node: Node, what: string, d: Distribution): void {
    const description = this.localized(
      this.literals(p('dct', 'description'), node),
      `${what} description`,
      2000,
    );
    if (description) d.description = description;
    const identifier = this.one(this.literals(p('dct', 'identifier'), node), `${what} dct:identifier`);
    if (identifier) d.identifier = this.clip(identifier.value, `${what} identifier`, 300);
    const issued = this.dateOrDateTime(
      this.one(this.literals(p('dct', 'issued'), node), `${what} dct:issued`),
      `${what} issued`,
    );
    if (issued) d.issued = issued;
    const modified = this.dateOrDateTime(
      this.one(this.literals(p('dct', 'modified'), node), `${what} dct:modified`),
      `${what} modified`,
    );
    if (modified) d.modified = modified;
    const rights = this.one(this.all(p('dct', 'rights'), node), `${what} dct:rights`);
    const rightsText = rights && this.label(rights, p('rdfs', 'label'));
    if (rightsText) d.rights = this.clip(rightsText, `${what} rights`, 1000);
    const languages = this.all(p('dct', 'language'), node).flatMap((t) => {
      const code = isLiteral(t) ? t.value.trim() : languageFromIri(t.value);
      return code && /^[a-z]{2}$/.test(code) ? [code] : [];
    });
    if (languages.length > 0) d.languages = [...new Set(languages)];
    const laws = this.iris(p('dcatap', 'applicableLegislation'), node).filter(isAbsoluteIri);
    if (laws.length > 0) d.applicableLegislation = [...new Set(laws)];
    const retention = this.period(p('healthdcatap', 'retentionPeriod'), `${what} retention period`, node);
    if (retention) d.retentionPeriod = retention;
  }

  /** DUO terms wherever they sit under odrl:hasPolicy (dcat-export.ts puts them in constraints), with rdf:value. */
  private dataUseConditions(): DataUseConditions | undefined {
    const found: Array<{ code: string; kind: 'permission' | 'modifier'; value?: Term }> = [];
    const visited = new Set<string>();
    const queue: Node[] = [...this.nodes(p('odrl', 'hasPolicy'))];
    for (let node = queue.shift(); node && visited.size < 500; node = queue.shift()) {
      if (visited.has(node.id) || node.equals(this.ds)) continue;
      visited.add(node.id);
      for (const q of this.store.getQuads(node, null, null, null)) {
        const term = q.object.termType === 'NamedNode' ? duoTerm(q.object.value) : undefined;
        if (term) {
          const value = this.store.getObjects(node, p('rdf', 'value'), null)[0];
          found.push({ ...term, ...(value ? { value } : {}) });
        } else if (isNode(q.object) && q.predicate.value !== RDF_TYPE.value) {
          queue.push(q.object);
        }
      }
    }
    if (found.length === 0) return undefined;
    const permissions = found.filter((t) => t.kind === 'permission');
    const permission = permissions[0];
    if (!permission) {
      this.warn('DUO modifiers were found without a DUO permission; data-use conditions dropped');
      return undefined;
    }
    if (permissions.length > 1) this.warn('several DUO permissions were found; kept the first');
    const conditions: DataUseConditions = { permission: { code: permission.code as DuoPermissionCode } };
    if (permission.code === 'DS') {
      const value = permission.value?.value.trim();
      // A bare ICD-10 code, a CURIE of a known coding system or an IRI (descriptor 1.1.0).
      const disease = value && (ICD10_CODE.test(value) ? value : canonicalConcept(value));
      if (!disease) {
        this.warn(
          'DUO disease-specific research (DS) without an ICD-10 code, a coded concept or a disease IRI; data-use conditions dropped',
        );
        return undefined;
      }
      conditions.permission.disease = disease;
    }
    const modifiers: DuoModifier[] = [];
    for (const m of found.filter((t) => t.kind === 'modifier')) {
      if (modifiers.some((x) => x.code === m.code)) continue;
      const modifier: DuoModifier = { code: m.code as DuoModifierCode };
      const v = m.value?.value.trim();
      if (m.code === 'TS') {
        const months = v && /^\d+$/.test(v) ? Number(v) : Number.NaN;
        if (months >= 1 && months <= 600) modifier.months = months;
        else {
          this.warn('DUO modifier TS (time limit) has no valid number of months; dropped');
          continue;
        }
      } else if (m.code === 'GS') {
        if (v && REGION.test(v)) modifier.region = v;
        else {
          this.warn('DUO modifier GS (geographical restriction) has no valid region; dropped');
          continue;
        }
      } else if (m.code === 'MOR') {
        const day = v?.slice(0, 10);
        if (day && validDate(day)) modifier.until = day;
        else {
          this.warn('DUO modifier MOR (publication moratorium) has no valid date; dropped');
          continue;
        }
      }
      modifiers.push(modifier);
    }
    if (modifiers.length > 0) conditions.modifiers = modifiers;
    return conditions;
  }

  private hdsHosting(): DatasetDescriptor['hdsHosting'] {
    for (const cert of this.nodes(p('dqv', 'hasQualityAnnotation'))) {
      const bodies = this.iris(p('oa', 'hasBody'), cert).map((b) =>
        b.replace(/^http:/, 'https:').replace(/\/$/, ''),
      );
      if (!bodies.includes(HDS_CERTIFICATION)) continue;
      const host = this.label(cert, p('phx', 'hdsHost'));
      return { certified: true, ...(host ? { host: this.clip(host, 'HDS host', 300) } : {}) };
    }
    return undefined;
  }

  private accessRights(): AccessRights {
    const value = this.one(this.all(p('dct', 'accessRights')), 'dct:accessRights');
    const code =
      value &&
      (codeIn(value.value, ACCESS_RIGHT_BASE) ?? (isLiteral(value) ? value.value.trim() : undefined));
    if (code && ACCESS_RIGHT_CODES.includes(code)) return code as AccessRights;
    // Health data defaults to the most protective EU access right.
    this.warn(
      value
        ? `access right ${value.value} is not PUBLIC, RESTRICTED or NON_PUBLIC; NON_PUBLIC was assumed`
        : 'no dct:accessRights; NON_PUBLIC was assumed',
    );
    return 'NON_PUBLIC';
  }

  private vocabularyFields(d: DatasetDescriptor): void {
    const set = <K extends keyof DatasetDescriptor>(key: K, value: DatasetDescriptor[K] | undefined) => {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) d[key] = value;
    };
    set(
      'themes',
      this.codes(this.all(p('dcat', 'theme')), 'theme', (t) => {
        const code = codeIn(t.value, DATA_THEME_BASE);
        return DATA_THEMES.find((x) => x.code === code)?.code as Theme | undefined;
      }),
    );
    set(
      'spatial',
      this.codes(this.all(p('dct', 'spatial')), 'place', (t) => {
        if (isLiteral(t)) return classifyPlace(t.value)?.code;
        // EU country and NUTS IRIs read back as their codes; other places (geonames...) stay IRIs.
        const known = placeFromIri(t.value);
        if (known) return known.code;
        return t.termType === 'NamedNode' && HTTP_IRI.test(t.value) ? t.value : undefined;
      }),
    );
    set(
      'healthCategories',
      this.codes(this.all(p('healthdcatap', 'healthCategory')), 'health category', (t) => {
        const code = isLiteral(t) ? t.value.trim() : localName(t.value);
        return HEALTH_CATEGORIES.find((c) => c.code === code)?.code as HealthCategory | undefined;
      }),
    );
    set(
      'healthThemes',
      this.codes(this.all(p('healthdcatap', 'healthTheme')), 'health theme', (t) =>
        t.termType === 'NamedNode' && HTTP_IRI.test(t.value) ? t.value : undefined,
      ),
    );
    // Coding systems outside the descriptor's list (e.g. ICD-10-CM) are dropped: the schema's list is closed.
    set(
      'codingSystems',
      this.codes(this.all(p('healthdcatap', 'hasCodingSystem')), 'coding system', (t) => {
        const code = isLiteral(t)
          ? CODING_SYSTEM_CODES.find((c) => c.toLowerCase() === t.value.trim().toLowerCase())
          : codingSystemFromIri(t.value);
        return CODING_SYSTEM_CODES.find((c) => c === code) as CodingSystem | undefined;
      }),
    );
    const dpvName = (namespaces: string[]) => (t: Term) => {
      if (!isLiteral(t) && !namespaces.some((ns) => t.value.startsWith(ns))) return undefined;
      const name = isLiteral(t) ? t.value.trim() : localName(t.value);
      return DPV_LOCAL_NAME.test(name) ? name : undefined;
    };
    const personal = dpvName([NS.dpvPd, DPV_PD_V2, NS.dpv]);
    set(
      'personalData',
      this.codes(this.all(p('dpv', 'hasPersonalData')), 'personal-data category', personal),
    );
    set(
      'legalBasis',
      this.codes(this.all(p('dpv', 'hasLegalBasis')), 'legal basis', (t) => {
        const name = isLiteral(t) ? t.value.trim() : localName(t.value);
        const mapped = GDPR_ART6[name] ?? name;
        return LEGAL_BASIS_CODES.find((c) => c === mapped) as LegalBasis | undefined;
      }),
    );
    set('purpose', this.codes(this.all(p('dpv', 'hasPurpose')), 'purpose', dpvName([NS.dpv])));
    set(
      'languages',
      this.codes(this.all(p('dct', 'language')), 'language', (t) =>
        isLiteral(t)
          ? /^[a-z]{2}$/.test(t.value.trim())
            ? t.value.trim()
            : undefined
          : languageFromIri(t.value),
      ),
    );
  }

  /** The fields the mapping table describes by kind; handlers are read by the methods above. */
  private mappedFields(d: DatasetDescriptor): void {
    const fields = d as Record<string, unknown>;
    for (const m of DESCRIPTOR_RDF_MAP) {
      const value = this.mapped(m);
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[m.field] = value;
    }
  }

  private mapped(m: FieldMapping): unknown {
    const what = fieldNoun(m.field);
    switch (m.kind) {
      case 'text': {
        const value = this.one(this.literals(m.predicate), what);
        return value && value.value.trim() !== ''
          ? this.clip(value.value.trim(), what, m.maxLength)
          : undefined;
      }
      case 'texts':
        return [
          ...new Set(
            this.literals(m.predicate)
              .map((l) => l.value.trim())
              .filter((v) => v !== '')
              .map((v) => this.clip(v, what, m.maxLength)),
          ),
        ];
      case 'localized':
        return this.localized(this.literals(m.predicate), what, m.maxLength);
      case 'iri':
        return this.iris(m.predicate).find(isAbsoluteIri);
      case 'iris':
        return [...new Set(this.iris(m.predicate).filter(isAbsoluteIri))];
      case 'count':
        return this.integer(this.literals(m.predicate), what, m.max);
      case 'decimal': {
        const value = this.one(this.literals(m.predicate), what);
        const n = value ? Number(value.value) : Number.NaN;
        if (value && !(Number.isFinite(n) && n >= 0))
          this.warn(`${what} "${value.value}" is not a number; dropped`);
        return Number.isFinite(n) && n >= 0 ? n : undefined;
      }
      case 'boolean': {
        const value = this.one(this.literals(m.predicate), what)?.value.trim();
        if (value === 'true' || value === '1') return true;
        if (value === 'false' || value === '0') return false;
        if (value !== undefined) this.warn(`${what} "${value}" is not true or false; dropped`);
        return undefined;
      }
      case 'duration': {
        const value = this.one(this.literals(m.predicate), what)?.value.trim();
        if (
          value &&
          /^-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$/.test(
            value,
          )
        )
          return value;
        if (value) this.warn(`${what} "${value}" is not an xsd:duration; dropped`);
        return undefined;
      }
      case 'code': {
        const term = this.one(this.all(m.predicate), what);
        if (!term) return undefined;
        // A concept may name its code by its own IRI, or (as some exports do) by skos:notation or skos:inScheme.
        const candidates = [
          term.value,
          ...(isNode(term)
            ? [
                ...this.store.getObjects(term, p('skos', 'inScheme'), null).map((t) => t.value),
                ...this.store.getObjects(term, p('skos', 'notation'), null).map((t) => `${m.base}${t.value}`),
              ]
            : []),
        ];
        const code = candidates.map((c) => codeIn(c, m.base)).find((c) => c !== undefined && CODE.test(c));
        if (!code) this.warn(`${what} ${term.value} is not a code of ${m.base}; dropped`);
        return code;
      }
      case 'labelledNode': {
        const texts = this.all(m.predicate).flatMap((t) =>
          isLiteral(t) ? [t] : this.store.getObjects(t, p('rdfs', 'label'), null).filter(isLiteral),
        );
        return this.localized(texts, what, m.maxLength);
      }
      case 'nodes':
        return this.nodes(m.predicate).flatMap((node) => {
          const item: Record<string, string> = {};
          if (m.identity !== undefined) {
            const url =
              node.termType === 'NamedNode' ? node.value : this.iris(p('foaf', 'homepage'), node)[0];
            if (!url || !isAbsoluteIri(url)) return [];
            item[m.identity] = url;
          }
          for (const prop of m.properties) {
            const value = this.store.getObjects(node, prop.predicate, null)[0];
            if (!value) continue;
            if (prop.kind === 'iri' && value.termType === 'NamedNode') item[prop.field] = value.value;
            else if (prop.kind === 'text' && isLiteral(value) && value.value.trim() !== '')
              item[prop.field] = this.clip(value.value.trim(), `${what} ${prop.field}`, 2048);
          }
          const required = m.properties[0];
          return m.identity !== undefined || (required && item[required.field] !== undefined) ? [item] : [];
        });
      case 'datasetLinks': {
        // The direct property, or a qualified relation whose role is that property (the desk's own export).
        const related = this.nodes(p('dcat', 'qualifiedRelation')).flatMap((node) =>
          this.store.getObjects(node, p('dcat', 'hadRole'), null).some((r) => r.equals(m.predicate))
            ? this.store.getObjects(node, p('dct', 'relation'), null).map((t) => t.value)
            : [],
        );
        return [...new Set([...this.iris(m.predicate), ...related].filter(isAbsoluteIri))];
      }
      case 'agent': {
        const node = this.one(this.nodes(m.predicate), what);
        return node && this.agentAt(node, what);
      }
      case 'agents':
        return this.nodes(m.predicate).flatMap((node) => this.agentAt(node, what) ?? []);
      case 'handler':
        return undefined;
    }
  }

  private agentAt(node: Node, what: string): Agent | undefined {
    const name = this.label(
      node,
      p('foaf', 'name'),
      p('vcard', 'fn'),
      p('skos', 'prefLabel'),
      p('rdfs', 'label'),
    );
    if (!name) {
      this.warn(`${what}: an agent without a name was dropped`);
      return undefined;
    }
    const agent: Agent = { name: this.clip(name, `${what} name`, 300) };
    const homepage = this.iris(p('foaf', 'homepage'), node)[0];
    if (homepage && isAbsoluteIri(homepage)) agent.homepage = homepage;
    const email = this.email(this.all(p('foaf', 'mbox'), node)[0]);
    if (email) agent.email = email;
    return agent;
  }

  /** healthdcatap:hasCodeValues: our export's concepts carry their CURIE as skos:notation; others are kept by IRI. */
  private codeValues(): CodedConcept[] {
    const out: CodedConcept[] = [];
    for (const term of this.all(p('healthdcatap', 'hasCodeValues'))) {
      const notation = isNode(term)
        ? this.store.getObjects(term, p('skos', 'notation'), null).find(isLiteral)?.value
        : term.value;
      const code =
        notation && canonicalConcept(notation)
          ? canonicalConcept(notation)
          : term.termType === 'NamedNode'
            ? term.value
            : undefined;
      if (!code) {
        this.warn(`coded concept ${term.value} is neither a known CURIE nor an IRI; dropped`);
        continue;
      }
      const concept: CodedConcept = { code };
      // The export labels an unlabelled concept with its code: that is not a label of the provider's.
      const labels = isNode(term)
        ? this.store
            .getObjects(term, p('skos', 'prefLabel'), null)
            .filter((l): l is Literal => isLiteral(l) && l.value !== code && l.value !== notation)
        : [];
      const label = this.localized(labels, 'coded concept label', 300);
      if (label) concept.label = label;
      if (!out.some((c) => c.code === code)) out.push(concept);
    }
    return out.slice(0, 200);
  }

  /** The provider's attributions; the resource-provider and distributor roles are the desk's own (re-added on export). */
  private qualifiedAttributions(): Attribution[] {
    const out: Attribution[] = [];
    for (const node of this.nodes(p('prov', 'qualifiedAttribution'))) {
      const role = this.iris(p('dcat', 'hadRole'), node)[0];
      if (role === ROLE_RESOURCE_PROVIDER || role === ROLE_DISTRIBUTOR) continue;
      const agentNode = this.store.getObjects(node, p('prov', 'agent'), null).find(isNode);
      const agent = agentNode && this.agentAt(agentNode, 'attribution');
      if (!role || !isAbsoluteIri(role) || !agent) {
        this.warn('an attribution without an agent or a role IRI was dropped');
        continue;
      }
      out.push({ agent, role });
    }
    return out;
  }

  read(): ImportedDataset {
    const sourceUri = this.ds.termType === 'NamedNode' ? this.ds.value : `_:${this.ds.value}`;
    if (this.ds.termType === 'BlankNode') this.warn('the dataset has no IRI (blank node)');
    const d: DatasetDescriptor = {
      title: {},
      description: {},
      publisher: this.publisher(),
      accessRights: this.accessRights(),
    };
    this.mappedFields(d);
    // Relationships whose role is a version or source link are read into those fields.
    const linkRoles = DESCRIPTOR_RDF_MAP.filter((m) => m.kind === 'datasetLinks').map(
      (m) => m.predicate.value,
    );
    const qualified = d.qualifiedRelations?.filter((r) => !linkRoles.includes(r.role));
    if (qualified && qualified.length > 0) d.qualifiedRelations = qualified;
    else delete d.qualifiedRelations;
    // A desk exports its own dataset id as dct:identifier when the provider gave none: it is not the provider's.
    if (d.identifier !== undefined && sourceUri.replace(/\/$/, '').endsWith(`/${d.identifier}`))
      delete d.identifier;
    if (!d.title.fr && !d.title.en) this.warn('the dataset has no dct:title');
    if (!d.description.fr && !d.description.en) this.warn('the dataset has no dct:description');
    const set = <K extends keyof DatasetDescriptor>(key: K, value: DatasetDescriptor[K] | undefined) => {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) d[key] = value;
    };
    set('keywords', this.keywords());
    set('contactPoint', this.contactPoint());
    set('temporal', this.period(p('dct', 'temporal'), 'temporal coverage'));
    this.vocabularyFields(d);
    set('codeValues', this.codeValues());
    set('qualifiedAttributions', this.qualifiedAttributions());
    set('hdsHosting', this.hdsHosting());
    // HDS hosting has its own field; the other certificates are kept as they are.
    const certificates = d.qualityCertificates?.filter((c) => !isHdsCertificate(c.body));
    if (certificates !== undefined) {
      if (certificates.length > 0) d.qualityCertificates = certificates;
      else delete d.qualityCertificates;
    }
    set('retentionPeriod', this.period(p('healthdcatap', 'retentionPeriod'), 'retention period'));
    set('distributions', this.distributions());
    set('samples', this.distributions(p('adms', 'sample'), 'sample').slice(0, 20));
    set(
      'analytics',
      this.distributions(p('healthdcatap', 'analytics'), 'analytics distribution').slice(0, 20),
    );
    set('dataUseConditions', this.dataUseConditions());
    set('landingPage', this.iris(p('dcat', 'landingPage')).find(isAbsoluteIri));
    // The desk cites the EHDS regulation on every export; only the provider's other legislation is a field.
    const laws = this.iris(p('dcatap', 'applicableLegislation')).filter(
      (l) => isAbsoluteIri(l) && l !== EHDS_REGULATION,
    );
    set('applicableLegislation', [...new Set(laws)].slice(0, 10));
    set('issued', this.dateOrDateTime(this.one(this.literals(p('dct', 'issued')), 'dct:issued'), 'issued'));
    set(
      'modified',
      this.dateOrDateTime(this.one(this.literals(p('dct', 'modified')), 'dct:modified'), 'modified'),
    );
    const ignored = [...new Set(this.store.getPredicates(this.ds, null, null).map((t) => t.value))]
      .filter((iri) => !this.used.has(iri))
      .map(short)
      .sort();
    if (ignored.length > 0) this.warn(`not imported (no descriptor field): ${ignored.join(', ')}`);
    return { sourceUri, descriptor: d, warnings: this.warnings };
  }
}

function isHdsCertificate(body: string): boolean {
  return body.replace(/^http:/, 'https:').replace(/\/$/, '') === HDS_CERTIFICATION;
}
