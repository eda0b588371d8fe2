CREATE TABLE "audit_cosignatures" (
	"tree_size" bigint NOT NULL,
	"organization_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"cosigned_at" bigint NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_cosignatures_tree_size_organization_id_kid_pk" PRIMARY KEY("tree_size","organization_id","kid")
);
--> statement-breakpoint
DROP INDEX "audit_tree_nodes_first_seq_idx";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "desk_seq" bigint GENERATED ALWAYS AS ((payload ->> 'deskSeq')::bigint) STORED;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "leaf_index" bigint;--> statement-breakpoint
-- Existing entries take their position in seq order, the order the tree has always had. The append-only
-- trigger is lifted for this one statement of the migration only.
ALTER TABLE "audit_events" DISABLE TRIGGER audit_events_no_update_delete;--> statement-breakpoint
UPDATE "audit_events" e SET "leaf_index" = p.position
  FROM (SELECT seq, row_number() OVER (ORDER BY seq) - 1 AS position FROM "audit_events") p
  WHERE p.seq = e.seq;--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER audit_events_no_update_delete;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "leaf_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_cosignatures" ADD CONSTRAINT "audit_cosignatures_tree_size_audit_checkpoints_tree_size_fk" FOREIGN KEY ("tree_size") REFERENCES "public"."audit_checkpoints"("tree_size") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_cosignatures" ADD CONSTRAINT "audit_cosignatures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tree_nodes" DROP COLUMN "first_seq";--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_leaf_index_unique" UNIQUE("leaf_index");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_desk_seq_key" UNIQUE("desk_id","desk_seq");--> statement-breakpoint
-- The chain's head (hash and leaf index) and the last entry of each named desk (its desk_seq and hash), read
-- under the lock that serialises appends, in one round trip. VOLATILE for the reason audit_chain_head (0008)
-- is: its queries take a fresh snapshot once the lock is granted.
CREATE OR REPLACE FUNCTION audit_chain_tip(lock_key bigint, desks uuid[]) RETURNS jsonb AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN jsonb_build_object(
    'head', (SELECT jsonb_build_object('hash', hash, 'leafIndex', leaf_index)
               FROM audit_events ORDER BY seq DESC LIMIT 1),
    'desks', (SELECT coalesce(jsonb_agg(jsonb_build_object('deskId', d, 'deskSeq', h.desk_seq, 'hash', h.hash)),
                              '[]'::jsonb)
                FROM unnest(desks) d
                CROSS JOIN LATERAL (SELECT desk_seq, hash FROM audit_events
                                     WHERE desk_id = d AND desk_seq IS NOT NULL
                                     ORDER BY desk_seq DESC LIMIT 1) h)
  );
END;
$$ LANGUAGE plpgsql VOLATILE;
