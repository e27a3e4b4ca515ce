DROP TABLE "marketplace_execution" CASCADE;--> statement-breakpoint
ALTER TABLE "marketplace" RENAME COLUMN "executions" TO "views";