CREATE TABLE "organization_keys" (
	"organization_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"thumbprint" text NOT NULL,
	"origin" text NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "organization_keys_organization_id_kid_pk" PRIMARY KEY("organization_id","kid"),
	CONSTRAINT "organization_keys_thumbprint_key" UNIQUE("organization_id","thumbprint"),
	CONSTRAINT "organization_keys_origin_check" CHECK ("organization_keys"."origin" in ('uploaded','jwks_url'))
);
--> statement-breakpoint
ALTER TABLE "organization_keys" ADD CONSTRAINT "organization_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_keys" ADD CONSTRAINT "organization_keys_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;