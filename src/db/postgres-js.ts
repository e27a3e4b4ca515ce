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
    transaction: async <T>(fn: (tx: SqlClient) => Promise<T>) => safeBegin(sql, (tx) => fn(wrapTransaction(tx))),
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
      // drizzle's migrator opens its transaction with client.begin: give it ours (safeBegin).
      const client = new Proxy(sql, {
        get: (target, prop) => (prop === 'begin' ? (fn: (tx: AnySql) => Promise<unknown>) => safeBegin(target, fn) : Reflect.get(target, prop, target)),
      });
      const db = drizzle({ client: client as never, logger: { logQuery: (q: string) => onQuery(q) } });
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

/**
 * sql.begin, minus a crash. When the connection dies inside a transaction
 * (pg_terminate_backend, server restart, network), postgres.js 3.4 rejects
 * the running query, then its begin() sends ROLLBACK on that dead
 * connection, whose socket it has already dropped: a TypeError thrown from a
 * setImmediate (connection.js nextWrite), uncatchable, that kills the process
 * (porsager/postgres#1154, #1208). So when the error says the connection is
 * gone, the callback does not settle: begin() then rejects by itself when the
 * connection closes, and no ROLLBACK is written (the server rolled back when
 * the session ended). Any other error rejects at once, and begin() rolls back.
 * (After our own end(), CONNECTION_ENDED/DESTROYED, the connection is marked
 * terminated and writes nothing: begin() may roll back as usual.)
 */
async function safeBegin<T>(sql: AnySql, fn: (tx: AnySql) => Promise<T>): Promise<T> {
  let settled = false;
  let lost: unknown;
  try {
    return (await sql.begin(async (tx) => {
      try {
        return await fn(tx as unknown as AnySql);
      } catch (e) {
        if (!serverDropped(e)) throw e;
        lost = e;
        // Normally begin() has rejected already (or does when the close
        // arrives); should the connection somehow live on, roll back as usual.
        return new Promise<never>((_, reject) => {
          setTimeout(() => {
            if (!settled) reject(e);
          }, 10_000).unref();
        });
      }
    })) as T;
  } catch (e) {
    if (lost === undefined && !serverDropped(e)) throw e;
    // postgres.js keeps the dead session's FATAL ErrorResponse and rejects the
    // first query of the next connection with it: let a throwaway query take
    // it, not the caller's next one (ladder's log row of this failure).
    await sql.unsafe('select 1').catch(() => {});
    // begin() rejects with postgres.js' CONNECTION_CLOSED; the query's own error may say more.
    throw lost !== undefined && !CONNECTION_CODES.has(pgCode(lost) ?? '') ? lost : lostConnectionError(e);
  } finally {
    settled = true;
  }
}

/** Error codes meaning the session is gone: postgres.js' own, socket errors, and FATAL SQLSTATEs that end the session. */
const CONNECTION_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const SESSION_ENDING_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03']);

function pgCode(e: unknown): string | undefined {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (typeof x.code === 'string') return x.code;
  }
  return undefined;
}

/** postgres.js says `write CONNECTION_CLOSED host:port`; say what happened instead. */
function lostConnectionError(e: unknown): unknown {
  const code = pgCode(e);
  if (code === undefined || !CONNECTION_CODES.has(code)) return e;
  return Object.assign(
    new Error(`the connection to the database was lost (${code}): the server ended the session (terminated, restarted or shut down) or the network failed`),
    { code },
  );
}

/** The server (or the network) ended the session under us; not our own end(). */
function serverDropped(e: unknown): boolean {
  const code = pgCode(e);
  return code !== undefined && code !== 'CONNECTION_ENDED' && code !== 'CONNECTION_DESTROYED' && (CONNECTION_CODES.has(code) || SESSION_ENDING_SQLSTATES.has(code));
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
