CREATE TABLE "audit_tree_nodes" (
	"height" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	"first_seq" bigint,
	CONSTRAINT "audit_tree_nodes_height_idx_pk" PRIMARY KEY("height","idx")
);
--> statement-breakpoint
CREATE INDEX "audit_tree_nodes_first_seq_idx" ON "audit_tree_nodes" USING btree ("height","first_seq");