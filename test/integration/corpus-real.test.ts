// Real public drizzle-kit histories (test/corpus-real/<name>/, see each SOURCE.md),
// taken as committed upstream: read, adopted, migrated on PostgreSQL and on
// PGlite, with drizzle-orm's own migrate() as the reference for the schema and
// the tracking rows.
//
//   dokploy  186 migrations, journal versions 5/6/7 with dialect "pg", one stray .sql
//   sim      298 migrations, CREATE EXTENSION vector / btree_gin, COMMIT; and
//            CREATE INDEX CONCURRENTLY, one stray .sql. On a PostgreSQL server
//            without pgvector (the embedded test server) it runs up to the
//            migration before `CREATE EXTENSION vector`; PGlite (which ships
//            vector) runs it all.
//   zero     26 migrations with their snapshots, one stray .sql
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adopt, migrate } from '../../src/index.js';
import { readMigrationSource } from '../../src/source/index.js';
import { catalogSnapshot, connect, freshDatabase, freshPglite, queryRows, type FreshDatabase } from '../helpers/db.js';
import { repoRoot } from '../helpers/project.js';

const CORPUS = path.join(repoRoot, 'test', 'corpus-real');
const names = readdirSync(CORPUS).sort();

interface Row {
  hash: string;
  created_at: string;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

/** A temp project with a copy of the history (node_modules linked: drizzle-kit for the reverts). */
async function project(name: string, entries?: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `ladder-real-${name}-`));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await fs.cp(path.join(CORPUS, name, 'drizzle'), path.join(dir, 'drizzle'), { recursive: true });
  if (entries !== undefined) {
    // the history as it was when it had `entries` migrations
    const file = path.join(dir, 'drizzle', 'meta', '_journal.json');
    const journal = JSON.parse(await fs.readFile(file, 'utf8')) as { entries: unknown[] };
    await fs.writeFile(file, JSON.stringify({ ...journal, entries: journal.entries.slice(0, entries) }, null, 2));
  }
  return dir;
}

async function database(): Promise<FreshDatabase> {
  const db = await freshDatabase(inject('pgUrl'), 'ladder_real');
  cleanups.push(() => db.drop());
  return db;
}

/** drizzle-orm's migrate(), as an app (or drizzle-kit migrate) runs it. */
async function drizzleMigrate(url: string, migrationsFolder: string): Promise<void> {
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate: ormMigrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = connect(url, { max: 1, onnotice: () => {} });
  try {
    await ormMigrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

const trackingRows = (db: Parameters<typeof queryRows>[0]) =>
  queryRows<Row>(db, 'select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id');

/** What drizzle-orm writes for the folder: (sha256 of the file, the journal's `when`), in journal order. */
function expectedRows(folder: string): Row[] {
  return readMigrationFiles({ migrationsFolder: folder }).map((m) => ({ hash: m.hash, created_at: String(m.folderMillis) }));
}

async function treeHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await fs.readdir(dir, { recursive: true })).sort()) {
    const abs = path.join(dir, f);
    if ((await fs.stat(abs)).isFile()) h.update(f).update(await fs.readFile(abs));
  }
  return h.digest('hex');
}

let serverHasVector: boolean | undefined;

/** On the test server: all of them, or up to the first that needs pgvector when the server lacks it. */
async function postgresEntries(folder: string): Promise<number> {
  serverHasVector ??= (await queryRows(inject('pgUrl'), `select 1 from pg_available_extensions where name = 'vector'`)).length > 0;
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const at = serverHasVector ? -1 : migrations.findIndex((m) => m.sql.some((s) => /create extension if not exists vector/i.test(s)));
  return at === -1 ? migrations.length : at;
}

describe.each(names)('real history %s', (name) => {
  const source = path.join(CORPUS, name, 'drizzle');

  it('is read as drizzle-orm reads it: every journal entry, same hashes and times; the stray .sql a warning', () => {
    const read = readMigrationSource(path.join(CORPUS, name), 'drizzle');
    const orm = readMigrationFiles({ migrationsFolder: source });
    expect(read.migrations.map((m) => [m.hash, m.when])).toEqual(orm.map((m) => [m.hash, m.folderMillis]));
    expect(read.warnings?.map((w) => w.kind)).toEqual(['sql-unlisted']);
  });

  it('adopts, migrates on PostgreSQL like drizzle-orm, and drizzle-orm then finds nothing to do', async () => {
    const entries = await postgresEntries(source);
    const dir = await project(name, entries);
    const folder = path.join(dir, 'drizzle');
    const db = await database();
    const config = { root: dir, environments: { pg: { connectionUrl: db.url } } };

    const first = await adopt({ config, cwd: dir });
    expect(first.committed).toHaveLength(entries);
    expect(first.environments[0]).toMatchObject({ environment: 'pg', applied: [], unknown: 0 });
    expect(first.environments[0]!.pending).toHaveLength(entries);
    expect(first.todos.length + first.committed.filter((c) => c.revert !== 'todo').length).toBe(entries);
    const files = await treeHash(folder);

    await migrate({ config, cwd: dir });
    expect(await trackingRows(db.url)).toEqual(expectedRows(folder));
    await drizzleMigrate(db.url, folder);
    expect(await trackingRows(db.url)).toHaveLength(entries);

    // the same schema as drizzle-orm's migrate() applying the files
    const reference = await database();
    await drizzleMigrate(reference.url, folder);
    expect(await catalogSnapshot(db.url)).toBe(await catalogSnapshot(reference.url));
    expect(await trackingRows(db.url)).toEqual(await trackingRows(reference.url));

    // a second adopt changes nothing and sees everything applied
    const second = await adopt({ config, cwd: dir });
    expect(second.committed).toEqual([]);
    expect(second.environments[0]!.applied).toHaveLength(entries);
    expect(second.environments[0]!.pending).toEqual([]);
    expect(await treeHash(folder)).toBe(files);
  }, 180_000);

  it('adopts a database drizzle-orm migrated: every row stays applied, nothing runs again', async () => {
    const entries = await postgresEntries(source);
    const dir = await project(name, entries);
    const folder = path.join(dir, 'drizzle');
    const db = await database();
    await drizzleMigrate(db.url, folder);
    const before = await trackingRows(db.url);
    const schema = await catalogSnapshot(db.url);
    const config = { root: dir, environments: { production: { connectionUrl: db.url, isProduction: true } } };

    const adopted = await adopt({ config, cwd: dir });
    expect(adopted.environments[0]).toMatchObject({ pending: [], unknown: 0, problems: [] });
    expect(adopted.environments[0]!.applied).toHaveLength(entries);
    const result = await migrate({ config, cwd: dir });
    expect(result.environments[0]!.applied).toEqual([]);
    expect(await trackingRows(db.url)).toEqual(before);
    expect(await catalogSnapshot(db.url)).toBe(schema);
  }, 180_000);

  it('migrates the whole history on PGlite, extensions loaded, with the rows drizzle-orm writes', async () => {
    const dir = await project(name);
    const folder = path.join(dir, 'drizzle');
    const lite = await freshPglite();
    cleanups.push(() => lite.cleanup());
    const config = { root: dir, environments: { dev: { pglite: lite.dir } } };
    await adopt({ config, cwd: dir, offline: true });
    const result = await migrate({ config, cwd: dir });
    const all = expectedRows(folder);
    expect(result.environments[0]!.applied).toHaveLength(all.length);

    const { vector } = await import('@electric-sql/pglite/vector');
    const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
    const db = await PGlite.create(lite.dir, { extensions: { vector, btree_gin } });
    try {
      expect(await trackingRows(db)).toEqual(all);
      // drizzle-orm's migrate() on the same database finds nothing to do
      const { drizzle } = await import('drizzle-orm/pglite');
      const { migrate: ormMigrate } = await import('drizzle-orm/pglite/migrator');
      await ormMigrate(drizzle({ client: db }), { migrationsFolder: folder });
      expect(await trackingRows(db)).toHaveLength(all.length);
    } finally {
      await db.close();
    }
  }, 240_000);
});
