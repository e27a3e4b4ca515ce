// The pure rules behind generated reverts: older drizzle-kit spellings, the
// fixups of drizzle-kit's revert SQL, the revert file's header.
import { describe, expect, it } from 'vitest';
import { canonicalStatement, compareWithGenerated } from '../../../src/core/revert-compare.js';
import { fixRevertStatements, needsCast, type RevertContext } from '../../../src/core/revert-fixups.js';
import { parseRevertHeader, revertFreshness, withRevertHeader } from '../../../src/core/revert-header.js';

describe('canonicalStatement: older drizzle-kit output reads as 0.31', () => {
  it.each([
    [
      'DO $$ BEGIN\n CREATE TYPE "role" AS ENUM(\'admin\', \'user\');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;',
      'CREATE TYPE "public"."role" AS ENUM(\'admin\', \'user\');',
    ],
    [
      'DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n',
      'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;',
    ],
    ['CREATE TABLE IF NOT EXISTS "t" (\n\t"id" serial PRIMARY KEY NOT NULL\n);', 'CREATE TABLE "t" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n'],
    ['CREATE INDEX IF NOT EXISTS "i" ON "t" ("c");', 'CREATE INDEX "i" ON "t" USING btree ("c");'],
    ['CREATE UNIQUE INDEX IF NOT EXISTS "i" ON "t" ("c");', 'CREATE UNIQUE INDEX "i" ON "t" USING btree ("c");'],
    ['ALTER TABLE "t" DROP COLUMN IF EXISTS "c";', 'ALTER TABLE "t" DROP COLUMN "c";'],
    ['DROP INDEX IF EXISTS "i";', 'DROP INDEX "i";'],
    ['DROP TABLE "t";', 'DROP TABLE "t" CASCADE;'],
    ['ALTER TYPE "status" ADD VALUE \'x\';', 'ALTER TYPE "public"."status" ADD VALUE \'x\';'],
    ['-- backfill first\nALTER TABLE "t" ADD COLUMN "c" text;', 'ALTER TABLE "t" ADD COLUMN "c" text;'],
    ['ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer USING "c"::integer;', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer;'],
  ])('%s', (old, current) => {
    expect(canonicalStatement(old)).toBe(canonicalStatement(current));
  });

  it.each([
    ['a different default', "ALTER TABLE \"t\" ADD COLUMN \"c\" text DEFAULT 'a';", "ALTER TABLE \"t\" ADD COLUMN \"c\" text DEFAULT 'b';"],
    ['whitespace inside a string', "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 'a  b';", "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 'a b';"],
    ['a USING cast to another type', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer USING length("c");', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer;'],
    ['a USING cast of another column', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer USING "d"::integer;', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer;'],
    ['a USING cast to another type than the column gets', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer USING "c"::boolean;', 'ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE integer;'],
    ['another schema', 'CREATE TABLE "auth"."t" ("id" text);', 'CREATE TABLE "t" ("id" text);'],
  ])('keeps a real difference: %s', (_what, a, b) => {
    expect(canonicalStatement(a)).not.toBe(canonicalStatement(b));
  });

  it('compares statements as a multiset and names what differs', () => {
    expect(compareWithGenerated(['A;', 'B;'], ['B;', '', 'A;'])).toEqual({ same: true, dataStatements: [] });
    expect(compareWithGenerated(['A;', 'B;'], ['A;', 'B;', 'C;'])).toEqual({ same: false, extra: ['C'], missing: [] });
    expect(compareWithGenerated(['A;', 'A;'], ['A;'])).toEqual({ same: false, extra: [], missing: ['A'] });
  });

  it('sets apart statements that only change rows, and takes ADD COLUMN + backfill + SET NOT NULL as ADD COLUMN NOT NULL', () => {
    const generated = ['ALTER TABLE "b" ADD COLUMN "app" text NOT NULL;'];
    const file = [
      'ALTER TABLE "b" ADD COLUMN "app" text;\n\n-- backfill; then NOT NULL\nUPDATE "b" SET "app" = \'x;y\' || "id";',
      'ALTER TABLE "b" ALTER COLUMN "app" SET NOT NULL;',
    ];
    expect(compareWithGenerated(generated, file)).toEqual({ same: true, dataStatements: [`UPDATE "b" SET "app" = 'x;y' || "id"`] });
    // a DDL statement is never a data statement, and a SET NOT NULL without its ADD COLUMN stays
    expect(compareWithGenerated(['ALTER TABLE "b" ADD COLUMN "app" text;'], ['ALTER TABLE "b" ADD COLUMN "app" text; CREATE INDEX "i" ON "b" ("app");']).same).toBe(false);
    expect(compareWithGenerated(['X;'], ['X;', 'ALTER TABLE "b" ALTER COLUMN "app" SET NOT NULL;']).same).toBe(false);
  });
});

const TYPES: Record<string, string> = { 'users.score': 'text', 'users.age': 'integer', 'users.flag': 'boolean', 'users.code': 'varchar(20)' };

describe('fixRevertStatements', () => {
  const context = (over: Partial<RevertContext> = {}): RevertContext => ({
    foreignKeys: new Set(['users_team_id_teams_id_fk']),
    columnType: (table, column) => TYPES[`${table}.${column}`],
    checksUsing: () => [],
    ...over,
  });

  it('drops foreign keys before anything else, other statements in their order', () => {
    const input = [
      'DROP TABLE "teams" CASCADE;',
      'ALTER TABLE "users" DROP CONSTRAINT "users_team_id_teams_id_fk";',
      'ALTER TABLE "users" DROP CONSTRAINT "users_email_unique";',
      'ALTER TABLE "users" DROP COLUMN "team_id";',
    ];
    expect(fixRevertStatements(input, context())).toEqual([input[1], input[0], input[2], input[3]]);
  });

  it.each([
    ['ALTER TABLE "users" ALTER COLUMN "score" SET DATA TYPE integer;', 'ALTER TABLE "users" ALTER COLUMN "score" SET DATA TYPE integer USING "score"::integer;'],
    ['ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE text;', 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE text;'],
    ['ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;', 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;'],
    ['ALTER TABLE "users" ALTER COLUMN "flag" SET DATA TYPE integer;', 'ALTER TABLE "users" ALTER COLUMN "flag" SET DATA TYPE integer USING "flag"::integer;'],
    ['ALTER TABLE "users" ALTER COLUMN "code" SET DATA TYPE varchar(10);', 'ALTER TABLE "users" ALTER COLUMN "code" SET DATA TYPE varchar(10);'],
    ['ALTER TABLE "users" ALTER COLUMN "score" SET DATA TYPE "public"."e" USING "score"::"public"."e";', 'ALTER TABLE "users" ALTER COLUMN "score" SET DATA TYPE "public"."e" USING "score"::"public"."e";'],
  ])('%s', (input, output) => {
    expect(fixRevertStatements([input], context())).toEqual([output]);
  });

  it('needsCast only where PostgreSQL has no assignment cast', () => {
    expect(needsCast('text', 'integer')).toBe(true);
    expect(needsCast('text[]', 'integer[]')).toBe(true);
    expect(needsCast('jsonb', 'integer')).toBe(true);
    expect(needsCast('integer', 'text')).toBe(false);
    expect(needsCast('numeric(10,2)', 'integer')).toBe(false);
    expect(needsCast('timestamp', 'date')).toBe(false);
  });

  it('drops a CHECK constraint on a column before its type changes and adds it after the last change', () => {
    const ctx = context({ checksUsing: (t, c) => (t === 'credentials' && c === 'kind' ? [{ name: 'k', expression: `"credentials"."kind" <> 'token'` }] : []) });
    const input = [
      'ALTER TABLE "credentials" ALTER COLUMN "kind" SET DATA TYPE text;',
      'DROP TYPE "public"."t";',
      'CREATE TYPE "public"."t" AS ENUM(\'a\');',
      'ALTER TABLE "credentials" ALTER COLUMN "kind" SET DATA TYPE "public"."t" USING "kind"::"public"."t";',
    ];
    expect(fixRevertStatements(input, ctx)).toEqual([
      'ALTER TABLE "credentials" DROP CONSTRAINT "k";',
      ...input,
      `ALTER TABLE "credentials" ADD CONSTRAINT "k" CHECK ("credentials"."kind" <> 'token');`,
    ]);
  });
});

describe('the revert header', () => {
  const hash = 'a'.repeat(64);
  const other = 'b'.repeat(64);

  it('goes after the first line and is read back', () => {
    const text = withRevertHeader('-- ladder:todo write the revert SQL for 0001_x\n-- why: custom\n', '0001_x', hash, false);
    expect(text.split('\n').slice(0, 2)).toEqual(['-- ladder:todo write the revert SQL for 0001_x', `-- ladder:reverts 0001_x sha256:${hash}`]);
    expect(parseRevertHeader(text)).toEqual({ id: '0001_x', migrationHash: hash });
    expect(parseRevertHeader('-- mine\nSELECT 1;\n-- ladder:reverts 0001_x sha256:' + hash)).toBeUndefined();
  });

  const generated = withRevertHeader('-- revert of x\nDROP TABLE "t";\n', '0001_x', hash, true);
  const cases: [string, string, boolean, string, string][] = [
    ['no header', '-- mine\nDROP TABLE "t";\n', false, other, 'unknown'],
    ['current', generated, false, hash, 'current'],
    ['generated, untouched', generated, false, other, 'stale-generated'],
    ['generated, edited', generated + 'SELECT 1;\n', false, other, 'stale-edited'],
    ['todo, only comments', withRevertHeader('-- ladder:todo write\n-- why\n', '0001_x', hash, false), true, other, 'stale-generated'],
    ['todo, with SQL written', withRevertHeader('-- ladder:todo write\nDROP TABLE "t";\n', '0001_x', hash, false), true, other, 'stale-edited'],
  ];
  it.each(cases)('%s', (_what, text, todo, migrationHash, expected) => {
    expect(revertFreshness(text, '0001_x', migrationHash, todo)).toBe(expected);
  });
});
