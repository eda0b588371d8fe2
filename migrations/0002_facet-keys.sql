ALTER TABLE "datasets" ADD COLUMN "facet_keys" text[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
-- Backfill: the same keys src/domain/facets.ts computes on every write.
UPDATE "datasets" SET "facet_keys" = ARRAY(
  SELECT DISTINCT k FROM unnest(
    ARRAY['provider=' || provider_id::text, 'status=' || status, 'accessRights=' || access_rights]
    || CASE WHEN desk_id IS NULL THEN '{}'::text[] ELSE ARRAY['desk=' || desk_id::text] END
    || CASE WHEN duo_permission IS NULL THEN '{}'::text[] ELSE ARRAY['duoPermission=' || duo_permission] END
    || ARRAY(SELECT 'theme=' || x FROM unnest(themes) x)
    || ARRAY(SELECT 'healthCategory=' || x FROM unnest(health_categories) x)
    || ARRAY(SELECT 'codingSystem=' || x FROM unnest(coding_systems) x)
  ) k
);
