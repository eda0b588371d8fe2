CREATE TABLE "audit_checkpoints" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"frontier" jsonb NOT NULL,
	"signature" text NOT NULL,
	"kid" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
