ALTER TABLE "items" ADD COLUMN "late" text;
