// What a harvest run reports: how many records it created, revised, retired or left alone, and each record it
// could not take, with the remote IRI and the RFC 9457 problem that kept it out.
import type { ProblemBody } from './problem';

export interface HarvestCounts {
  /** Pages fetched and read. */
  pages: number;
  /** dcat:Dataset records read from the pages (each remote IRI once). */
  records: number;
  created: number;
  revised: number;
  unchanged: number;
  retired: number;
  failed: number;
}

export interface HarvestRecordError {
  /** The record's IRI in the remote catalogue (`_:` and a label for a record without one). */
  iri: string;
  problem: ProblemBody;
}

export const HARVEST_RUN_STATUSES = ['running', 'succeeded', 'not_modified', 'incomplete', 'failed'] as const;
export type HarvestRunStatus = (typeof HARVEST_RUN_STATUSES)[number];

export const emptyCounts = (): HarvestCounts => ({
  pages: 0,
  records: 0,
  created: 0,
  revised: 0,
  unchanged: 0,
  retired: 0,
  failed: 0,
});

/** A run keeps the first errors it meets; the count says how many there were in all. */
export const MAX_REPORTED_ERRORS = 500;
