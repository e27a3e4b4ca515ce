// ladder's own lint rules: each with SQL that fires it and SQL that does not.
// The DRIZZLE_* texts are verbatim output of drizzle-kit 0.31 generate.
import { describe, expect, it } from 'vitest';
import { checkMigration, isIdempotent, transactionMode, type TransactionMode } from '../../../src/lint/rules.js';
import { lexMigration } from '../../../src/lint/statements.js';

const DRIZZLE_INIT = `CREATE TYPE "public"."status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "posts" (
\t"id" serial PRIMARY KEY NOT NULL,
\t"user_id" integer,
\t"status" "status" DEFAULT 'draft'
);
--> statement-breakpoint
CREATE TABLE "users" (
\t"id" serial PRIMARY KEY NOT NULL,
\t"name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;`;

/** an enum value added and used as a column default: drizzle-kit writes both in one migration */
const DRIZZLE_ENUM_ADD_AND_USE = `ALTER TYPE "public"."status" ADD VALUE 'archived';--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'archived';--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text NOT NULL;--> statement-breakpoint
CREATE INDEX "posts_user_idx" ON "posts" USING btree ("user_id");`;

const DRIZZLE_ENUM_ADD_ONLY = `ALTER TYPE "public"."status" ADD VALUE 'archived';`;

const DRIZZLE_CUSTOM = `-- Custom SQL migration file, put your code below! --`;

const DRIZZLE_INDEX = `CREATE INDEX "posts_user_idx" ON "posts" USING btree ("user_id");`;

const NO_TX = '-- ladder:no-transaction\n';

function hits(sql: string, mode: TransactionMode = transactionMode(sql)) {
  return checkMigration(lexMigration(sql), mode).map((h) => `${h.rule}@${h.line}`);
}

describe('transactionMode', () => {
  it.each([
    ['-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);', 'no-transaction'],
    ['\ufeff-- ladder:no-transaction  \r\nVACUUM t;', 'no-transaction'],
    ['CREATE INDEX i ON t (a);\n-- ladder:no-transaction', 'transaction'],
    [DRIZZLE_INIT, 'transaction'],
  ])('%j is %s', (sql, mode) => expect(transactionMode(sql)).toBe(mode));
});

describe('own rules fire, and do not fire', () => {
  it.each<[string, string, string[]]>([
    // transaction-control
    ['COMMIT; before CONCURRENTLY (the drizzle-orm#860 workaround)', 'CREATE TABLE t (a int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);', ['transaction-control@2']],
    ['BEGIN/END around statements', 'BEGIN;\nSELECT 1;\nEND;', ['transaction-control@1', 'transaction-control@3']],
    ['START TRANSACTION and ROLLBACK', 'START TRANSACTION;\nROLLBACK;', ['transaction-control@1', 'transaction-control@2']],
    ['BEGIN/COMMIT in a no-transaction migration', `${NO_TX}BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;`, ['transaction-control@2', 'transaction-control@4']],
    ['ROLLBACK TO SAVEPOINT is not transaction control of the migration', 'SAVEPOINT s;\nUPDATE t SET a = 1;\nROLLBACK TO SAVEPOINT s;', []],
    ['BEGIN inside a DO block or a function body', `DO $$ BEGIN RAISE NOTICE 'x'; END $$;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;`, []],
    ['drizzle-kit output has none', DRIZZLE_INIT, []],
    // needs-no-transaction
    ['CREATE INDEX CONCURRENTLY in a transactional migration', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);', ['needs-no-transaction@1']],
    ['DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM', 'DROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY i;\nVACUUM t;', ['needs-no-transaction@1', 'needs-no-transaction@2', 'needs-no-transaction@3']],
    ['CREATE UNIQUE INDEX CONCURRENTLY', 'CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);', ['needs-no-transaction@1']],
    ['CONCURRENTLY in a no-transaction migration', `${NO_TX}CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);`, []],
    ['CONCURRENTLY after a legacy COMMIT (outside the transaction)', 'COMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);', ['transaction-control@1']],
    ['CONCURRENTLY back inside after BEGIN', 'COMMIT;\nBEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);', ['transaction-control@1', 'transaction-control@2', 'needs-no-transaction@3']],
    ['a plain index drizzle-kit generates', DRIZZLE_INDEX, []],
    ['"concurrently" as a quoted name is not the keyword', 'CREATE INDEX "concurrently" ON t (a);', []],
    // enum-value-used-in-transaction
    ['drizzle-kit: enum value added and used as a default', DRIZZLE_ENUM_ADD_AND_USE, ['enum-value-used-in-transaction@2']],
    ['value added and used in an UPDATE', "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';\nUPDATE t SET m = 'meh' WHERE m IS NULL;", ['enum-value-used-in-transaction@2']],
    ['drizzle-kit: enum value added only', DRIZZLE_ENUM_ADD_ONLY, []],
    ['added and used in a no-transaction migration', `${NO_TX}ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';\nUPDATE t SET m = 'meh';`, []],
    ['added, COMMIT, then used', "ALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;\nUPDATE t SET m = 'meh';", ['transaction-control@2']],
    ['another value used', "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE t SET m = 'sad';", []],
    ['two values added one after another', "ALTER TYPE mood ADD VALUE 'meh';\nALTER TYPE mood ADD VALUE 'blah' AFTER 'meh';", []],
    // no-transaction-not-idempotent
    ['several plain statements in a no-transaction migration', `${NO_TX}CREATE INDEX CONCURRENTLY i ON t (a);\nALTER TABLE t ADD COLUMN b int;\nINSERT INTO t (a) VALUES (1);`, ['no-transaction-not-idempotent@2', 'no-transaction-not-idempotent@3', 'no-transaction-not-idempotent@4']],
    ['several idempotent statements', `${NO_TX}CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\nDROP INDEX CONCURRENTLY IF EXISTS j;\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';\nUPDATE t SET m = 'meh' WHERE m IS NULL;\nALTER TABLE t VALIDATE CONSTRAINT c;`, []],
    ['one non-idempotent statement alone (nothing before it to repeat)', `${NO_TX}CREATE INDEX CONCURRENTLY i ON t (a);`, []],
    ['non-idempotent statements in a transactional migration', DRIZZLE_ENUM_ADD_ONLY + '\nCREATE TABLE x (a int);\nCREATE TABLE y (a int);', []],
    // empty-migration
    ['drizzle-kit generate --custom left as it is', DRIZZLE_CUSTOM, ['empty-migration@1']],
    ['an empty file', '', ['empty-migration@1']],
    ['only the no-transaction directive', NO_TX, ['empty-migration@1']],
    ['a custom migration with SQL', `${DRIZZLE_CUSTOM}\nUPDATE users SET name = trim(name);`, []],
    // copy-from-stdin
    ['pg_dump data pasted into a migration', 'COPY public.users (id, name) FROM stdin;\n1\tann\n\\.\n', ['copy-from-stdin@1']],
    ['COPY from a server file', "COPY users FROM '/tmp/users.csv' WITH (FORMAT csv);", []],
    ['COPY TO STDOUT', 'COPY users TO STDOUT;', []],
  ])('%s', (_name, sql, expected) => {
    expect(hits(sql)).toEqual(expected);
  });
});

describe('isIdempotent', () => {
  it.each<[string, boolean]>([
    ['CREATE TABLE t (a int)', false],
    ['CREATE TABLE IF NOT EXISTS t (a int)', true],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', true],
    ['DROP TABLE t', false],
    ['DROP TABLE IF EXISTS t', true],
    ['ALTER TABLE t ADD COLUMN b int', false],
    ['ALTER TABLE t ADD COLUMN IF NOT EXISTS b int', true],
    ['ALTER TABLE t ADD b int', false],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID', false],
    ['ALTER TABLE t DROP COLUMN b', false],
    ['ALTER TABLE t DROP COLUMN IF EXISTS b', true],
    ['ALTER TABLE t DROP CONSTRAINT IF EXISTS c', true],
    ['ALTER TABLE t ALTER COLUMN a SET NOT NULL', true],
    ['ALTER TABLE t ALTER COLUMN a DROP NOT NULL', true],
    ['ALTER TABLE t ALTER COLUMN a DROP DEFAULT', true],
    ['ALTER TABLE t RENAME COLUMN a TO b', false],
    ["ALTER TYPE mood ADD VALUE 'x'", false],
    ["ALTER TYPE mood ADD VALUE IF NOT EXISTS 'x'", true],
    ['INSERT INTO t VALUES (1)', false],
    ['INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING', true],
    ['UPDATE t SET a = 1', true],
    ['VACUUM t', true],
  ])('%s -> %s', (sql, expected) => {
    expect(isIdempotent(lexMigration(sql).statements[0]!)).toBe(expected);
  });
});
