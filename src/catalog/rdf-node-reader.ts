// Reading one RDF node tolerantly: literals by language, counts, dates and periods, with warnings instead of failures.
import { type BlankNode, DataFactory, type Literal, type NamedNode, type Store, type Term } from 'n3';
import type { LocalizedText, Period } from '../domain/descriptor';
import { NS, SCHEMA_ORG, TIME_NS } from './rdf-vocabulary';

const { namedNode } = DataFactory;
export type Node = NamedNode | BlankNode;
export const p = (ns: keyof typeof NS, local: string): NamedNode => namedNode(`${NS[ns]}${local}`);
export const RDF_TYPE = p('rdf', 'type');
export const isNode = (t: Term): t is Node => t.termType === 'NamedNode' || t.termType === 'BlankNode';
export const isLiteral = (t: Term): t is Literal => t.termType === 'Literal';

/** Prefixed name for warnings (dct:title rather than a full IRI). */
export function short(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS))
    if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  return iri;
}

export function validDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Reads properties of `subject` (the dataset by default), recording which dataset predicates were understood. */
export class NodeReader {
  protected readonly warnings: string[] = [];
  protected readonly used = new Set<string>([RDF_TYPE.value]);

  constructor(
    protected readonly store: Store,
    protected readonly ds: Node,
  ) {}

  protected warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Objects of a dataset property (recorded as understood) or of any other node. */
  protected all(predicate: NamedNode, subject: Node = this.ds): Term[] {
    if (subject.equals(this.ds)) this.used.add(predicate.value);
    return this.store.getObjects(subject, predicate, null);
  }

  protected literals(predicate: NamedNode, subject: Node = this.ds): Literal[] {
    return this.all(predicate, subject).filter(isLiteral);
  }

  protected nodes(predicate: NamedNode, subject: Node = this.ds): Node[] {
    return this.all(predicate, subject).filter(isNode);
  }

  protected iris(predicate: NamedNode, subject: Node = this.ds): string[] {
    return this.all(predicate, subject)
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value);
  }

  /** The single value of a property; extra values are reported and ignored. */
  protected one<T extends Term>(values: T[], what: string): T | undefined {
    if (values.length > 1) this.warn(`${what} has ${values.length} values; kept the first`);
    return values[0];
  }

  /** fr-tagged literals go to fr; en-tagged, then untagged, to en; other languages only when nothing else exists. */
  protected localized(values: Literal[], what: string, maxLength: number): LocalizedText | undefined {
    const out: LocalizedText = {};
    const rank = (l: Literal) => (l.language.startsWith('en') ? 0 : l.language === '' ? 1 : 2);
    const candidates = values.filter((l) => l.value.trim() !== '').sort((a, b) => rank(a) - rank(b));
    const others: Literal[] = [];
    for (const l of candidates) {
      const lang = l.language.toLowerCase();
      const slot = lang.startsWith('fr') ? 'fr' : lang === '' || lang.startsWith('en') ? 'en' : undefined;
      if (!slot) others.push(l);
      else if (out[slot] === undefined) out[slot] = this.clip(l.value, what, maxLength);
      else if (out[slot] !== l.value)
        this.warn(`${what} has several ${slot === 'fr' ? 'French' : 'English'} values; kept one`);
    }
    const first = others[0];
    if (!out.fr && !out.en && first) {
      out.en = this.clip(first.value, what, maxLength);
      this.warn(`${what} has no French or English value; the "${first.language}" one was kept as English`);
    } else if (first) {
      this.warn(`${what}: values in languages other than French and English were dropped`);
    }
    return out.fr !== undefined || out.en !== undefined ? out : undefined;
  }

  protected clip(value: string, what: string, maxLength: number): string {
    if (value.length <= maxLength) return value;
    this.warn(`${what} was cut to ${maxLength} characters`);
    return `${value.slice(0, maxLength - 1)}…`;
  }

  /** A label for a node: preferred English, then untagged, then French, then anything. */
  protected label(node: Term, ...predicates: NamedNode[]): string | undefined {
    if (isLiteral(node)) return node.value;
    for (const predicate of predicates) {
      const values = this.store.getObjects(node, predicate, null).filter(isLiteral);
      const rank = (l: Literal) =>
        l.language.startsWith('en') ? 0 : l.language === '' ? 1 : l.language.startsWith('fr') ? 2 : 3;
      const best = values.sort((a, b) => rank(a) - rank(b))[0];
      if (best && best.value.trim() !== '') return best.value.trim();
    }
    return undefined;
  }

  protected integer(values: Literal[], what: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.one(values, what);
    if (!value) return undefined;
    // Typed or untyped, "123" and "123.0" are read; anything else is not a count.
    const match = /^\s*\+?(\d+)(?:\.0*)?\s*$/.exec(value.value);
    const n = match?.[1] ? Number(match[1]) : Number.NaN;
    if (Number.isSafeInteger(n) && n <= max) return n;
    this.warn(`${what} "${value.value}" is not a whole number between 0 and ${max}; dropped`);
    return undefined;
  }

  /** A calendar date, a month or a year, kept as precise as the source gives it (descriptor 1.1.0 partial dates). */
  protected date(value: Literal | undefined, what: string): string | undefined {
    if (!value) return undefined;
    const v = value.value.trim();
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(v)?.[1];
    if (day && validDate(day)) return day;
    if (/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(v)) return v;
    this.warn(`${what} "${v}" is not a date; dropped`);
    return undefined;
  }

  /** dct:issued / dct:modified: an RFC 3339 date-time (a missing zone is read as UTC), a date, a month or a year. */
  protected dateOrDateTime(value: Literal | undefined, what: string): string | undefined {
    if (!value) return undefined;
    const v = value.value.trim();
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return v;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v)) {
      this.warn(`${what} "${v}" has no time zone; read as UTC`);
      return `${v}Z`;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(v) && validDate(v)) return v;
    if (/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(v)) return v;
    this.warn(`${what} "${v}" is not a date; dropped`);
    return undefined;
  }

  protected period(predicate: NamedNode, what: string, subject: Node = this.ds): Period | undefined {
    const node = this.one(this.nodes(predicate, subject), what);
    if (!node) return undefined;
    const firstLiteral = (...preds: NamedNode[]) => preds.flatMap((pr) => this.literals(pr, node))[0];
    const viaInstant = (pr: NamedNode) =>
      this.nodes(pr, node).flatMap((i) => [
        ...this.literals(namedNode(`${TIME_NS}inXSDDate`), i),
        ...this.literals(namedNode(`${TIME_NS}inXSDDateTimeStamp`), i),
      ])[0];
    const schema = (local: string) => SCHEMA_ORG.map((ns) => namedNode(`${ns}${local}`));
    const start = this.date(
      firstLiteral(p('dcat', 'startDate'), ...schema('startDate')) ??
        viaInstant(namedNode(`${TIME_NS}hasBeginning`)),
      `${what} start`,
    );
    const endDate = this.date(
      firstLiteral(p('dcat', 'endDate'), ...schema('endDate')) ?? viaInstant(namedNode(`${TIME_NS}hasEnd`)),
      `${what} end`,
    );
    const comment = this.label(node, p('rdfs', 'comment'));
    const out: Period = {
      ...(start ? { start } : {}),
      ...(endDate ? { end: endDate } : {}),
      ...(comment ? { comment: this.clip(comment, `${what} comment`, 1000) } : {}),
    };
    return Object.keys(out).length > 0 ? out : undefined;
  }

  protected codes<T extends string>(
    values: Term[],
    what: string,
    accept: (value: Term) => T | undefined,
  ): T[] {
    const out: T[] = [];
    for (const v of values) {
      const code = accept(v);
      if (code === undefined) this.warn(`${what} ${v.value} is not in the descriptor vocabulary; dropped`);
      else if (!out.includes(code)) out.push(code);
    }
    return out;
  }
}
