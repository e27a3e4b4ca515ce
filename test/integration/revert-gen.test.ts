// Revert files generated with drizzle-kit's own differ (snapshots swapped),
// on a project built with REAL drizzle-kit generate, one migration per kind
// of change. A generated revert is proven on PGlite and on real PostgreSQL:
// apply 0..N-1, snapshot the catalog, apply N, apply the revert, and the
// catalog is the same as before. The cases drizzle-kit cannot answer (a
// rename-like change, a custom or hand-edited migration, no drizzle-kit)
// give a ladder:todo with the reason, quickly, without a prompt.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isBlankStatement, splitStatements } from '../../src/core/parse.js';
import type { MigrationSource } from '../../src/core/types.js';
import { readMigrationSource } from '../../src/source/index.js';
import { ambiguities, generateRevert, loadDrizzleKit, type GeneratedRevert, type PgSnapshot } from '../../src/source/revert-gen.js';
import { catalogSnapshot, connect, freshDatabase, type Sql } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject } from '../helpers/project.js';

const HEAD = `import { index, integer, pgEnum, pgTable, serial, text } from 'drizzle-orm/pg-core';\n`;
const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });\n`;
const USERS_EMAIL = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), email: text('email') });\n`;
const USERS_EMAIL_INDEX = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), email: text('email') },
  (t) => [index('users_email_idx').on(t.email)]);\n`;
const USERS_BIO = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), email: text('email'), bio: text('bio') },
  (t) => [index('users_email_idx').on(t.email)]);\n`;
const posts = (cols: string) => `export const posts = pgTable('posts', { id: serial('id').primaryKey(), ${cols} });\n`;
const STATUS = `export const postStatus = pgEnum('post_status', ['draft', 'published']);\n`;

/** schema.ts of each migration, in order; the rename-like one is written by hand below. */
const STEPS: { name: string; schema: string }[] = [
  { name: 'create_users', schema: HEAD + USERS },
  { name: 'add_column', schema: HEAD + USERS_EMAIL },
  { name: 'add_index', schema: HEAD + USERS_EMAIL_INDEX },
  { name: 'create_posts', schema: HEAD + USERS_EMAIL_INDEX + posts(`userId: integer('user_id'), title: text('title'), body: text('body')`) },
  {
    name: 'add_fk',
    schema: HEAD + USERS_EMAIL_INDEX + posts(`userId: integer('user_id').references(() => users.id), title: text('title'), body: text('body')`),
  },
  // body is the last column: ADD COLUMN puts it back at the same place (a
  // column in the middle would come back last; the data never comes back)
  { name: 'drop_column', schema: HEAD + USERS_EMAIL_INDEX + posts(`userId: integer('user_id').references(() => users.id), title: text('title')`) },
  {
    name: 'add_enum',
    schema:
      HEAD +
      STATUS +
      USERS_EMAIL_INDEX +
      posts(`userId: integer('user_id').references(() => users.id), title: text('title'), status: postStatus('status').default('draft').notNull()`),
  },
];
const GENERATED = STEPS.map((s, i) => `${String(i).padStart(4, '0')}_${s.name}`);
const RENAME_LIKE = '0007_rename_like';
const CUSTOM = '0008_custom_sql';
const HAND_EDITED = '0009_hand_edited';

let dir: string;
let source: MigrationSource;
const reverts = new Map<string, GeneratedRevert & { ms: number }>();
const cleanups: (() => Promise<void>)[] = [];

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

/**
 * What drizzle-kit writes when its "created or renamed?" prompt is answered
 * "create column": drizzle-kit itself cannot be driven without a TTY here.
 */
async function writeRenameLike(project: string): Promise<void> {
  const drizzle = path.join(project, 'drizzle');
  const prev = await readJson<PgSnapshot>(path.join(drizzle, 'meta', '0006_snapshot.json'));
  const next = structuredClone(prev) as PgSnapshot & { tables: Record<string, { columns: Record<string, unknown> }> };
  next.id = randomUUID();
  next.prevId = prev.id;
  const columns = next.tables['public.posts']!.columns;
  delete columns['title'];
  columns['headline'] = { name: 'headline', type: 'text', primaryKey: false, notNull: false };
  await fs.writeFile(path.join(drizzle, 'meta', '0007_snapshot.json'), JSON.stringify(next, null, 2));
  await fs.writeFile(
    path.join(drizzle, `${RENAME_LIKE}.sql`),
    'ALTER TABLE "posts" ADD COLUMN "headline" text;--> statement-breakpoint\nALTER TABLE "posts" DROP COLUMN "title";',
  );
  const journalFile = path.join(drizzle, 'meta', '_journal.json');
  const journal = await readJson<{ entries: { idx: number; when: number }[] }>(journalFile);
  const last = journal.entries.at(-1)!;
  journal.entries.push({ idx: 7, version: '7', when: last.when + 1, tag: RENAME_LIKE, breakpoints: true } as never);
  await fs.writeFile(journalFile, JSON.stringify(journal, null, 2));
  await fs.writeFile(
    path.join(project, 'schema.ts'),
    HEAD + STATUS + USERS_EMAIL_INDEX + posts(`userId: integer('user_id').references(() => users.id), headline: text('headline'), status: postStatus('status').default('draft').notNull()`),
  );
}

beforeAll(async () => {
  dir = await makeProject({ schema: STEPS[0]!.schema, name: STEPS[0]!.name });
  cleanups.push(() => removeProject(dir));
  for (const step of STEPS.slice(1)) await regenerate(dir, step.schema, step.name);
  await writeRenameLike(dir);
  const custom = await generate(dir, { custom: true, name: 'custom_sql' });
  await fs.writeFile(custom.sqlFile!, 'UPDATE "posts" SET "status" = \'published\';');
  const edited = await regenerate(
    dir,
    HEAD + STATUS + USERS_BIO + posts(`userId: integer('user_id').references(() => users.id), headline: text('headline'), status: postStatus('status').default('draft').notNull()`),
    'hand_edited',
  );
  // a schema change the snapshots do not know (a row-only backfill would still be generated)
  await fs.appendFile(edited.sqlFile!, '--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "bio" SET DEFAULT \'\';');

  source = readMigrationSource(dir, 'drizzle');
  expect(source.migrations.map((m) => m.id)).toEqual([...GENERATED, RENAME_LIKE, CUSTOM, HAND_EDITED]);
  for (const m of source.migrations) {
    const started = Date.now();
    const r = await generateRevert(dir, source, m.id);
    reverts.set(m.id, { ...r, ms: Date.now() - started });
  }
});

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function revert(id: string): GeneratedRevert {
  const r = reverts.get(id);
  if (!r) throw new Error(`no revert for ${id}`);
  return r;
}

function statements(sql: string): string[] {
  return splitStatements(sql).filter((s) => !isBlankStatement(s));
}

describe('generated reverts', () => {
  it.each(GENERATED.map((id, i) => [id, i] as const))('%s: generated, with the header naming the snapshots', (id, i) => {
    const r = revert(id);
    expect(r.reason).toBeUndefined();
    expect(r.generated).toBe(true);
    const prev = i === 0 ? 'empty' : String(i - 1).padStart(4, '0');
    expect(r.text.split('\n')[0]).toBe(`-- revert of ${id}, generated by drizzle-ladder from drizzle-kit snapshots ${String(i).padStart(4, '0')} -> ${prev}`);
    expect(r.text.endsWith(';\n')).toBe(true);
    expect(r.text).not.toMatch(/ladder:todo/);
  });

  it('undoes each kind of change with the statement a user expects', () => {
    expect(statements(revert('0000_create_users').text).join('\n')).toContain('DROP TABLE "users" CASCADE;');
    expect(revert('0001_add_column').text).toContain('ALTER TABLE "users" DROP COLUMN "email";');
    expect(revert('0002_add_index').text).toContain('DROP INDEX "users_email_idx";');
    expect(revert('0003_create_posts').text).toContain('DROP TABLE "posts" CASCADE;');
    expect(revert('0004_add_fk').text).toMatch(/ALTER TABLE "posts" DROP CONSTRAINT "posts_user_id_users_id_fk";/);
    expect(revert('0006_add_enum').text).toContain('ALTER TABLE "posts" DROP COLUMN "status";');
    expect(revert('0006_add_enum').text).toContain('DROP TYPE "public"."post_status";');
  });

  it('says that a dropped column comes back empty, right before the statement that recreates it', () => {
    const lines = revert('0005_drop_column').text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ALTER TABLE "posts" ADD COLUMN "body" text'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('-- ladder: data cannot come back: this recreates "posts"."body" empty');
    // also when it is not the first statement: the note goes with its statement, not to the top
    const second = revert(RENAME_LIKE).text.split('\n');
    const title = second.findIndex((l) => l.startsWith('ALTER TABLE "posts" ADD COLUMN "title" text'));
    expect(second[title - 1]).toBe('-- ladder: data cannot come back: this recreates "posts"."title" empty');
    expect(second.findIndex((l) => l.startsWith('ALTER TABLE "posts" DROP COLUMN "headline"'))).toBeLessThan(title - 1);
    // a revert that only drops what the migration created needs no such comment
    for (const id of ['0001_add_column', '0003_create_posts', '0006_add_enum']) {
      expect(revert(id).text).not.toContain('data cannot come back');
    }
  });

  it('uses the same separator as drizzle-kit between statements', () => {
    const text = revert('0006_add_enum').text;
    expect(text).toContain('\n--> statement-breakpoint\n');
    expect(statements(text).length).toBe(2);
  });
});

describe('reverts that cannot be generated are todo files with the reason', () => {
  it('a rename-like change the migration answered "create" (no RENAME): generated, drops and adds back, answered at once', () => {
    const r = revert(RENAME_LIKE);
    expect(r.reason).toBeUndefined();
    expect(r.generated).toBe(true);
    expect(r.text).toContain(`-- ladder: drizzle-kit asked whether something was renamed; drizzle/${RENAME_LIKE}.sql answered "create"`);
    expect(statements(r.text).map((s) => s.trim().replace(/^(--[^\n]*\n)+/, ''))).toEqual([
      'ALTER TABLE "posts" DROP COLUMN "headline";',
      'ALTER TABLE "posts" ADD COLUMN "title" text;',
    ]);
    expect(reverts.get(RENAME_LIKE)!.ms).toBeLessThan(5_000);
  });

  it('a custom migration', () => {
    const r = revert(CUSTOM);
    expect(r.generated).toBe(false);
    expect(r.reason).toMatch(/^custom migration: drizzle\/0008_custom_sql\.sql is hand-written SQL/);
    expect(r.text.split('\n')[0]).toBe(`-- ladder:todo write the revert SQL for ${CUSTOM}`);
  });

  it('a hand-edited migration', () => {
    const r = revert(HAND_EDITED);
    expect(r.generated).toBe(false);
    expect(r.reason).toMatch(/^hand-edited: drizzle\/0009_hand_edited\.sql is not the SQL drizzle-kit generates from its snapshots/);
  });

  it('drizzle-kit not installed in the project', async () => {
    const bare = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-no-kit-'));
    cleanups.push(() => fs.rm(bare, { recursive: true, force: true }));
    await fs.cp(path.join(dir, 'drizzle'), path.join(bare, 'drizzle'), { recursive: true });
    const bareSource = readMigrationSource(bare, 'drizzle');
    const r = await generateRevert(bare, bareSource, '0001_add_column');
    expect(r).toMatchObject({ generated: false, reason: 'drizzle-kit is not installed' });
    expect(r.text).toContain('-- why: drizzle-kit is not installed');
    // a custom migration says so even without drizzle-kit
    expect((await generateRevert(bare, bareSource, CUSTOM)).reason).toMatch(/^custom migration/);
  });
});

describe('drizzle-kit in its thread (second wall)', () => {
  it('finds the ambiguity on the snapshots, in the forward words', async () => {
    const meta = path.join(dir, 'drizzle', 'meta');
    const prev = await readJson<PgSnapshot>(path.join(meta, '0006_snapshot.json'));
    const cur = await readJson<PgSnapshot>(path.join(meta, '0007_snapshot.json'));
    expect(ambiguities(prev, cur)).toEqual(['column posts.title dropped and column posts.headline added (a rename?)']);
    expect(ambiguities(cur, prev)).toEqual(['column posts.headline dropped and column posts.title added (a rename?)']);
    expect(ambiguities(prev, prev)).toEqual([]);
  });

  it('an ambiguous diff given to drizzle-kit anyway is refused quickly, not prompted', async () => {
    const kit = await loadDrizzleKit(dir);
    if (!kit.ok) throw new Error(kit.reason);
    const meta = path.join(dir, 'drizzle', 'meta');
    const prev = await readJson<PgSnapshot>(path.join(meta, '0006_snapshot.json'));
    const cur = await readJson<PgSnapshot>(path.join(meta, '0007_snapshot.json'));
    const started = Date.now();
    await expect(kit.generateMigration(cur, prev, 10_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** A database to run the migrations and reverts on: PGlite or real PostgreSQL. */
interface Target {
  exec(statement: string): Promise<void>;
  snapshot(): Promise<string>;
}

async function run(target: Target, sql: string): Promise<void> {
  for (const s of statements(sql)) await target.exec(s);
}

/** For each generated migration N in turn: before = catalog; apply N; revert N; catalog == before; apply N again. */
async function roundTrips(target: Target): Promise<void> {
  for (const id of GENERATED) {
    const migration = source.migrations.find((m) => m.id === id)!;
    const before = await target.snapshot();
    await run(target, migration.sql);
    const after = await target.snapshot();
    expect(after, `${id} changes the schema`).not.toBe(before);
    await run(target, revert(id).text);
    expect(await target.snapshot(), `the revert of ${id} restores the schema`).toBe(before);
    await run(target, migration.sql);
    expect(await target.snapshot(), `${id} applies again after its revert`).toBe(after);
  }
}

describe('a generated revert restores the schema', () => {
  it('on PGlite', async () => {
    const db = new PGlite();
    try {
      await roundTrips({ exec: async (s) => void (await db.exec(s)), snapshot: () => catalogSnapshot(db) });
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL', async () => {
    const fresh = await freshDatabase(inject('pgUrl'));
    cleanups.push(fresh.drop);
    const sql: Sql = connect(fresh.url, { max: 1 });
    try {
      await roundTrips({ exec: async (s) => void (await sql.unsafe(s)), snapshot: () => catalogSnapshot(sql) });
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
