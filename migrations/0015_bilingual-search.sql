ALTER TABLE "datasets" ADD COLUMN "search_concepts" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "search_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "datasets" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', search_title) || to_tsvector('french', search_title) || to_tsvector('english', search_title), 'A') || setweight(to_tsvector('simple', search_body) || to_tsvector('french', search_body) || to_tsvector('english', search_body), 'B') || setweight(to_tsvector('simple', search_concepts), 'C')) STORED;--> statement-breakpoint
CREATE INDEX "datasets_search_idx" ON "datasets" USING gin ("search_vector");
