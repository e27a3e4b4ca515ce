CREATE TABLE "stray" ("id" integer);
