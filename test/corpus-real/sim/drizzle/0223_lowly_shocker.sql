DROP TABLE "jwks" CASCADE;--> statement-breakpoint
DROP TABLE "oauth_access_token" CASCADE;--> statement-breakpoint
DROP TABLE "oauth_application" CASCADE;--> statement-breakpoint
DROP TABLE "oauth_consent" CASCADE;