/**
 * The migrate lock (drizzle-orm#874: drizzle's migrate has none).
 *
 * A session-level advisory lock, polled with pg_try_advisory_lock and backoff
 * rather than waited for with pg_advisory_lock: a waiter blocked inside
 * pg_advisory_lock holds a snapshot, and a CREATE INDEX CONCURRENTLY run by
 * the lock holder waits for every such snapshot: a deadlock.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import { lockKeyParts } from '../core/lock-key.js';
import type { LockSession } from './client.js';
import { LOST_CONNECTION_CODES, SESSION_ENDING_SQLSTATES } from './sql-error.js';

export interface HeldLock {
  /** throws when the lock is no longer held by our session (connection lost and re-opened) */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  key: bigint;
  timeoutMs: number;
  environment: string;
  /** called once when the lock is busy, so a waiting deployer says why it waits */
  onWait?: (holder: LockHolder | undefined) => void;
  signal?: AbortSignal;
}

export interface LockHolder {
  pid: number;
  applicationName: string | null;
  since: string | null;
  state: string | null;
  query: string | null;
}

export async function acquireLock(session: LockSession, opts: LockOptions): Promise<HeldLock> {
  const key = opts.key.toString();
  const started = Date.now();
  let delay = 25;
  let told = false;
  for (;;) {
    // the key is a bigint we computed: a literal spares postgres.js' describe round trip
    const [row] = await session.query<{ ok: boolean }>(`select pg_try_advisory_lock(${key}::bigint) as ok`);
    if (row?.ok) break;
    if (!told) {
      told = true;
      opts.onWait?.(await lockHolder(session, opts.key));
    }
    const waited = Date.now() - started;
    if (waited >= opts.timeoutMs) {
      const holder = await lockHolder(session, opts.key);
      throw new LadderError(
        ExitCode.database,
        `lock timeout after ${formatMs(waited)} in ${opts.environment}: another migrate holds the lock` +
          (holder ? ` (${describeHolder(holder)})` : ''),
        {
          environment: opts.environment,
          hint: 'wait for that deploy to finish, raise --lock-timeout, or, if it is stuck, end it with pg_terminate_backend(pid)',
        },
      );
    }
    if (opts.signal?.aborted) throw opts.signal.reason;
    await sleep(Math.min(delay, opts.timeoutMs - waited));
    delay = Math.min(delay * 2, 1000);
  }
  return {
    assertHeld: async () => {
      if (session.singleSession) return;
      if (session.lost) {
        if (session.lost()) throw lockLost(opts.environment);
        return;
      }
      const { classid, objid } = lockKeyParts(opts.key);
      const [row] = await session.query<{ held: boolean }>(
        `select exists(select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
           and classid = $1::bigint::oid and objid = $2::bigint::oid and objsubid = 1 and granted) as held`,
        [classid, objid],
      );
      if (!row?.held) throw lockLost(opts.environment);
    },
    release: async () => {
      try {
        await session.query(`select pg_advisory_unlock(${key}::bigint)`);
      } catch (e) {
        // The session that held the lock is gone (terminated, server restarted,
        // network): so is its lock, and there is nothing to release.
        if (!sessionGone(e)) throw e;
      }
    },
  };
}

function lockLost(environment: string): LadderError {
  return new LadderError(ExitCode.database, `lost the migrate lock in ${environment}: the database connection was reset`, {
    environment,
    hint: 'run ladder migrate again; what was applied is recorded',
  });
}

export async function lockHolder(session: LockSession, key: bigint): Promise<LockHolder | undefined> {
  const { classid, objid } = lockKeyParts(key);
  const [row] = await session.query<{
    pid: number;
    application_name: string | null;
    since: string | null;
    state: string | null;
    query: string | null;
  }>(
    `select l.pid, a.application_name, a.backend_start::text as since, a.state, left(a.query, 200) as query
       from pg_locks l left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid and l.objsubid = 1
        -- advisory locks are per database: the same key held in another database is not our holder
        and l.database = (select oid from pg_database where datname = current_database())
      limit 1`,
    [classid, objid],
  );
  if (!row) return undefined;
  return { pid: row.pid, applicationName: row.application_name, since: row.since, state: row.state, query: row.query };
}

export function describeHolder(h: LockHolder): string {
  const parts = [`pid ${h.pid}`];
  if (h.applicationName) parts.push(`application_name ${h.applicationName}`);
  // the lock cannot be older than the holder's session
  if (h.since) parts.push(`connected since ${h.since}`);
  if (h.state) parts.push(h.state);
  if (h.query) parts.push(`query: ${h.query.replace(/\s+/g, ' ').trim()}`);
  return parts.join(', ');
}

/** Driver errors meaning the connection (and so any session-level lock) is gone or cannot be reached. */
const SESSION_GONE: ReadonlySet<string> = new Set([...LOST_CONNECTION_CODES, ...SESSION_ENDING_SQLSTATES, 'CONNECT_TIMEOUT', 'ECONNREFUSED']);

function sessionGone(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (SESSION_GONE.has(code) || code.startsWith('08'));
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
