import type { Sql, Options } from 'postgres';
import { randomBytes } from 'node:crypto';
import {
  applyEachInTurn,
  chainedTasks,
  COMMIT_STATEMENT,
  firstFailure,
  tasksOf,
  type CommitListener,
  type MigrationUnit,
  type ProgressListener,
  type Task,
} from './atomic.js';
import type { LockSession, SqlClient } from './client.js';

type AnySql = Sql<Record<string, never>>;

export const APPLICATION_NAME = 'drizzle-ladder';

/**
 * Open a postgres.js client of our own. One connection only (max: 1): the
 * advisory lock and the migrations run on the same backend, and when that
 * connection closes we know it (onclose), so a reconnect can never leave us
 * migrating without the lock.
 */
export async function openPostgres(target: string | Options<Record<string, never>>): Promise<SqlClient> {
  const { default: postgres } = await import('postgres');
  let lost = false;
  const base: Options<Record<string, never>> = {
    max: 1,
    connect_timeout: 10,
    idle_timeout: 0,
    // sendInBatches decides how much is in flight, not postgres.js
    ...({ max_pipeline: 1_000_000 } as object),
    // CREATE ... IF NOT EXISTS raises NOTICEs; postgres.js prints them by default.
    onnotice: () => {},
    onclose: () => {
      lost = true;
    },
    connection: { application_name: APPLICATION_NAME },
  };
  const sql = (typeof target === 'string' ? postgres(target, base) : postgres({ ...target, ...base })) as unknown as AnySql;
  return wrapPostgres(sql, { owned: true, lost: () => lost });
}

/** Wrap a client the caller gave us (API `db` option). We never close it. */
export function givenPostgres(sql: AnySql): SqlClient {
  return wrapPostgres(sql, { owned: false });
}

interface WrapOptions {
  owned: boolean;
  /** our connection has closed since it was opened */
  lost?: () => boolean;
}

function wrapPostgres(sql: AnySql, opts: WrapOptions): SqlClient {
  /** Our one connection: send the tasks in batches, report commits as they come, throw the first failure. */
  const pipeline = async (tasks: Task[], onProgress?: ProgressListener, onCommitted?: CommitListener): Promise<void> => {
    try {
      await sendInBatches(tasks, (text) => sql.unsafe(text).simple().execute(), { onProgress, onCommitted, lost: opts.lost, rollbackOnFailure: true });
    } catch (e) {
      // The session died (terminated, restart): postgres.js hands its FATAL
      // to the next connection's first query. Let a throwaway take it, not
      // the log row of this failure.
      if (opts.lost?.()) await sql.unsafe('select 1').catch(() => {});
      throw e;
    }
  };
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
        return { query: client.query, lost: opts.lost, release: async () => {} };
      }
      // A caller's pool may hand each query to another connection: reserve one for the lock.
      const reserved = await sql.reserve();
      return {
        query: async <T>(text: string, params: unknown[] = []) => (await reserved.unsafe(text, params as never[])) as unknown as T[],
        release: async () => reserved.release(),
      };
    },
    applyAtomically: async (units: MigrationUnit[], onProgress?: ProgressListener) => {
      const tasks = tasksOf(units);
      if (opts.owned) {
        // One connection, ours: BEGIN, every statement, the bookkeeping and
        // COMMIT go out together. After a failure the server answers the rest
        // with 25P02 and turns COMMIT into ROLLBACK: all or nothing.
        const all: Task[] = [
          { text: 'BEGIN', unit: 0, statement: -1 },
          ...tasks,
          // a deferred constraint fails at COMMIT: it belongs to the last unit
          { text: 'COMMIT', unit: Math.max(0, units.length - 1), statement: COMMIT_STATEMENT },
        ];
        await pipeline(all, onProgress);
        return;
      }
      // A caller's pool: begin() holds one connection for the transaction.
      await safeBegin(sql, async (tx) => {
        await sendInBatches(tasks, (text) => tx.unsafe(text).simple().execute(), { onProgress });
      });
    },
    applyEach: async (units: MigrationUnit[], onProgress?: ProgressListener, onCommitted?: CommitListener) => {
      // A caller's pool may put consecutive transactions on different connections: one at a time.
      if (!opts.owned) return applyEachInTurn((u, p) => client.applyAtomically([u], p), units, onProgress, onCommitted);
      // Ours: every migration's transaction in one pipeline, chained so that
      // none runs after a failure. The whole run costs about one round trip.
      await pipeline(chainedTasks(units, randomBytes(6).toString('hex')), onProgress, onCommitted);
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
    applyAtomically: () => Promise.reject(new Error('not inside a transaction')),
    applyEach: () => Promise.reject(new Error('not inside a transaction')),
    close: async () => {},
    abort: async () => {},
  };
  return inner;
}


/**
 * How much SQL is sent before waiting for the answers: below the socket's
 * 16 KiB high-water mark. Past it, postgres.js parks further queries in its
 * pool queue, and should the connection die, it reconnects and runs them on
 * a NEW session: outside our transaction, a migration half applied. So a
 * batch always fits the buffer (a larger statement goes alone), and the next
 * batch is sent only when every answer of this one is in: nothing ever waits
 * in that queue. 300 small migrations cost about 45 round trips, not 1,500.
 */
const BATCH_BYTES = 8 * 1024;

interface BatchListeners {
  onProgress?: ProgressListener;
  onCommitted?: CommitListener;
  /** our connection is gone: send nothing more */
  lost?: () => boolean;
  /** we opened the transaction ourselves, so we end it after a failure (begin() does it otherwise) */
  rollbackOnFailure?: boolean;
}

type Issue = (text: string) => PromiseLike<unknown>;

/**
 * Send the tasks in order, batch by batch, reporting progress as answers
 * arrive (the server runs them in order) and commits as they happen; stop at
 * the first real failure, close its transaction, and throw it.
 */
async function sendInBatches(tasks: Task[], issue: Issue, listen: BatchListeners): Promise<void> {
  const { onProgress, onCommitted } = listen;
  if (tasks[0]) onProgress?.(tasks[0].unit, tasks[0].statement);
  for (let i = 0; i < tasks.length; ) {
    if (listen.lost?.()) throw Object.assign(new Error('connection closed'), { code: 'CONNECTION_CLOSED' });
    const batch: Task[] = [];
    for (let bytes = 0; i < tasks.length; i++) {
      const size = Buffer.byteLength(tasks[i]!.text);
      if (batch.length > 0 && bytes + size > BATCH_BYTES) break;
      batch.push(tasks[i]!);
      bytes += size;
    }
    const queries = batch.map((t) => issue(t.text));
    const next = i;
    queries.forEach((q, j) => {
      const t = batch[j]!;
      const following = batch[j + 1] ?? tasks[next];
      q.then(
        (r) => {
          // a COMMIT in an aborted transaction answers ROLLBACK: not committed
          if (t.statement === COMMIT_STATEMENT && (r as { command?: string }).command === 'COMMIT') onCommitted?.(t.unit);
          if (following) onProgress?.(following.unit, following.statement);
        },
        () => {},
      );
    });
    const failure = firstFailure(batch, await Promise.allSettled(queries));
    if (failure) {
      // Later units would only fail their guards: do not send them. End the
      // failed transaction (harmless when the failure was at COMMIT).
      if (listen.rollbackOnFailure) await Promise.resolve(issue('ROLLBACK')).catch(() => {});
      throw failure;
    }
  }
}
