// The two dialects the API suites run over (style.md, Tests: one shared suite,
// as Kysely runs one over its DIALECTS): real PostgreSQL, a fresh database per
// test that ladder opens from its URL, and PGlite, an instance given to
// ladder (a test may let ladder open the data dir itself). Each target also
// runs drizzle-orm's own migrate(), for the interop tests.
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { InlineConfig } from '../../src/index.js';
import { connect, freshDatabase, freshPglite, queryRows, type Sql } from './db.js';

export interface Target {
  environment: InlineConfig['environments'][string];
  /** given to ladder as `db` (PGlite), or undefined: ladder opens the environment itself */
  db?: unknown;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
  /** drizzle-orm's own migrate() from drizzle-orm/<driver>/migrator */
  drizzleMigrate(migrationsFolder: string, config?: { migrationsTable?: string; migrationsSchema?: string }): Promise<void>;
  /** PGlite: let ladder open the data dir itself for fn (the given instance is closed meanwhile) */
  withoutGiven?<T>(fn: () => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

export interface Dialect {
  name: string;
  beforeAll(): Promise<void>;
  afterAll(): Promise<void>;
  target(): Promise<Target>;
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  async beforeAll() {},
  async afterAll() {},
  async target() {
    const db = await freshDatabase(inject('pgUrl'));
    const sql: Sql = connect(db.url);
    return {
      environment: { connectionUrl: db.url },
      query: (text, params = []) => queryRows(sql, text, params),
      exec: async (text) => {
        await sql.unsafe(text).simple();
      },
      async drizzleMigrate(migrationsFolder, config = {}) {
        const { drizzle } = await import('drizzle-orm/postgres-js');
        const { migrate: drizzleMigrate } = await import('drizzle-orm/postgres-js/migrator');
        const client = connect(db.url, { max: 1 });
        try {
          await drizzleMigrate(drizzle({ client }), { migrationsFolder, ...config });
        } finally {
          await client.end({ timeout: 5 });
        }
      },
      async cleanup() {
        await sql.end({ timeout: 5 });
        await db.drop();
      },
    };
  },
};

// PGlite's initdb takes seconds, so the suite shares one data dir and resets
// it between tests (every non-system schema dropped); ladder is given the
// instance, as an app would give it with `db`.
let pglite: { dir: string; cleanup(): Promise<void>; db: PGlite } | undefined;

export const pgliteDialect: Dialect = {
  name: 'pglite',
  async beforeAll() {
    const tmp = await freshPglite();
    pglite = { ...tmp, db: await PGlite.create(tmp.dir) };
  },
  async afterAll() {
    await pglite?.db.close();
    await pglite?.cleanup();
  },
  async target() {
    const p = pglite!;
    await p.db.exec(`
      DO $$ DECLARE s text; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace
                  WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'
        LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP;
      END $$;
      CREATE SCHEMA public;`);
    const target: Target = {
      environment: { pglite: p.dir },
      db: p.db,
      query: async (text, params = []) => queryRows(p.db, text, params),
      exec: async (text) => {
        await p.db.exec(text);
      },
      async drizzleMigrate(migrationsFolder, config = {}) {
        const { drizzle } = await import('drizzle-orm/pglite');
        const { migrate: drizzleMigrate } = await import('drizzle-orm/pglite/migrator');
        await drizzleMigrate(drizzle({ client: p.db }), { migrationsFolder, ...config });
      },
      async withoutGiven(fn) {
        await p.db.close();
        try {
          return await fn();
        } finally {
          p.db = await PGlite.create(p.dir);
          target.db = p.db;
          target.query = async (text, params = []) => queryRows(p.db, text, params);
        }
      },
      async cleanup() {},
    };
    return target;
  },
};

