DROP TABLE "marketplace_star" CASCADE;--> statement-breakpoint
ALTER TABLE "marketplace" DROP COLUMN "stars";