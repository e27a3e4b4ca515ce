ALTER TABLE "items" DROP COLUMN "price";
