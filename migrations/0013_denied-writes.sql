CREATE TABLE "denied_writes" (
	"caller_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"attempts" integer NOT NULL,
	"targets" jsonb NOT NULL,
	"last_status" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "denied_writes_caller_id_operation_window_start_pk" PRIMARY KEY("caller_id","operation","window_start")
);
--> statement-breakpoint
ALTER TABLE "denied_writes" ADD CONSTRAINT "denied_writes_caller_id_users_id_fk" FOREIGN KEY ("caller_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "denied_writes_window_idx" ON "denied_writes" USING btree ("window_start");