CREATE TABLE "desk_auditors" (
	"desk_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"appointed_by" uuid,
	"appointed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "desk_auditors_desk_id_organization_id_pk" PRIMARY KEY("desk_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_disputes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"auditor_id" uuid NOT NULL,
	"auditor_org_id" uuid NOT NULL,
	"criteria" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"answer" jsonb,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "evaluation_disputes_evaluation_key" UNIQUE("evaluation_id")
);
--> statement-breakpoint
ALTER TABLE "evaluations" DROP CONSTRAINT "evaluations_state_check";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "desk_id" uuid GENERATED ALWAYS AS ((payload ->> 'deskId')::uuid) STORED;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "supersedes" uuid;--> statement-breakpoint
ALTER TABLE "desk_auditors" ADD CONSTRAINT "desk_auditors_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_auditors" ADD CONSTRAINT "desk_auditors_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_auditors" ADD CONSTRAINT "desk_auditors_appointed_by_users_id_fk" FOREIGN KEY ("appointed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD CONSTRAINT "evaluation_disputes_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD CONSTRAINT "evaluation_disputes_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD CONSTRAINT "evaluation_disputes_auditor_org_id_organizations_id_fk" FOREIGN KEY ("auditor_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD CONSTRAINT "evaluation_disputes_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_disputes" ADD CONSTRAINT "evaluation_disputes_resolved_by_evaluations_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "desk_auditors_organization_idx" ON "desk_auditors" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_supersedes_evaluations_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_desk_idx" ON "audit_events" USING btree ("desk_id","seq");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_supersedes_key" UNIQUE("supersedes");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_state_check" CHECK ("evaluations"."state" in ('draft','submitted','countersigned','disputed','superseded'));