CREATE TABLE "evaluation_figure_inputs" (
	"evaluation_id" uuid PRIMARY KEY NOT NULL,
	"inputs" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_figure_inputs" ADD CONSTRAINT "evaluation_figure_inputs_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;