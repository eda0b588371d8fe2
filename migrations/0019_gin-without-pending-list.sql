DROP INDEX "datasets_search_idx";--> statement-breakpoint
DROP INDEX "datasets_themes_idx";--> statement-breakpoint
DROP INDEX "datasets_health_categories_idx";--> statement-breakpoint
DROP INDEX "datasets_coding_systems_idx";--> statement-breakpoint
CREATE INDEX "datasets_search_idx" ON "datasets" USING gin ("search_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "datasets_themes_idx" ON "datasets" USING gin ("themes") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "datasets_health_categories_idx" ON "datasets" USING gin ("health_categories") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "datasets_coding_systems_idx" ON "datasets" USING gin ("coding_systems") WITH (fastupdate=false);