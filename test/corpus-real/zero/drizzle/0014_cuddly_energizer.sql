ALTER TABLE "mail0_session" DROP COLUMN "ip_address";--> statement-breakpoint
ALTER TABLE "mail0_session" DROP COLUMN "user_agent";