CREATE TABLE "desk_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"desk_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"message" text,
	"offered_by" uuid NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "desk_offers_state_check" CHECK ("desk_offers"."state" in ('pending','accepted','declined','withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "desk_offers" ADD CONSTRAINT "desk_offers_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_offers" ADD CONSTRAINT "desk_offers_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_offers" ADD CONSTRAINT "desk_offers_offered_by_users_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_offers" ADD CONSTRAINT "desk_offers_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "desk_offers_one_pending_idx" ON "desk_offers" USING btree ("dataset_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "desk_offers_desk_state_idx" ON "desk_offers" USING btree ("desk_id","state");