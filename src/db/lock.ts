/**
 * The migrate lock (drizzle-orm#874: drizzle's migrate has none).
 *
 * A session-level advisory lock, polled with pg_try_advisory_lock and backoff
 * rather than waited for with pg_advisory_lock: a waiter blocked inside
 * pg_advisory_lock holds a snapshot, and a CREATE INDEX CONCURRENTLY run by
 * the lock holder waits for every such snapshot: a deadlock.
 */
import { randomBytes } from 'node:crypto';
import { ExitCode, LadderError, type ErrorPartial } from '../core/errors.js';
import { lockKeyParts } from '../core/lock-key.js';
import { describeHolder, type LockHolder } from '../core/lock-holder.js';
import type { LockSession } from './client.js';
import { sessionEnded } from './sql-error.js';

export interface HeldLock {
  /** throws when the lock is no longer held by our session (connection lost and re-opened) */
  assertHeld(): Promise<void>;
  /**
   * A SELECT (one row, column `ok`) that raises LOCK_GUARD_MARK unless the
   * server session running it holds this lock, taken by this run. Every
   * migration's transaction runs it (apply.ts, in the unit's record), so a
   * transaction that a pooler put on another server session is rolled back
   * instead of applied. Undefined on PGlite (one session, nothing to check).
   */
  guardSql?: string;
  release(): Promise<void>;
}

/** The text of the guard's error, to recognise it (isLockGuardError). */
export const LOCK_GUARD_MARK = 'ladder: this server session does not hold the migrate lock';

/** Session setting naming the run that took the lock on this server session. */
const OWNER_SETTING = 'ladder.lock_owner';

export interface LockOptions {
  key: bigint;
  timeoutMs: number;
  environment: string;
  /** called once when the lock is busy, so a waiting deployer says why it waits */
  onWait?: (holder: LockHolder | undefined) => void;
  signal?: AbortSignal;
}

export async function acquireLock(session: LockSession, opts: LockOptions): Promise<HeldLock> {
  const key = opts.key.toString();
  const started = Date.now();
  let delay = 25;
  let told = false;
  // Names this run on the server session that takes the lock: the guard
  // checks it, so the lock of another client sharing that server session
  // through a pooler is never taken for ours.
  const owner = randomBytes(8).toString('hex');
  const heldHere = heldByThisBackend(opts.key);
  let holderPid = 0;
  // the session this wait runs in; if it ends (terminated, server restart), a poll would silently open another
  const lost = session.lost;
  for (;;) {
    if (lost?.()) throw waitLost(opts.environment);
    // The key is a bigint we computed: a literal spares postgres.js' describe round trip.
    // Advisory locks are re-entrant: a server session that holds the lock
    // already (null) is shared with another client, which took it.
    const [row] = await session.query<{ ok: boolean | null; pid: number }>(
      `select case when ${heldHere} then null
         when pg_try_advisory_lock(${key}::bigint) then set_config('${OWNER_SETTING}', '${owner}', false) = '${owner}'
         else false end as ok, pg_backend_pid() as pid`,
    ).catch((e: unknown) => {
      throw lost?.() || sessionGone(e) ? waitLost(opts.environment) : e;
    });
    if (row?.ok === null) throw sharedSession(opts.environment);
    if (row?.ok) {
      holderPid = row.pid;
      break;
    }
    if (!told) {
      told = true;
      opts.onWait?.(await lockHolder(session, opts.key));
    }
    const waited = Date.now() - started;
    if (waited >= opts.timeoutMs) {
      const holder = await lockHolder(session, opts.key);
      throw new LadderError(
        ExitCode.database,
        // the renderer names the environment in front: not here again
        `lock timeout after ${formatMs(waited)}: another migrate holds the lock` +
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
  const guardSql = session.singleSession
    ? undefined
    : session.runsMigrations
      ? lockGuardSql(opts.key, owner)
      : heldByOtherSessionGuardSql(opts.key, holderPid);
  return {
    ...(guardSql !== undefined ? { guardSql } : {}),
    assertHeld: async () => {
      if (session.singleSession) return;
      if (session.lost) {
        if (session.lost()) throw lockLost(opts.environment);
        // Our own connection lived: should a pooler have moved it to
        // another server session, each migration's guard (guardSql) finds out.
        return;
      }
      const [row] = await session.query<{ held: boolean }>(
        `select ${heldHere} and current_setting('${OWNER_SETTING}', true) = '${owner}' as held`,
      );
      if (!row?.held) throw lockLost(opts.environment);
    },
    release: async () => {
      try {
        // the owner mark goes with the lock, on the server session that held both
        const [row] = await session.query<{ ok: boolean }>(
          `select case when pg_advisory_unlock(${key}::bigint) then set_config('${OWNER_SETTING}', '', false) = '' else false end as ok`,
        );
        if (row && !row.ok && !session.singleSession && !session.lost?.()) {
          process.emitWarning(
            `the migrate lock was not held by this session when released in ${opts.environment}: is a pooler between ladder and the server?`,
          );
        }
      } catch (e) {
        // The session that held the lock is gone (terminated, server restarted,
        // network): so is its lock, and there is nothing to release.
        if (!sessionGone(e)) throw e;
      }
    },
  };
}

/** SQL: the server session running it holds the advisory lock `key`. */
function heldByThisBackend(key: bigint): string {
  const { classid, objid } = lockKeyParts(key);
  return `exists(select 1 from pg_catalog.pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
    and classid = ${classid}::bigint::oid and objid = ${objid}::bigint::oid and objsubid = 1 and granted)`;
}

/**
 * The guard (HeldLock.guardSql): this run's owner mark is on the server
 * session (set where this run took the lock, cleared on release), and no
 * other session holds the lock: pg_try_advisory_xact_lock succeeds for the
 * holder itself (locks are re-entrant within a session) and for nobody else
 * while the lock is held; should the lock have gone, it holds the key until
 * this transaction ends, so no other deployer can take over meanwhile.
 * pg_locks would say the same, but it copies the whole lock table on every
 * call, once per migration; this check is a single lock attempt.
 *
 * It raises by casting its message to an integer: no function to create, so
 * it runs where ladder may create nothing; the message stays non-constant
 * (pg_backend_pid) so the planner cannot raise it while folding constants.
 */
export function lockGuardSql(key: bigint, owner: string): string {
  return (
    `select case when current_setting('${OWNER_SETTING}', true) = '${owner}' and pg_try_advisory_xact_lock(${key.toString()}::bigint) then 1 ` +
    `else ('${LOCK_GUARD_MARK} (server pid ' || pg_backend_pid() || ')')::int end as ok`
  );
}

/**
 * The guard when the lock lives on a session of its own (a caller's pool:
 * the lock on a reserved connection, the migrations on others): that
 * session still holds it. pg_locks (a copy of the whole lock table) only on this path.
 */
function heldByOtherSessionGuardSql(key: bigint, pid: number): string {
  const { classid, objid } = lockKeyParts(key);
  return (
    `select case when exists(select 1 from pg_catalog.pg_locks where locktype = 'advisory' and pid = ${pid} ` +
    `and classid = ${classid}::bigint::oid and objid = ${objid}::bigint::oid and objsubid = 1 and granted) then 1 ` +
    `else ('${LOCK_GUARD_MARK} (server pid ' || pg_backend_pid() || ')')::int end as ok`
  );
}

/** The error a migration's transaction raised from the lock guard. */
export function isLockGuardError(e: unknown): boolean {
  for (let x = e as { message?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (typeof x.message === 'string' && x.message.includes(LOCK_GUARD_MARK)) return true;
  }
  return false;
}

/** The run's migration transaction ran on a server session without the lock: rolled back. */
export function lockGuardFailed(environment: string, migration: string | undefined, partial: ErrorPartial): LadderError {
  return new LadderError(
    ExitCode.database,
    `${migration ?? 'a migration'} was not applied: its transaction ran on a server session that does not hold the migrate lock, so it was rolled back`,
    {
      environment,
      migration,
      hint: 'a pooler moved the connection between server sessions; use the direct URL for migrations (docs/poolers.md)',
      partial,
    },
  );
}

function sharedSession(environment: string): LadderError {
  return new LadderError(
    ExitCode.usage,
    `refused: this URL goes through a transaction pooler (the server session already held the migrate lock, taken by another client); nothing was changed`,
    { environment, hint: 'use the direct URL for migrations (docs/poolers.md)' },
  );
}

function waitLost(environment: string): LadderError {
  return new LadderError(ExitCode.database, 'the database session waiting for the migrate lock ended (terminated, or the server restarted): nothing was applied', {
    environment,
    hint: 'run ladder migrate again; if it keeps happening, see who ends sessions (pg_terminate_backend, idle_session_timeout, a pooler)',
  });
}

function lockLost(environment: string): LadderError {
  return new LadderError(ExitCode.database, `lost the migrate lock: the database connection was reset`, {
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

/**
 * The connection (and so any session-level lock) is gone, or the server cannot be reached
 * again: ended sessions, plus refused or timed-out connects and SQLSTATE class 08.
 */
function sessionGone(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (sessionEnded(code) || code === 'CONNECT_TIMEOUT' || code === 'ECONNREFUSED' || code.startsWith('08'));
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
