/**
 * Is a migration file what drizzle-kit generates from its snapshots? The
 * answer decides whether the swapped diff (the revert ladder generates) undoes
 * it. ladder asks the installed drizzle-kit (0.31) for the forward SQL and
 * compares it with the file; older drizzle-kit versions spelled the same
 * changes differently, so both sides are brought to one spelling first
 * (issue 15: 137 of 911 real migrations were called "hand-edited" only for
 * their spelling). Every rule below is a spelling seen in real drizzle-kit
 * 0.20-0.30 output (checked against the published packages) that means the
 * same schema change as 0.31's:
 *
 * - `DO $$ BEGIN <stmt> EXCEPTION WHEN duplicate_object THEN null; END $$;`
 *   around CREATE TYPE and ADD CONSTRAINT ... FOREIGN KEY (0.20-0.30);
 * - `CREATE TABLE IF NOT EXISTS`, `CREATE INDEX IF NOT EXISTS`,
 *   `CREATE SCHEMA IF NOT EXISTS`, `DROP COLUMN IF EXISTS`,
 *   `DROP INDEX IF EXISTS`, `DROP CONSTRAINT IF EXISTS`;
 * - `DROP TABLE "t";` (0.31 adds CASCADE);
 * - names without `"public".` (`ALTER TYPE "status"`, `REFERENCES "users"`);
 * - `CREATE INDEX ... ON "t" ("c")` without 0.31's default `USING btree`;
 * - `SET DATA TYPE x USING "c"::x` (a cast the user added, or 0.31's own for
 *   enums): the same type change;
 * - whitespace and full-line `--` comments.
 *
 * Two hand edits are accepted too, because the schema they leave is the one
 * the snapshots describe: statements that only change rows (a backfill:
 * UPDATE, INSERT, DELETE; the revert does not undo them, and says so), and
 * a column added nullable then set NOT NULL after its backfill.
 *
 * Statements are compared as a multiset: versions order tables, enums and
 * constraints differently, and the schema a successful migration leaves does
 * not depend on that order. Pure: text in, text out.
 */
import { splitSql } from './sql-split.js';

/** A statement of drizzle-kit output in one spelling, for comparison only (never run). */
export function canonicalStatement(statement: string): string {
  let s = stripLineComments(statement.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''));
  s = collapseWhitespace(s).trim();
  // the DO block may hold one statement (0.20-0.30: one per block)
  const wrapped = /^DO \$\$ BEGIN (.+?;) EXCEPTION WHEN duplicate_object THEN null; END \$\$;?$/i.exec(s);
  if (wrapped) s = wrapped[1]!;
  s = s.replace(/;$/, '').trim();
  s = s
    .replace(/^CREATE TABLE IF NOT EXISTS /i, 'CREATE TABLE ')
    .replace(/^CREATE SCHEMA IF NOT EXISTS /i, 'CREATE SCHEMA ')
    .replace(/^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?IF NOT EXISTS /i, 'CREATE $1INDEX $2')
    .replace(/^DROP (INDEX|TABLE|TYPE|VIEW|SEQUENCE|SCHEMA) IF EXISTS /i, 'DROP $1 ')
    .replace(/ DROP (COLUMN|CONSTRAINT) IF EXISTS /gi, ' DROP $1 ')
    .replace(/^(DROP TABLE "[^"]+"(?:\."[^"]+")?) CASCADE$/i, '$1');
  s = s.replace(/"public"\.(?=")/g, '');
  // CREATE INDEX "i" ON "t" USING btree ("c"): btree is the default method
  s = s.replace(/^(CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?"[^"]+" ON (?:ONLY )?"[^"]+"(?:\."[^"]+")?) USING btree\(/i, '$1(');
  // ALTER COLUMN "c" SET DATA TYPE x USING "c"::x: the same type change
  const using = /^(.* ALTER COLUMN "([^"]+)" SET DATA TYPE (.+?)) USING "([^"]+)"::(.+)$/i.exec(s);
  if (using && using[2] === using[4] && sameType(using[3]!, using[5]!)) s = using[1]!;
  return s;
}

function sameType(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/** Full-line `--` comments out; a comment after code stays (it might be inside a string). */
function stripLineComments(s: string): string {
  return s
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
}

/**
 * Runs of whitespace outside quotes become one space, and none next to a
 * parenthesis or before a comma (versions differ: `UNIQUE("c")`, `ENUM (...)`).
 * Text in '...' and "..." is kept as is.
 */
function collapseWhitespace(s: string): string {
  let out = '';
  let quote = '';
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = '';
      continue;
    }
    if (/\s/.test(c)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      if (out !== '' && !out.endsWith('(') && c !== '(' && c !== ')' && c !== ',') out += ' ';
      pendingSpace = false;
    }
    if (c === "'" || c === '"') quote = c;
    out += c;
  }
  return out;
}

/**
 * The SQL statements in one piece of a migration file, split at top-level
 * semicolons: a piece between two breakpoints may hold several (a backfill
 * written under drizzle-kit's statement). Quotes, dollar quotes and comments
 * are respected; each statement keeps its text without the `;`.
 */
export function sqlStatements(text: string): string[] {
  // the same splitter as `ladder sql`'s (quotes, identifiers, dollar quotes, comments)
  const { statements, rest } = splitSql(text);
  return rest.trim() === '' ? statements : [...statements, rest];
}

/** UPDATE, INSERT, DELETE: they change rows, never the schema. */
function isDataStatement(canonical: string): boolean {
  return /^(UPDATE|INSERT INTO|DELETE FROM|WITH) /i.test(canonical) && !/\b(ALTER|CREATE|DROP) /i.test(canonical.replace(/'[^']*'/g, "''"));
}

/**
 * `ADD COLUMN "c" t` followed (after a backfill) by `ALTER COLUMN "c" SET NOT
 * NULL` is drizzle-kit's `ADD COLUMN "c" t NOT NULL` written in the order a
 * table with rows needs.
 */
function mergeNotNull(statements: string[]): string[] {
  const out = [...statements];
  for (let i = 0; i < out.length; i++) {
    const m = /^ALTER TABLE ("[^"]+"(?:\."[^"]+")?) ALTER COLUMN "([^"]+)" SET NOT NULL$/.exec(out[i]!);
    if (!m) continue;
    const prefix = `ALTER TABLE ${m[1]} ADD COLUMN "${m[2]}" `;
    const add = out.findIndex((s, j) => j < i && s.startsWith(prefix) && !/ NOT NULL\b/.test(s));
    if (add === -1) continue;
    out[add] = `${out[add]} NOT NULL`;
    out.splice(i, 1);
    i--;
  }
  return out;
}

export type GeneratedComparison =
  | {
      same: true;
      /** statements the file adds that only change rows (a backfill): the revert restores the schema, not the rows */
      dataStatements: string[];
    }
  | {
      same: false;
      /** statements of the file that drizzle-kit does not generate (canonical spelling), in file order */
      extra: string[];
      /** statements drizzle-kit generates that the file lacks, in drizzle-kit's order */
      missing: string[];
    };

/**
 * Whether the file's statements are drizzle-kit's, modulo the spellings above
 * and their order. Blank statements (whitespace, comments) are ignored on both
 * sides; statements that only change rows are set apart (dataStatements), and
 * a column added nullable then set NOT NULL counts as added NOT NULL.
 */
export function compareWithGenerated(generated: readonly string[], file: readonly string[]): GeneratedComparison {
  const canonical = (pieces: readonly string[]) =>
    pieces
      .flatMap(sqlStatements)
      .map(canonicalStatement)
      .filter((s) => s !== '');
  const want = canonical(generated);
  const all = canonical(file);
  const dataStatements = all.filter(isDataStatement);
  const have = mergeNotNull(all.filter((s) => !isDataStatement(s)));
  const left = new Map<string, number>();
  for (const s of want) left.set(s, (left.get(s) ?? 0) + 1);
  const extra: string[] = [];
  for (const s of have) {
    const n = left.get(s) ?? 0;
    if (n > 0) left.set(s, n - 1);
    else extra.push(s);
  }
  const missing: string[] = [];
  for (const s of want) {
    const n = left.get(s) ?? 0;
    if (n > 0) {
      missing.push(s);
      left.set(s, n - 1);
    }
  }
  return extra.length === 0 && missing.length === 0 ? { same: true, dataStatements } : { same: false, extra, missing };
}
