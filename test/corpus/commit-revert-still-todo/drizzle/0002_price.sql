ALTER TABLE "items" ADD COLUMN "price" integer;
