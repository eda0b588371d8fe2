ALTER TABLE "evaluation_disputes" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD COLUMN "signature_kid" text;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD COLUMN "receipt" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "signature_kid" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "receipt" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "countersigned_org_id" uuid;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "countersignature_kid" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "countersignature_receipt" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "jwks_url" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_countersigned_org_id_organizations_id_fk" FOREIGN KEY ("countersigned_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;