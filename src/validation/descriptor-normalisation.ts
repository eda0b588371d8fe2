// Normalises what providers type before the schema sees it: coding systems by their usual spellings and aliases
// ("SNOMED CT", "Orphanet", "icd-10"), CURIE prefixes ("Orphanet:558" → "ORPHA:558") and place codes' case.
// Only values of the expected type are touched, in a copy, so pointers in violations still match the input.
import { canonicalConcept, canonicalPlace, normaliseCodingSystem } from './vocabulary-checks';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mapStrings(list: unknown, normalise: (value: string) => string | undefined): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item) => (typeof item === 'string' ? (normalise(item) ?? item) : item));
}

export function normaliseDescriptor(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const d: Json = structuredClone(input);
  if ('codingSystems' in d) d.codingSystems = mapStrings(d.codingSystems, normaliseCodingSystem);
  if ('spatial' in d) d.spatial = mapStrings(d.spatial, canonicalPlace);
  if (Array.isArray(d.codeValues)) {
    for (const concept of d.codeValues) {
      if (isRecord(concept) && typeof concept.code === 'string') {
        concept.code = canonicalConcept(concept.code) ?? concept.code;
      }
    }
  }
  const conditions = d.dataUseConditions;
  const permission = isRecord(conditions) ? conditions.permission : undefined;
  if (isRecord(permission) && typeof permission.disease === 'string') {
    permission.disease = canonicalConcept(permission.disease) ?? permission.disease;
  }
  return d;
}
