ALTER TABLE "workspace_files" ADD COLUMN "width" integer;--> statement-breakpoint
ALTER TABLE "workspace_files" ADD COLUMN "height" integer;