import type { Sql, Options, TransactionSql } from 'postgres';
import { randomBytes } from 'node:crypto';
import {
  applyEachInTurn,
  chainedTasks,
  COMMIT_STATEMENT,
  START_STATEMENT,
  StatementFailure,
  tasksOf,
  type CommitListener,
  type MigrationUnit,
  type ProgressListener,
  type Task,
} from './atomic.js';
import type { LockSession, SqlClient } from './client.js';
import { lostError, sendPipelined } from './pipeline.js';
import { isSqlState, LOST_CONNECTION_CODES, lostConnectionMessage, SESSION_ENDING_SQLSTATES, sessionEnded } from './sql-error.js';

type AnySql = Sql<Record<string, never>>;

export const APPLICATION_NAME = 'drizzle-ladder';

/**
 * Open a postgres.js client of our own. One connection only (max: 1): the
 * advisory lock and the migrations run on the same backend, and when that
 * connection closes we know it (onclose), so we can never go on migrating
 * without the lock.
 */
export async function openPostgres(
  target: string | Options<Record<string, never>>,
  extra: Options<Record<string, never>> = {},
  settings: Record<string, string> = {},
): Promise<SqlClient> {
  const { default: postgres } = await import('postgres');
  const base: Options<Record<string, never>> = {
    max: 1,
    connect_timeout: 10,
    idle_timeout: 0,
    // sendPipelined decides how much is in flight, not postgres.js
    ...({ max_pipeline: 1_000_000 } as object),
    // CREATE ... IF NOT EXISTS raises NOTICEs; postgres.js prints them by default.
    onnotice: () => {},
    // no query of pg_type at connect (array types): ladder reads no array
    // column and sends no array parameter; it saves a round trip to a cold backend
    fetch_types: false,
    connection: { application_name: APPLICATION_NAME, ...settings },
    // connect.ts: our socket (TLS as libpq, one failure instead of a reconnect loop), its timeout
    ...extra,
  };
  const probe = async <T>(text: string): Promise<T[]> => {
    const options = { ...base, max: 1, connect_timeout: 5 };
    const side = (typeof target === 'string' ? postgres(target, options) : postgres({ ...target, ...options })) as unknown as AnySql;
    try {
      return (await side.unsafe(text)) as unknown as T[];
    } finally {
      await side.end({ timeout: 1 }).catch(() => {});
    }
  };
  const client = wrapPostgres(
    new OwnedConnection((onclose) => {
      const options = { ...base, onclose };
      return (typeof target === 'string' ? postgres(target, options) : postgres({ ...target, ...options })) as unknown as AnySql;
    }),
    { owned: true },
  );
  return { ...client, probe };
}

/** Wrap a client the caller gave us (API `db` option). We never close it. */
export function givenPostgres(sql: AnySql): SqlClient {
  return wrapPostgres({ sql: () => sql, session: () => () => false }, { owned: false });
}

/** Where queries go: a caller's Sql as it is, or our own connection. */
interface Connection {
  /** the postgres.js instance to use now */
  sql(): AnySql;
  /** a check, bound to the session in use now: has it been lost since? */
  session(): () => boolean;
  /** subscribe to the current session closing; returns the unsubscribe */
  onClosed?(listener: () => void): () => void;
  /** end what we opened (timeout in seconds, as postgres.js' end) */
  end?(timeout: number): Promise<void>;
}

/**
 * Our one connection. Once it is lost, the next query opens a fresh
 * postgres.js instance instead of trusting postgres.js' reconnect, which can
 * orphan a query (neither sent nor rejected, with the server down or after a
 * FATAL) and hands the dead session's error to the next query. A session
 * that was lost stays lost: the lock it held is gone with it.
 */
class OwnedConnection implements Connection {
  private generation = 0;
  private lost = false;
  private current: AnySql;
  private listeners = new Set<() => void>();

  constructor(private make: (onclose: () => void) => AnySql) {
    this.current = this.open();
  }

  sql(): AnySql {
    if (this.lost) {
      void this.current.end({ timeout: 0 }).catch(() => {});
      this.current = this.open();
    }
    return this.current;
  }

  session(): () => boolean {
    this.sql();
    const generation = this.generation;
    return () => generation !== this.generation || this.lost;
  }

  onClosed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async end(timeout: number): Promise<void> {
    await this.current.end({ timeout });
  }

  private open(): AnySql {
    const generation = ++this.generation;
    this.lost = false;
    return this.make(() => {
      if (generation !== this.generation) return;
      this.lost = true;
      for (const listener of this.listeners) listener();
    });
  }
}

interface WrapOptions {
  owned: boolean;
}

/**
 * SQL-level PREPARE/EXECUTE for the bookkeeping of pipelined runs (atomic.ts
 * RecordWriter, the chain's guard): planned once per run instead of once per
 * migration. Only on our own session; LADDER_NO_PREPARE=1 turns it off (a
 * session that cannot keep prepared statements, e.g. behind a transaction
 * pooler), with every statement then sent literally.
 */
const PREPARE_BOOKKEEPING = process.env.LADDER_NO_PREPARE !== '1';

/** Names this run's marks and prepared statements in the session. */
const runId = () => randomBytes(6).toString('hex');

/** How long answers may still arrive after our connection closed, before a pipeline stops waiting for them. */
const CLOSE_GRACE_MS = 250;

/**
 * When our connection is lost, a query sent around then may never settle:
 * with the server down, postgres.js leaves it in its queue, neither retried
 * nor rejected (the process would just end, mid-error-handling). This long
 * after the loss, it fails instead.
 */
const AFTER_LOSS_DEADLINE_MS = 3_000;


function wrapPostgres(conn: Connection, opts: WrapOptions): SqlClient {
  /** A query sent as the connection dies must fail a while after, rather than wait forever. */
  const ask = <T>(p: PromiseLike<T>, lost: () => boolean): Promise<T> => {
    const onClosed = conn.onClosed?.bind(conn);
    if (!onClosed) return Promise.resolve(p);
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    const deadline = new Promise<never>((_, reject) => {
      const arm = () => {
        timer = setTimeout(() => reject(lostError()), AFTER_LOSS_DEADLINE_MS);
      };
      if (lost()) arm();
      else unsubscribe = onClosed(arm);
    });
    return Promise.race([p, deadline]).finally(() => {
      clearTimeout(timer);
      unsubscribe();
    });
  };
  /** Our one connection: send the tasks pipelined (sendPipelined), report commits as they come, throw the first failure. */
  const pipeline = async (tasks: Task[], onProgress?: ProgressListener, onCommitted?: CommitListener): Promise<void> => {
    // A socket that dies with an error (server shutdown, restart) can leave
    // postgres.js' sent queries unsettled forever: once our connection has
    // closed, the pipeline waits a moment for their answers, then fails by itself.
    const sql = conn.sql();
    const lost = conn.session();
    let unsubscribe = () => {};
    const closed = new Promise<never>((_, reject) => {
      unsubscribe = conn.onClosed?.(() => setTimeout(() => reject(lostError()), CLOSE_GRACE_MS)) ?? unsubscribe;
    });
    closed.catch(() => {});
    try {
      await sendPipelined(tasks, (text) => sql.unsafe(text).simple().execute(), {
        onProgress,
        onCommitted,
        lost,
        closed,
        rollbackOnFailure: true,
      });
    } finally {
      unsubscribe();
    }
  };
  const client: SqlClient = {
    kind: 'postgres',
    ownSession: opts.owned,
    query: async <T>(text: string, params: unknown[] = []) =>
      (await ask(conn.sql().unsafe(text, params as never[]), conn.session())) as unknown as T[],
    exec: async (text: string) => {
      await ask(conn.sql().unsafe(text).simple(), conn.session());
    },
    transaction: async <T>(fn: (tx: SqlClient) => Promise<T>) =>
      safeBegin(conn.sql(), (tx) => fn(wrapTransaction(tx)), { reusedAfterLoss: !opts.owned }),
    lockSession: async (): Promise<LockSession> => {
      if (opts.owned) {
        // Our own pool has exactly one connection: the lock lives on its session.
        return { query: client.query, lost: conn.session(), runsMigrations: true, release: async () => {} };
      }
      // A caller's pool may hand each query to another connection: reserve one for the lock.
      const reserved = await conn.sql().reserve();
      return {
        query: async <T>(text: string, params: unknown[] = []) => (await reserved.unsafe(text, params as never[])) as unknown as T[],
        release: async () => reserved.release(),
      };
    },
    applyAtomically: async (units: MigrationUnit[], onProgress?: ProgressListener) => {
      // prepared records only on our own session: a caller's pool would keep them
      const tasks = tasksOf(units, units.length > 1, opts.owned && PREPARE_BOOKKEEPING ? `ladder_record_${runId()}` : undefined);
      if (opts.owned) {
        // One connection, ours: BEGIN, every statement, the bookkeeping and
        // COMMIT go out together. After a failure the server answers the rest
        // with 25P02 and turns COMMIT into ROLLBACK: all or nothing.
        // BEGIN rides with the first task when that is our own start mark (it cannot fail).
        const [first, ...rest] = tasks;
        const opened: Task[] =
          first?.statement === START_STATEMENT ? [{ ...first, text: `BEGIN; ${first.text}` }, ...rest] : [{ text: 'BEGIN', unit: 0, statement: START_STATEMENT }, ...tasks];
        const all: Task[] = [
          ...opened,
          // a deferred constraint fails at COMMIT: it belongs to the last unit
          { text: 'COMMIT', unit: Math.max(0, units.length - 1), statement: COMMIT_STATEMENT },
        ];
        await pipeline(all, onProgress);
        return;
      }
      // A caller's pool: begin() holds one connection for the transaction.
      await safeBegin(
        conn.sql(),
        async (tx) => {
          await sendPipelined(tasks, (text) => tx.unsafe(text).simple().execute(), { onProgress });
        },
        { reusedAfterLoss: true },
      ).catch((e: unknown) => {
        // every statement ran: a server error now is the COMMIT's (a deferred constraint)
        const code = pgCode(e);
        const atCommit = !(e instanceof StatementFailure) && isSqlState(code) && !SESSION_ENDING_SQLSTATES.has(code);
        throw atCommit ? new StatementFailure(Math.max(0, units.length - 1), COMMIT_STATEMENT, e) : e;
      });
    },
    applyEach: async (units: MigrationUnit[], onProgress?: ProgressListener, onCommitted?: CommitListener) => {
      // A caller's pool may put consecutive transactions on different connections: one at a time.
      if (!opts.owned) return applyEachInTurn((u, p) => client.applyAtomically([u], p), units, onProgress, onCommitted);
      // Ours: every migration's transaction in one pipeline, chained so that
      // none runs after a failure: no round trip per statement.
      await pipeline(chainedTasks(units, runId(), PREPARE_BOOKKEEPING), onProgress, onCommitted);
    },
    close: async () => {
      if (!opts.owned || !conn.end) return;
      // postgres.js' end() hands our Terminate to the socket a microtask
      // later. Past that, waiting for the socket to close only waits for the
      // server's backend to exit: nothing we need.
      const ended = conn.end(5).catch(() => {});
      await Promise.race([ended, new Promise((resolve) => setImmediate(resolve))]);
    },
    abort: async () => {
      if (opts.owned) await conn.end?.(0);
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
async function safeBegin<T>(sql: AnySql, fn: (tx: AnySql) => Promise<T>, opts: { reusedAfterLoss: boolean }): Promise<T> {
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
    // first query of the next connection with it: on a caller's pool, which
    // lives on, let a throwaway query take it, not the caller's next one.
    // (Our own connection is replaced after a loss: nothing to absorb.)
    if (opts.reusedAfterLoss) await sql.unsafe('select 1').catch(() => {});
    // begin() rejects with postgres.js' CONNECTION_CLOSED; the query's own error may say more.
    throw lost !== undefined && !LOST_CONNECTION_CODES.has(pgCode(lost) ?? '') ? lost : lostConnectionError(e);
  } finally {
    settled = true;
  }
}

function pgCode(e: unknown): string | undefined {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (typeof x.code === 'string') return x.code;
  }
  return undefined;
}

/** postgres.js says `write CONNECTION_CLOSED host:port`; say what happened instead. */
function lostConnectionError(e: unknown): unknown {
  const code = pgCode(e);
  if (code === undefined || !LOST_CONNECTION_CODES.has(code)) return e;
  return Object.assign(new Error(lostConnectionMessage(code)), { code });
}

/** The server (or the network) ended the session under us; not our own end(). */
function serverDropped(e: unknown): boolean {
  const code = pgCode(e);
  return code !== 'CONNECTION_ENDED' && code !== 'CONNECTION_DESTROYED' && sessionEnded(code);
}

function wrapTransaction(tx: AnySql): SqlClient {
  const inner: SqlClient = {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) => (await tx.unsafe(text, params as never[])) as unknown as T[],
    exec: async (text: string) => {
      await tx.unsafe(text).simple();
    },
    transaction: async <T>(fn: (t: SqlClient) => Promise<T>) => fn(inner),
    // inside begin() the Sql is a TransactionSql, which has savepoint()
    savepoint: async <T>(fn: (sp: SqlClient) => Promise<T>) =>
      (await (tx as unknown as TransactionSql<Record<string, never>>).savepoint((sp) => fn(wrapTransaction(sp as unknown as AnySql)))) as T,
    lockSession: () => Promise.reject(new Error('no lock session inside a transaction')),
    applyAtomically: () => Promise.reject(new Error('not inside a transaction')),
    applyEach: () => Promise.reject(new Error('not inside a transaction')),
    close: async () => {},
    abort: async () => {},
  };
  return inner;
}
