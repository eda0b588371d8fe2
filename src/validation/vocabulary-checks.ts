// The shipped vocabularies as the descriptor's validation uses them: normalising what providers type, and saying
// in words why a code is not one (an unknown CURIE prefix, a code of the wrong shape, a place in no list).
import { readConcept } from '../catalog/coding-systems';
import { canonicalConcept } from '../catalog/concepts';
import { classifyPlace, placeFromIri } from '../catalog/places';

export { normaliseCodingSystem } from '../catalog/coding-systems';
export { canonicalConcept };

const IRI = /^https?:\/\//i;

/** Why a concept code is refused, or undefined when it is a concept. */
export function conceptProblem(value: string): string | undefined {
  const read = readConcept(value);
  if (read.kind !== 'refused') return undefined;
  switch (read.reason) {
    case 'not-a-concept':
      return `'${value}' is neither a CURIE (SYSTEM:code, e.g. ORPHA:558) nor an http(s) IRI`;
    case 'unknown-prefix':
      return `'${read.prefix}' is not a known coding system (see catalog-schemas/vocabularies/coding-systems.json)`;
    case 'code-pattern':
      return `'${read.code}' is not a ${read.system} code`;
  }
}

/**
 * A place in canonical form: codes in upper case (FR-75 as FR-75C), EU country and NUTS IRIs as their codes (the
 * export gives the same IRIs back); other IRIs and unknown codes are left as they are.
 */
export function canonicalPlace(value: string): string | undefined {
  return IRI.test(value) ? placeFromIri(value)?.code : classifyPlace(value)?.code;
}

/** Why a place is refused, or undefined when it is a known code or an IRI (a known IRI must name a known place). */
export function placeProblem(value: string): string | undefined {
  if (IRI.test(value)) {
    const nutsOrCountry =
      /^https?:\/\/(?:publications\.europa\.eu\/resource\/authority\/country|data\.europa\.eu\/nuts\/code)\//i;
    return nutsOrCountry.test(value) && !placeFromIri(value)
      ? `'${value}' is not a known EU country or NUTS unit`
      : undefined;
  }
  return classifyPlace(value)
    ? undefined
    : `'${value}' is not a known EU country code (FRA), NUTS code (FR10) or French region or department code (FR-IDF, FR-75)`;
}
