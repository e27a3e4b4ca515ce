CREATE TABLE "tags" (
	"id" serial PRIMARY KEY NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tags_label_idx" ON "tags" USING btree ("label");
