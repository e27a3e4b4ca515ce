ALTER TABLE "items" DROP COLUMN "late";
