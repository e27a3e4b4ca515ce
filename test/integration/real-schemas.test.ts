// What real projects' migrations need from the databases ladder opens:
// run-time settings for every session (an enum reached through the role's
// search_path), PGlite's bundled extensions, CONCURRENTLY on PGlite, and one
// clear error for an extension PGlite lacks.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ExitCode, LadderError, migrate } from '../../src/index.js';
import type { InlineConfig } from '../../src/index.js';
import { freshDatabase, freshPglite, queryRows } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function folder(build: (f: Folder) => void): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-real-schemas-'));
  cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
  const f = new Folder(root);
  build(f);
  await f.write();
  return root;
}

type Env = InlineConfig['environments'][string];

const targets: [string, () => Promise<{ env: Env; query: <R>(sql: string) => Promise<R[]> }>][] = [
  [
    'postgres',
    async () => {
      const db = await freshDatabase(inject('pgUrl'), 'ladder_settings');
      cleanups.push(() => db.drop());
      return { env: { connectionUrl: db.url }, query: (sql) => queryRows(db.url, sql) };
    },
  ],
  [
    'pglite',
    async () => {
      const lite = await freshPglite();
      cleanups.push(() => lite.cleanup());
      return {
        env: { pglite: lite.dir },
        query: async <R>(sql: string) => {
          const db = await PGlite.create(lite.dir);
          try {
            return (await db.query<R>(sql)).rows;
          } finally {
            await db.close();
          }
        },
      };
    },
  ],
];

// An app schema whose enum later migrations use unqualified: in production the role's search_path reaches it.
const SEARCH_PATH_HISTORY = (f: Folder) => {
  f.add('app_schema', ['CREATE SCHEMA "app";', `CREATE TYPE "app"."mood" AS ENUM('ok', 'great');`]);
  f.add('feelings', ['CREATE TABLE "public"."feelings" ("id" serial PRIMARY KEY, "m" mood NOT NULL);']);
};

describe.each(targets)('settings on %s', (_name, target) => {
  it('sets them for every session: an unqualified enum from search_path resolves', async () => {
    const root = await folder(SEARCH_PATH_HISTORY);
    const t = await target();
    const without = await migrate({ config: { root, environments: { e: t.env } }, cwd: root }).catch((e: unknown) => e);
    expect(without).toBeInstanceOf(LadderError);
    expect((without as LadderError).message).toMatch(/type "mood" does not exist/);

    const config = { root, environments: { e: { ...t.env, settings: { search_path: 'app, public', statement_timeout: '0' } } } };
    const result = await migrate({ config, cwd: root });
    expect(result.environments[0]!.applied.map((a) => a.id)).toEqual(['0001_feelings']);
    const [col] = await t.query<{ type: string }>(
      `select format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = 'public.feelings'::regclass and attname = 'm'`,
    );
    expect(col?.type).toBe('app.mood');
  }, 60_000);
});

describe('PGlite runs real schemas', () => {
  it('loads the bundled extensions the migrations create, and runs CONCURRENTLY forms', async () => {
    const root = await folder((f) => {
      f.add('extensions', ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', 'CREATE EXTENSION IF NOT EXISTS vector;', 'CREATE EXTENSION IF NOT EXISTS pg_trgm;']);
      f.add('docs', [
        'CREATE TABLE "docs" ("id" uuid PRIMARY KEY DEFAULT uuid_generate_v4(), "title" text NOT NULL, "embedding" vector(3))',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "docs_title_trgm" ON "docs" USING gin ("title" gin_trgm_ops)',
        `INSERT INTO "docs" ("title", "embedding") VALUES ('a', '[1,2,3]')`,
      ]);
    });
    const lite = await freshPglite();
    cleanups.push(() => lite.cleanup());
    const config = { root, environments: { dev: { pglite: lite.dir } } };
    const result = await migrate({ config, cwd: root });
    expect(result.environments[0]!.applied.map((a) => a.id)).toEqual(['0000_extensions', '0001_docs']);

    const { vector } = await import('@electric-sql/pglite/vector');
    const db = await PGlite.create(lite.dir, { extensions: { vector } });
    try {
      const rows = (await db.query<{ d: number; idx: string }>(
        `select embedding <-> '[1,2,4]' as d, (select indexname from pg_indexes where tablename = 'docs' and indexname like '%trgm') as idx from docs`,
      )).rows;
      expect(rows).toEqual([{ d: 1, idx: 'docs_title_trgm' }]);
    } finally {
      await db.close();
    }
    // a second run opens the data dir again with the extensions: nothing to do, no error
    expect((await migrate({ config, cwd: root })).environments[0]!.applied).toEqual([]);
  }, 120_000);

  it('fails on an extension PGlite lacks with one error naming it and the way out', async () => {
    const root = await folder((f) => {
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY)']);
      f.add('search', ['CREATE EXTENSION IF NOT EXISTS pg_search;', 'CREATE INDEX "users_search" ON "users" USING bm25 ("id") WITH (key_field = \'id\')']);
    });
    const lite = await freshPglite();
    cleanups.push(() => lite.cleanup());
    const e = await migrate({ config: { root, environments: { dev: { pglite: lite.dir } } }, cwd: root }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LadderError);
    const err = e as LadderError;
    expect(err.code).toBe(ExitCode.database);
    expect(err.environment).toBe('dev');
    expect(err.message).toMatch(/^0001_search failed at statement 1 \(drizzle\/0001_search\.sql:1\): extension "pg_search" is not available in PGlite/);
    expect(err.hint).toMatch(/^use a PostgreSQL environment \(connection_url or connection_params\) for this project; PGlite ships: .*\bvector\b/);
    expect(err.hint).toMatch(/\buuid-ossp\b/);
  }, 60_000);
});
