-- Hand-written (drizzle-kit has no column storage): keep each dataset's search vector and its small arrays in
-- its row, compressed, rather than in the TOAST table. A broad word reads thousands of rows per search, and an
-- out-of-line fetch for each vector and facet_keys array made it six times slower (EXPLAIN ANALYZE at 100 000
-- datasets, docs/benchmarks.md); the descriptor and the search texts, read once per page, still move out.
-- Applies to rows written from now on; the desk re-derives every row indexed before 0015 when it starts
-- (search_version), which rewrites them.
ALTER TABLE "datasets" ALTER COLUMN "search_vector" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "datasets" ALTER COLUMN "facet_keys" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "datasets" ALTER COLUMN "themes" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "datasets" ALTER COLUMN "health_categories" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "datasets" ALTER COLUMN "coding_systems" SET STORAGE MAIN;
