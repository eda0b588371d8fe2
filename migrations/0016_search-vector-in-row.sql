-- Hand-written (drizzle-kit has no column storage): keep each dataset's search vector in its row, compressed,
-- rather than in the TOAST table. A broad word reads thousands of vectors per search; an out-of-line fetch
-- for each tripled the time (EXPLAIN ANALYZE at 100 000 datasets, see docs/benchmarks.md). Applies to rows
-- written from now on; the desk re-derives every row indexed before 0015 when it starts (search_version).
ALTER TABLE "datasets" ALTER COLUMN "search_vector" SET STORAGE MAIN;
