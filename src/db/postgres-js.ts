import type { Sql, Options } from 'postgres';
import type { DrizzleMigrator, LockSession, MigrationMeta, MigratorConfig, QueryListener, SqlClient } from './client.js';

type AnySql = Sql<Record<string, never>>;

export const APPLICATION_NAME = 'drizzle-ladder';

/**
 * Open a postgres.js client of our own. One connection only (max: 1): the
 * advisory lock, the migrations and the lock check all run on the same
 * backend, so a lost connection cannot silently leave us migrating unlocked
 * (lockHeld() is checked before each migration).
 */
export async function openPostgres(target: string | Options<Record<string, never>>): Promise<SqlClient> {
  const { default: postgres } = await import('postgres');
  const base: Options<Record<string, never>> = {
    max: 1,
    connect_timeout: 10,
    idle_timeout: 0,
    // CREATE ... IF NOT EXISTS raises NOTICEs; postgres.js prints them by default.
    onnotice: () => {},
    connection: { application_name: APPLICATION_NAME },
  };
  const sql = (typeof target === 'string' ? postgres(target, base) : postgres({ ...target, ...base })) as unknown as AnySql;
  return wrapPostgres(sql, { owned: true });
}

/** Wrap a client the caller gave us (API `db` option). We never close it. */
export function givenPostgres(sql: AnySql): SqlClient {
  return wrapPostgres(sql, { owned: false });
}

function wrapPostgres(sql: AnySql, opts: { owned: boolean }): SqlClient {
  const client: SqlClient = {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) => (await sql.unsafe(text, params as never[])) as unknown as T[],
    exec: async (text: string) => {
      await sql.unsafe(text).simple();
    },
    transaction: async <T>(fn: (tx: SqlClient) => Promise<T>) =>
      (await sql.begin(async (tx) => fn(wrapTransaction(tx as unknown as AnySql)))) as T,
    lockSession: async (): Promise<LockSession> => {
      if (opts.owned) {
        // Our own pool has exactly one connection: the lock lives on it.
        return { query: client.query, release: async () => {} };
      }
      // A caller's pool may hand each query to another connection: reserve one for the lock.
      const reserved = await sql.reserve();
      return {
        query: async <T>(text: string, params: unknown[] = []) => (await reserved.unsafe(text, params as never[])) as unknown as T[],
        release: async () => reserved.release(),
      };
    },
    migrator: async (onQuery: QueryListener): Promise<DrizzleMigrator> => {
      const { drizzle } = await import('drizzle-orm/postgres-js');
      const db = drizzle({ client: sql as never, logger: { logQuery: (q: string) => onQuery(q) } });
      return {
        migrate: (migrations: MigrationMeta[], config: MigratorConfig) =>
          // db.dialect/db.session are drizzle's own (@internal) parts; this is
          // exactly what drizzle-orm/postgres-js/migrator does after reading the folder.
          (db as unknown as DrizzleInternals).dialect.migrate(migrations, (db as unknown as DrizzleInternals).session, config),
      };
    },
    close: async () => {
      if (opts.owned) await sql.end({ timeout: 5 });
    },
    abort: async () => {
      if (opts.owned) await sql.end({ timeout: 0 });
    },
  };
  return client;
}

function wrapTransaction(tx: AnySql): SqlClient {
  const inner: SqlClient = {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) => (await tx.unsafe(text, params as never[])) as unknown as T[],
    exec: async (text: string) => {
      await tx.unsafe(text).simple();
    },
    transaction: async <T>(fn: (t: SqlClient) => Promise<T>) => fn(inner),
    lockSession: () => Promise.reject(new Error('no lock session inside a transaction')),
    migrator: () => Promise.reject(new Error('no migrator inside a transaction')),
    close: async () => {},
    abort: async () => {},
  };
  return inner;
}

export interface DrizzleInternals {
  dialect: { migrate(m: MigrationMeta[], session: unknown, config: MigratorConfig): Promise<void> };
  session: unknown;
}
