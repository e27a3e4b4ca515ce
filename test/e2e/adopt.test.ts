// `ladder adopt`, run as a team runs it on the day it starts using ladder: a
// project made with real drizzle-kit generate (two generated migrations and a
// custom one), whose production database drizzle-orm's migrate() already
// migrated; the built binary spawned against real PostgreSQL.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogSnapshot, connect, freshDatabase, queryRows, type FreshDatabase } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject, runLadder } from '../helpers/project.js';

const LADDER_TOML = '[environments.production]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n';
const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });
`;
const USERS_POSTS = `${USERS}export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });
`;
const BACKFILL = `UPDATE "posts" SET "title" = 'untitled' WHERE "title" IS NULL;`;

let dir: string;
let db: FreshDatabase;
const env = () => ({ ...process.env, DATABASE_URL: db.url });
const read = (rel: string) => fs.readFile(path.join(dir, rel), 'utf8');
const rows = () => queryRows<{ hash: string; created_at: string }>(db.url, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id');

async function drizzleMigrate(): Promise<void> {
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = connect(db.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: path.join(dir, 'drizzle') });
  } finally {
    await client.end({ timeout: 5 });
  }
}

beforeAll(async () => {
  dir = await makeProject({ schema: USERS, name: 'users', files: { 'ladder.toml': LADDER_TOML } });
  await regenerate(dir, USERS_POSTS, 'posts');
  const custom = await generate(dir, { custom: true, name: 'backfill' });
  await fs.writeFile(custom.sqlFile!, BACKFILL);
  // a leftover of a dropped migration: drizzle-orm never runs it
  await fs.writeFile(path.join(dir, 'drizzle', '0003_dropped.sql'), 'DROP TABLE "users";');
  db = await freshDatabase(inject('pgUrl'), 'ladder_adopt');
  await drizzleMigrate();
}, 120_000);

afterAll(async () => {
  await db?.drop();
  if (dir) await removeProject(dir);
});

describe('ladder adopt', () => {
  it('commits the history, writes the reverts it can, keeps every applied row, and says so', async () => {
    const before = await rows();
    const schema = await catalogSnapshot(db.url);
    const r = await runLadder(dir, ['adopt'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('warning: drizzle/0003_dropped.sql is not in drizzle/meta/_journal.json: it is never run (drizzle-orm ignores it too)');
    expect(r.stderr).not.toMatch(/^error:/m);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('committed 3 migrations (2 with a generated revert, 0 with an existing one, 1 without revert SQL)');
    expect(lines[1]).toMatch(/^ {2}todo drizzle\/0002_backfill\.revert\.sql: custom migration: /);
    expect(lines.at(-1)).toMatch(/^\[production\] 3 applied, 0 pending \(postgres:\/\/.*\)$/);

    const committed = await read('drizzle/committed.toml');
    expect([...committed.matchAll(/^id = "(.+)"$/gm)].map((m) => m[1])).toEqual(['0000_users', '0001_posts', '0002_backfill']);
    const todo = await read('drizzle/0002_backfill.revert.sql');
    expect(todo.split('\n')[0]).toBe(
      '-- ladder:todo 0002_backfill was committed by ladder adopt without revert SQL: rolling it back is refused until this file holds it; nothing else is',
    );
    expect(await read('drizzle/0001_posts.revert.sql')).toContain('DROP TABLE "posts" CASCADE;');

    // nothing ran: same rows, same schema; migrate finds nothing to do
    expect(await rows()).toEqual(before);
    expect(await catalogSnapshot(db.url)).toBe(schema);
    const m = await runLadder(dir, ['migrate'], { env: env() });
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^\[production\] up to date/);
    expect(await rows()).toEqual(before);
  }, 120_000);

  it('changes nothing the second time, and reports as JSON', async () => {
    const files = await Promise.all(['committed.toml', '0002_backfill.revert.sql', '0000_users.revert.sql'].map((f) => read(`drizzle/${f}`)));
    const r = await runLadder(dir, ['adopt', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: true, committed: [], alreadyCommitted: 3, todos: [], problems: [] });
    expect(doc['environments']).toMatchObject([{ environment: 'production', applied: ['0000_users', '0001_posts', '0002_backfill'], pending: [], unknown: 0 }]);
    expect(doc['warnings']).toMatchObject([{ kind: 'sql-unlisted', file: 'drizzle/0003_dropped.sql' }]);
    expect(await Promise.all(['committed.toml', '0002_backfill.revert.sql', '0000_users.revert.sql'].map((f) => read(`drizzle/${f}`)))).toEqual(files);
  }, 60_000);

  it('exits 3 naming a tracking row that no migration explains', async () => {
    await queryRows(db.url, `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'ab'.repeat(32)}', 1)`);
    const r = await runLadder(dir, ['adopt'], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^\[production\] 3 applied, 0 pending, 1 unknown/m);
    expect(r.stderr).toMatch(/^error: production: tracking row \d+ \(hash abababababab, created_at 1\) matches no committed migration$/m);
  }, 60_000);
});
