// The catalogue's facets and the 'facet=value' keys a dataset contributes to their counts.
import type { DatasetStatus } from './dataset-lifecycle';
import type { DatasetDescriptor } from './descriptor';

export const FACETS = [
  'provider',
  'desk',
  'theme',
  'healthCategory',
  'codingSystem',
  'duoPermission',
  'accessRights',
  'status',
] as const;
export type Facet = (typeof FACETS)[number];

export function facetKeys(
  d: DatasetDescriptor,
  placement: { providerId: string; deskId: string | null; status: DatasetStatus },
): string[] {
  const values: [Facet, string | null | undefined][] = [
    ['provider', placement.providerId],
    ['desk', placement.deskId],
    ['status', placement.status],
    ['accessRights', d.accessRights],
    ['duoPermission', d.dataUseConditions?.permission.code],
    ...(d.themes ?? []).map((v): [Facet, string] => ['theme', v]),
    ...(d.healthCategories ?? []).map((v): [Facet, string] => ['healthCategory', v]),
    ...(d.codingSystems ?? []).map((v): [Facet, string] => ['codingSystem', v]),
  ];
  return [...new Set(values.filter(([, v]) => v).map(([f, v]) => `${f}=${v}`))];
}

/** Splits a key back into its facet and value; undefined for keys of facets no longer offered. */
export function parseFacetKey(key: string): { facet: Facet; value: string } | undefined {
  const at = key.indexOf('=');
  const facet = key.slice(0, at) as Facet;
  return at > 0 && FACETS.includes(facet) ? { facet, value: key.slice(at + 1) } : undefined;
}
