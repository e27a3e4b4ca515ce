import { describe, expect, it } from 'vitest';
import { leadingWords, lexMigration } from '../../../src/lint/statements.js';

const words = (sql: string) => lexMigration(sql).statements.map((s) => leadingWords(s, 3).join(' '));
const lines = (sql: string) => lexMigration(sql).statements.map((s) => s.line);

describe('lexMigration: statement boundaries', () => {
  it.each([
    ['breakpoint chunks as drizzle-kit writes them', 'CREATE TABLE "a" (id int);--> statement-breakpoint\nCREATE INDEX "i" ON "a" (id);', ['CREATE TABLE', 'CREATE INDEX']],
    ['several statements in one chunk', 'COMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;', ['COMMIT', 'CREATE INDEX CONCURRENTLY', 'BEGIN']],
    ['; inside a string', "INSERT INTO t VALUES ('a;b');SELECT 1", ['INSERT INTO T', 'SELECT']],
    ["; inside an E'' string with an escaped quote", "SELECT E'it\\'s;x';SELECT 2", ['SELECT', 'SELECT']],
    ['; inside a quoted identifier', 'CREATE TABLE "a;b" (id int);SELECT 1', ['CREATE TABLE', 'SELECT']],
    ['; inside a $$ body', 'CREATE FUNCTION f() RETURNS int AS $$ BEGIN; RETURN 1; END $$ LANGUAGE plpgsql;SELECT 1', ['CREATE FUNCTION F', 'SELECT']],
    ['; inside a $tag$ body holding $$', 'DO $x$ BEGIN PERFORM $$;$$; END $x$;SELECT 1', ['DO', 'SELECT']],
    ['; inside comments', '-- a;b\n/* c; /* nested; */ d; */ SELECT 1;SELECT 2', ['SELECT', 'SELECT']],
    ['BEGIN ATOMIC bodies', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;SELECT 3', ['CREATE FUNCTION F', 'SELECT']],
    ['a comment-only file', '-- Custom SQL migration file, put your code below! --\n', []],
    ['an empty file', '', []],
    ['empty chunks and stray semicolons', ';;--> statement-breakpoint\n  \n', []],
  ])('%s', (_name, sql, expected) => {
    expect(words(sql)).toEqual(expected);
  });

  it('gives the line of each statement in the file, across chunks and comments', () => {
    const sql = '-- header\nCREATE TABLE a (\n  id int\n);\n--> statement-breakpoint\n\nSELECT 1;\n/* x\ny */ SELECT 2;';
    expect(lines(sql)).toEqual([2, 7, 9]);
  });

  it('keeps string values and quoted identifiers as tokens', () => {
    const [s] = lexMigration(`ALTER TYPE "public"."status" ADD VALUE 'it''s';`).statements;
    expect(s!.tokens.filter((t) => t.kind === 'string').map((t) => t.value)).toEqual(["it's"]);
    expect(s!.tokens.filter((t) => t.kind === 'ident').map((t) => t.value)).toEqual(['public', 'status']);
  });
});

describe('lexMigration: -- ladder:allow', () => {
  it('attaches a comment above, inside, or trailing on the same line to its statement', () => {
    const sql = [
      '-- ladder:allow rule-a',
      'SELECT 1;',
      'SELECT 2; -- ladder:allow rule-b, rule-c',
      'SELECT 3',
      '  -- ladder:allow rule-d',
      '  FROM t;',
      'SELECT 4;',
    ].join('\n');
    expect(lexMigration(sql).statements.map((s) => s.allow)).toEqual([['rule-a'], ['rule-b', 'rule-c'], ['rule-d'], []]);
  });
});
