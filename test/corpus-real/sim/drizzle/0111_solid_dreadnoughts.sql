ALTER TABLE "copilot_chats" ADD COLUMN "plan_artifact" text;--> statement-breakpoint
ALTER TABLE "copilot_chats" ADD COLUMN "config" jsonb;