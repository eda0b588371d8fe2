// Coded concepts as the descriptor stores them (a canonical CURIE, or an IRI kept as given) and as RDF names them.
import { codingSystem, readConcept } from './coding-systems';
import { PROJECT_CODING_SYSTEM_BASE } from './rdf-vocabulary';

/** The stored form of a concept: its canonical CURIE (ORPHA:558), an IRI as given, or undefined when refused. */
export function canonicalConcept(value: string): string | undefined {
  const read = readConcept(value);
  if (read.kind === 'refused') return undefined;
  // An IRI stays as the provider wrote it, so the export gives back the very same IRI.
  return read.kind === 'coded' && !/^(?:https?:\/\/|urn:)/i.test(value.trim()) ? read.curie : read.iri;
}

/** The IRI a stored concept is exported as. */
export function conceptIri(stored: string): string {
  const read = readConcept(stored);
  return read.kind === 'refused'
    ? `${PROJECT_CODING_SYSTEM_BASE}unknown/${encodeURIComponent(stored)}`
    : read.iri;
}

/** The coding system of a stored concept, when it is a code of a known one. */
export function conceptSystem(stored: string): string | undefined {
  const read = readConcept(stored);
  return read.kind === 'coded' && codingSystem(read.system) ? read.system : undefined;
}
