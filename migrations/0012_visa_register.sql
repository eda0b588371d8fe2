CREATE TABLE "visas" (
	"jti" text PRIMARY KEY NOT NULL,
	"grant_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token_sealed" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "visas" ADD CONSTRAINT "visas_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visas" ADD CONSTRAINT "visas_kid_signing_keys_kid_fk" FOREIGN KEY ("kid") REFERENCES "public"."signing_keys"("kid") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visas_grant_expires_idx" ON "visas" USING btree ("grant_id","expires_at");