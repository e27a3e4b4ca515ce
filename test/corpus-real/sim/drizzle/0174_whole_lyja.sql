DROP TABLE "referral_attribution" CASCADE;--> statement-breakpoint
DROP TABLE "referral_campaigns" CASCADE;