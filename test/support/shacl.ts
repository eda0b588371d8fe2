// The official DCAT-AP 3.0.0 SHACL shapes as a test helper: validate quads, report readable violations.
import { readFileSync } from 'node:fs';
import { Parser, type Quad, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { expect } from 'vitest';

export const rdfFixture = (name: string) =>
  readFileSync(new URL(`../fixtures/rdf/${name}`, import.meta.url), 'utf8');

const shapes = new Store(new Parser({ format: 'text/turtle' }).parse(rdfFixture('dcat-ap-3.0.0-shacl.ttl')));

export interface ShaclOutcome {
  conforms: boolean;
  violations: string[];
}

export async function validateShacl(quads: Quad[]): Promise<ShaclOutcome> {
  const report = await new SHACLValidator(shapes).validate(new Store(quads));
  const violations = report.results.map((r) =>
    [
      `focus ${r.focusNode?.value}`,
      `path ${r.path?.value ?? '-'}`,
      `value ${r.value?.value ?? '-'}`,
      r.sourceConstraintComponent?.value.replace('http://www.w3.org/ns/shacl#', 'sh:'),
      r.message.map((m) => m.value).join(' / '),
    ].join(' | '),
  );
  return { conforms: report.conforms, violations };
}

/** Asserts conformance with the violations in the failure message, so a failure says what to fix. */
export function expectConforms(outcome: ShaclOutcome, what: string): void {
  expect(outcome.violations, `${what} has SHACL violations:\n${outcome.violations.join('\n')}`).toEqual([]);
  expect(outcome.conforms, what).toBe(true);
}
