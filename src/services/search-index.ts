// Keeps the catalogue's search columns current: rows derived by an older version of search-text.ts are re-derived.
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../db/database';
import { datasets } from '../db/schema';
import type { DatasetStatus } from '../domain/dataset-lifecycle';
import { SEARCH_TEXT_VERSION } from '../domain/search-text';
import { derivedColumns } from './datasets';

/**
 * Re-derives the search and facet columns of every dataset indexed by an older SEARCH_TEXT_VERSION, in
 * batches, and returns how many it rewrote. The descriptor, status and version are untouched: these columns
 * are an index of the descriptor, not part of the dataset's history, so no audit entry is written. A row
 * written meanwhile by a newer desk already carries the current version and is skipped by the guard.
 */
export async function refreshStaleSearchColumns(db: Database, batch = 500): Promise<number> {
  let refreshed = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select({
        id: datasets.id,
        descriptor: datasets.descriptor,
        providerId: datasets.providerId,
        deskId: datasets.deskId,
        status: datasets.status,
      })
      .from(datasets)
      .where(and(lt(datasets.searchVersion, SEARCH_TEXT_VERSION), gt(datasets.id, after)))
      .orderBy(asc(datasets.id))
      .limit(batch);
    for (const row of rows) {
      await db
        .update(datasets)
        .set(derivedColumns(row.descriptor, { ...row, status: row.status as DatasetStatus }))
        .where(and(eq(datasets.id, row.id), lt(datasets.searchVersion, SEARCH_TEXT_VERSION)));
    }
    refreshed += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return refreshed;
    after = last.id;
  }
}
