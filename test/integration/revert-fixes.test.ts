// Reverts of the changes drizzle-kit's swapped diff got wrong (issue 15), on
// projects made with REAL drizzle-kit: 0.31 (test/helpers/project.ts) and a
// committed history written by drizzle-kit 0.20.18 (test/fixtures). Each
// generated revert runs on real PostgreSQL after its migration and must give
// back the catalog from before the migration; each todo carries a suggestion
// that does the same once uncommented.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isBlankStatement, splitStatements } from '../../src/core/parse.js';
import { parseRevertHeader } from '../../src/core/revert-header.js';
import type { MigrationSource } from '../../src/core/types.js';
import { readMigrationSource } from '../../src/source/index.js';
import { generateRevert, type GeneratedRevert, type PgSnapshot } from '../../src/source/revert-gen.js';
import { catalogSnapshot, connect, freshDatabase, type Sql } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject, repoRoot } from '../helpers/project.js';

const HEAD = `import { sql } from 'drizzle-orm';\nimport { check, integer, pgEnum, pgTable, serial, text } from 'drizzle-orm/pg-core';\n`;
const credentials = (values: string) => `export const credentialType = pgEnum('credential_type', [${values}]);
export const credentials = pgTable('credentials', { id: serial('id').primaryKey(), kind: credentialType('kind').default('password').notNull() },
  (t) => [check('kind_not_token', sql\`\${t.kind} <> 'token'\`)]);\n`;
const users = (age: string, score: string, team: boolean) =>
  `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), age: ${age}('age'), score: ${score}('score')${
    team ? `, teamId: integer('team_id').references(() => teams.id)` : ''
  } });\n`;
const TEAMS = `export const teams = pgTable('teams', { id: serial('id').primaryKey() });\n`;
const tags = (pk: boolean) => `export const tags = pgTable('tags', { name: text('name')${pk ? '.primaryKey()' : '.notNull()'} });\n`;
const TWO = `'password', 'token'`;
const THREE = `'password', 'token', 'passkey'`;

const STEPS = [
  { name: 'init', schema: HEAD + credentials(TWO) + users('text', 'integer', false) + tags(false) },
  { name: 'fk_to_new_table', schema: HEAD + credentials(TWO) + TEAMS + users('text', 'integer', true) + tags(false) },
  { name: 'text_to_integer', schema: HEAD + credentials(TWO) + TEAMS + users('integer', 'integer', true) + tags(false) },
  { name: 'integer_to_text', schema: HEAD + credentials(TWO) + TEAMS + users('integer', 'text', true) + tags(false) },
  { name: 'enum_value', schema: HEAD + credentials(THREE) + TEAMS + users('integer', 'text', true) + tags(false) },
  { name: 'primary_key', schema: HEAD + credentials(THREE) + TEAMS + users('integer', 'text', true) + tags(true) },
];
const IDS = STEPS.map((s, i) => `${String(i).padStart(4, '0')}_${s.name}`);
const RENAME = '0006_rename';
const CUSTOM = '0007_custom';

let dir: string;
let source: MigrationSource;
const reverts = new Map<string, GeneratedRevert>();
const cleanups: (() => Promise<void>)[] = [];

/** What drizzle-kit writes when "created or renamed?" is answered "rename" (it cannot be driven without a TTY). */
async function writeRename(project: string): Promise<void> {
  const drizzle = path.join(project, 'drizzle');
  const prev = JSON.parse(await fs.readFile(path.join(drizzle, 'meta', '0005_snapshot.json'), 'utf8')) as PgSnapshot;
  const next = structuredClone(prev) as PgSnapshot & { tables: Record<string, { columns: Record<string, { name: string }> }> };
  next.id = '6f1a8c1e-0000-4000-8000-000000000006';
  next.prevId = prev.id;
  const cols = next.tables['public.users']!.columns;
  next.tables['public.users']!.columns = Object.fromEntries(
    Object.entries(cols).map(([k, v]) => (k === 'name' ? ['full_name', { ...v, name: 'full_name' }] : [k, v])),
  );
  await fs.writeFile(path.join(drizzle, 'meta', '0006_snapshot.json'), JSON.stringify(next, null, 2));
  await fs.writeFile(path.join(drizzle, `${RENAME}.sql`), 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";');
  const journalFile = path.join(drizzle, 'meta', '_journal.json');
  const journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { entries: { when: number }[] };
  journal.entries.push({ idx: 6, version: '7', when: journal.entries.at(-1)!.when + 1, tag: RENAME, breakpoints: true } as never);
  await fs.writeFile(journalFile, JSON.stringify(journal, null, 2));
  await fs.writeFile(path.join(project, 'schema.ts'), STEPS.at(-1)!.schema.replace(`name: text('name')`, `name: text('full_name')`));
}

beforeAll(async () => {
  dir = await makeProject({ schema: STEPS[0]!.schema, name: STEPS[0]!.name });
  cleanups.push(() => removeProject(dir));
  for (const step of STEPS.slice(1)) await regenerate(dir, step.schema, step.name);
  // drizzle-kit writes `SET DATA TYPE integer`, which PostgreSQL refuses for text: the user adds the cast
  const textToInt = path.join(dir, 'drizzle', `${IDS[2]}.sql`);
  await fs.writeFile(textToInt, (await fs.readFile(textToInt, 'utf8')).replace('SET DATA TYPE integer;', 'SET DATA TYPE integer USING "age"::integer;'));
  await writeRename(dir);
  const custom = await generate(dir, { custom: true, name: 'custom' });
  await fs.writeFile(custom.sqlFile!, 'UPDATE "users" SET "score" = \'0\';');
  source = readMigrationSource(dir, 'drizzle');
  expect(source.migrations.map((m) => m.id)).toEqual([...IDS, RENAME, CUSTOM]);
  for (const m of source.migrations) reverts.set(m.id, await generateRevert(dir, source, m.id));
});

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function revert(id: string): GeneratedRevert {
  return reverts.get(id)!;
}

function statements(sql: string): string[] {
  return splitStatements(sql).filter((s) => !isBlankStatement(s));
}

/** The catalog's lines, each with its table, sorted: the same schema whatever the column order. */
function sortedLines(text: string): string[] {
  let table = '';
  return text
    .split('\n')
    .map((line) => (line.startsWith('table ') ? (table = line) : `${table} ${line}`))
    .sort();
}

/** A todo's suggestion block, uncommented: what the user gets by deleting `-- `. */
function uncommentedSuggestion(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('-- suggestion'));
  expect(at, 'the todo has a suggestion').toBeGreaterThan(0);
  return lines
    .slice(at + 1)
    .map((l) => l.replace(/^-- /, ''))
    .join('\n');
}

describe('drizzle-kit 0.31 project', () => {
  it('generates reverts for every schema change, each recording the migration it was written for', () => {
    for (const id of IDS.slice(0, 5)) {
      const r = revert(id);
      expect(r.reason, id).toBeUndefined();
      const m = source.migrations.find((x) => x.id === id)!;
      expect(parseRevertHeader(r.text)).toMatchObject({ id, migrationHash: m.hash });
      expect(parseRevertHeader(r.text)!.generatedHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('drops the foreign key to a new table before the table', () => {
    const s = statements(revert(IDS[1]!).text).map((x) => x.trim().replace(/^(--[^\n]*\n)+/, ''));
    const fk = s.findIndex((x) => x.startsWith('ALTER TABLE "users" DROP CONSTRAINT "users_team_id_teams_id_fk"'));
    const table = s.findIndex((x) => x.startsWith('DROP TABLE "teams"'));
    expect(fk).toBeGreaterThanOrEqual(0);
    expect(fk).toBeLessThan(table);
  });

  it('casts a type change back with USING only where PostgreSQL needs it', () => {
    // the migration's own USING is what a user adds to drizzle-kit's output: still generated
    expect(revert(IDS[2]!).text).toContain('ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE text;');
    expect(revert(IDS[3]!).text).toContain('ALTER TABLE "users" ALTER COLUMN "score" SET DATA TYPE integer USING "score"::integer;');
  });

  it('recreates an enum around the CHECK constraint and the default that use its column', () => {
    const s = statements(revert(IDS[4]!).text).map((x) => x.trim().replace(/^(--[^\n]*\n)+/, ''));
    expect(s[0]).toBe('ALTER TABLE "credentials" DROP CONSTRAINT "kind_not_token";');
    expect(s.at(-1)).toBe(`ALTER TABLE "credentials" ADD CONSTRAINT "kind_not_token" CHECK ("credentials"."kind" <> 'token');`);
  });

  it("a primary key drizzle-kit cannot name is a todo, with the DROP CONSTRAINT it would be", () => {
    const r = revert(IDS[5]!);
    expect(r.generated).toBe(false);
    expect(r.reason).toMatch(/placeholder where it cannot name a primary key/);
    expect(r.text.split('\n')[0]).toBe(`-- ladder:todo write the revert SQL for ${IDS[5]}`);
    expect(uncommentedSuggestion(r.text).trim()).toBe('ALTER TABLE "tags" DROP CONSTRAINT "tags_pkey";');
  });

  it('a rename is a todo whose suggestion is the reverse RENAME', () => {
    const r = revert(RENAME);
    expect(r.generated).toBe(false);
    expect(r.reason).toMatch(/^ambiguous diff: column users\.name dropped and column users\.full_name added/);
    expect(uncommentedSuggestion(r.text).trim()).toBe('ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";');
  });

  it('a custom migration is a todo', () => {
    expect(revert(CUSTOM).reason).toMatch(/^custom migration/);
    expect(parseRevertHeader(revert(CUSTOM).text)).toMatchObject({ id: CUSTOM });
  });

  it('each revert (or its suggestion) restores the schema on PostgreSQL', async () => {
    const fresh = await freshDatabase(inject('pgUrl'));
    cleanups.push(fresh.drop);
    const db: Sql = connect(fresh.url, { max: 1 });
    try {
      for (const m of source.migrations.filter((x) => x.id !== CUSTOM)) {
        const before = await catalogSnapshot(db);
        for (const s of statements(m.sql)) await db.unsafe(s);
        const after = await catalogSnapshot(db);
        const r = revert(m.id);
        const sql = r.generated ? r.text : uncommentedSuggestion(r.text);
        for (const s of statements(sql)) await db.unsafe(s);
        expect(await catalogSnapshot(db), `the revert of ${m.id} restores the schema`).toBe(before);
        for (const s of statements(m.sql)) await db.unsafe(s);
        expect(await catalogSnapshot(db), `${m.id} applies again`).toBe(after);
      }
    } finally {
      await db.end({ timeout: 5 });
    }
  });
});

describe('drizzle-kit 0.20 history (committed fixture)', () => {
  let old: string;
  let oldSource: MigrationSource;
  const oldReverts: GeneratedRevert[] = [];

  beforeAll(async () => {
    old = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-kit020-'));
    cleanups.push(() => fs.rm(old, { recursive: true, force: true }));
    await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(old, 'node_modules'), 'dir');
    await fs.cp(path.join(repoRoot, 'test', 'fixtures', 'drizzle-kit-0.20'), path.join(old, 'drizzle'), { recursive: true });
    await fs.rm(path.join(old, 'drizzle', 'README.md'));
    // the journal reader is not what this test is about: read it as a 0.3x journal, snapshots and SQL as 0.20 wrote them
    const journalFile = path.join(old, 'drizzle', 'meta', '_journal.json');
    const journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(journalFile, JSON.stringify({ ...journal, version: '7', dialect: 'postgresql' }));
    oldSource = readMigrationSource(old, 'drizzle');
    for (const m of oldSource.migrations) oldReverts.push(await generateRevert(old, oldSource, m.id));
  });

  it('recognizes 0.20 output as generated: every revert is generated', () => {
    expect(oldSource.migrations[0]!.sql).toMatch(/^DO \$\$ BEGIN\n CREATE TYPE "role"/);
    expect(oldSource.migrations[0]!.sql).toContain('CREATE TABLE IF NOT EXISTS "posts"');
    expect(oldReverts.map((r) => r.reason ?? 'generated')).toEqual(oldSource.migrations.map(() => 'generated'));
  });

  it('each revert restores the schema on PostgreSQL', async () => {
    const fresh = await freshDatabase(inject('pgUrl'));
    cleanups.push(fresh.drop);
    const db: Sql = connect(fresh.url, { max: 1 });
    try {
      for (const [i, m] of oldSource.migrations.entries()) {
        // column order aside: a dropped column comes back last (ADD COLUMN), 0003 drops one in the middle
        const before = sortedLines(await catalogSnapshot(db));
        for (const s of statements(m.sql)) await db.unsafe(s);
        for (const s of statements(oldReverts[i]!.text)) await db.unsafe(s);
        expect(sortedLines(await catalogSnapshot(db)), `the revert of ${m.id} restores the schema`).toEqual(before);
        for (const s of statements(m.sql)) await db.unsafe(s);
      }
    } finally {
      await db.end({ timeout: 5 });
    }
  });
});
