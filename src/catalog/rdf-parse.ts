// Parsing Turtle and JSON-LD bodies into n3 quads, with syntax errors as RdfParseError (line and column, no stack).
import jsonld from 'jsonld';
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import { documentLoader, RemoteDocumentRefused } from './dcat-ap-context';

export type RdfContentType = 'text/turtle' | 'application/ld+json';

/** The document is not well-formed Turtle / JSON-LD (or needs a remote context); safe to show to the caller. */
export class RdfParseError extends Error {
  override readonly name = 'RdfParseError';
  constructor(
    message: string,
    readonly contentType: RdfContentType,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;

export async function parseRdf(body: string, contentType: RdfContentType): Promise<Quad[]> {
  return contentType === 'text/turtle' ? parseTurtle(body) : parseJsonLd(body);
}

function parseTurtle(body: string): Quad[] {
  try {
    return new Parser({ format: 'text/turtle' }).parse(body);
  } catch (e) {
    const line = lineOf(e);
    // n3 messages already read "Unexpected ... on line N."; only the first line is kept, never a stack.
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? 'syntax error') : 'syntax error';
    throw new RdfParseError(`Turtle syntax error: ${message}`, 'text/turtle', line);
  }
}

function lineOf(e: unknown): number | undefined {
  const context = (e as { context?: { line?: unknown } } | null)?.context;
  if (typeof context?.line === 'number') return context.line;
  const match = e instanceof Error ? /on line (\d+)/.exec(e.message) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}

interface JsonLdTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

interface JsonLdQuad {
  subject: JsonLdTerm;
  predicate: JsonLdTerm;
  object: JsonLdTerm;
}

async function parseJsonLd(body: string): Promise<Quad[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw jsonSyntaxError(body, e);
  }
  let dataset: JsonLdQuad[];
  try {
    dataset = (await jsonld.toRDF(doc as never, {
      documentLoader: documentLoader as never,
    })) as unknown as JsonLdQuad[];
  } catch (e) {
    throw jsonLdError(e);
  }
  const quads: Quad[] = [];
  for (const q of dataset) {
    const s = toTerm(q.subject);
    const p = toTerm(q.predicate);
    const o = toTerm(q.object);
    // Named graphs are flattened: a catalogue describes its datasets in whichever graph it likes.
    if (s && p?.termType === 'NamedNode' && o && s.termType !== 'Literal') {
      quads.push(quad(s as never, p, o as never, defaultGraph()));
    }
  }
  return quads;
}

function toTerm(t: JsonLdTerm): Term | undefined {
  switch (t.termType) {
    case 'NamedNode':
      return namedNode(t.value);
    case 'BlankNode':
      return blankNode(t.value.replace(/^_:/, ''));
    case 'Literal':
      return t.language
        ? literal(t.value, t.language)
        : literal(t.value, t.datatype ? namedNode(t.datatype.value) : undefined);
    default:
      return undefined;
  }
}

function jsonSyntaxError(body: string, e: unknown): RdfParseError {
  const message = e instanceof Error ? e.message : 'invalid JSON';
  let line: number | undefined;
  let column: number | undefined;
  const lc = /line (\d+) column (\d+)/.exec(message);
  const pos = /position (\d+)/.exec(message);
  if (lc?.[1] && lc[2]) {
    line = Number(lc[1]);
    column = Number(lc[2]);
  } else if (pos?.[1]) {
    // Older engines only give an offset; count lines up to it.
    const before = body.slice(0, Number(pos[1]));
    line = before.split('\n').length;
    column = before.length - before.lastIndexOf('\n');
  }
  const where = line ? ` (line ${line}${column ? `, column ${column}` : ''})` : '';
  return new RdfParseError(
    `JSON syntax error${where}: ${message.replace(/ in JSON at position.*$/, '')}`,
    'application/ld+json',
    line,
    column,
  );
}

function jsonLdError(e: unknown): RdfParseError {
  let cause: unknown = e;
  for (let depth = 0; depth < 5 && cause; depth++) {
    if (cause instanceof RemoteDocumentRefused) {
      return new RdfParseError(`JSON-LD error: ${cause.message}`, 'application/ld+json');
    }
    const details = (cause as { details?: { cause?: unknown } }).details;
    cause = details?.cause ?? (cause as { cause?: unknown }).cause;
  }
  // jsonld.js errors carry a large `details` object (whole contexts); only the message and code are reported.
  const err = e as { message?: unknown; details?: { code?: unknown } };
  const code = typeof err.details?.code === 'string' ? ` (${err.details.code})` : '';
  const message = typeof err.message === 'string' ? err.message.split('\n')[0] : 'invalid JSON-LD';
  return new RdfParseError(`JSON-LD error: ${message}${code}`, 'application/ld+json');
}
