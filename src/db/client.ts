/**
 * The seam between ladder and a database driver. One small file per driver
 * (postgres-js.ts, pglite.ts) implements it, as drizzle-orm does with its
 * per-driver migrators.
 */

import type { CommitListener, MigrationUnit, ProgressListener } from './atomic.js';

export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Every query goes to the same session (our own connection, PGlite). False
   * for a caller's pool: a session SET could land on another connection.
   */
  readonly ownSession?: boolean;
  /** one statement, with $1.. parameters */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** SQL text that may hold several statements (simple protocol), no parameters */
  exec(text: string): Promise<void>;
  /** fn in one transaction on one connection; rolled back when fn throws */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction, where the driver must make savepoints itself
   * (postgres.js): fn in a savepoint, rolled back to it when fn throws.
   * Others get plain SAVEPOINT statements (db/savepoint.ts).
   */
  savepoint?<T>(fn: (sp: SqlClient) => Promise<T>): Promise<T>;
  /**
   * The session that holds the migrate lock. It must stay the same backend for
   * the whole run: a session-level advisory lock dies with its connection.
   */
  lockSession(): Promise<LockSession>;
  /**
   * Apply migration units in ONE transaction: their statements in order, then
   * their bookkeeping. On PostgreSQL the statements are pipelined (sent
   * without waiting for each answer), so a migration costs about one round
   * trip. Throws StatementFailure naming the first statement that failed;
   * nothing of the transaction stays.
   */
  applyAtomically(units: MigrationUnit[], onProgress?: ProgressListener): Promise<void>;
  /**
   * Apply units each in its OWN transaction, in order, stopping at the first
   * failure (later units do not run). On our own PostgreSQL connection all of
   * them are pipelined (see chainedTasks). onCommitted reports each commit as
   * it happens; throws StatementFailure for the first failure.
   */
  applyEach(units: MigrationUnit[], onProgress?: ProgressListener, onCommitted?: CommitListener): Promise<void>;
  /**
   * One query on a short-lived connection of its own, beside ours (to see
   * who blocks our session while it waits). Only where ladder opened the
   * connection itself.
   */
  probe?<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** closes what ladder opened; never a client the caller gave */
  close(): Promise<void>;
  /**
   * Interrupted (Ctrl-C, SIGTERM): drop our connection at once, so the server
   * rolls back the running transaction and frees the session's advisory lock.
   * A given client is not ours to cut: it is left alone.
   */
  abort(): Promise<void>;
}

export interface LockSession {
  /**
   * Knows without a round trip whether the session that holds the lock is
   * gone (postgres.js tells us when our only connection closes). Undefined:
   * ask the server.
   */
  lost?: () => boolean;
  /**
   * PGlite: one session in one process, which cannot lose its lock (and whose
   * pg_locks shows no pid), so the per-migration lock check is skipped.
   */
  singleSession?: boolean;
  /**
   * The migrations run on this same session (our own one-connection client),
   * so the lock guard checks the session it runs on; otherwise (a caller's
   * pool) it checks that the lock session still holds the lock.
   */
  runsMigrations?: boolean;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}
