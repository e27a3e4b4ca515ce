DROP TABLE "tags";
