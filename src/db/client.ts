/**
 * The seam between ladder and a database driver. One small file per driver
 * (postgres-js.ts, pglite.ts) implements it, as drizzle-orm does with its
 * per-driver migrators.
 */

/** drizzle-orm's MigrationMeta (drizzle-orm/migrator), as its dialect's migrate() takes it. */
export interface MigrationMeta {
  sql: string[];
  folderMillis: number;
  hash: string;
  bps: boolean;
}

export interface MigratorConfig {
  migrationsTable: string;
  migrationsSchema: string;
}

/** Called by drizzle's logger before each query it sends. */
export type QueryListener = (query: string) => void;

export interface DrizzleMigrator {
  /** drizzle-orm's own PgDialect.migrate over this client's session */
  migrate(migrations: MigrationMeta[], config: MigratorConfig): Promise<void>;
}

export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  /** one statement, with $1.. parameters */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** SQL text that may hold several statements (simple protocol), no parameters */
  exec(text: string): Promise<void>;
  /** fn in one transaction on one connection; rolled back when fn throws */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * The session that holds the migrate lock. It must stay the same backend for
   * the whole run: a session-level advisory lock dies with its connection.
   */
  lockSession(): Promise<LockSession>;
  /** drizzle-orm's migrator on this client, loaded only when there is work for it */
  migrator(onQuery: QueryListener): Promise<DrizzleMigrator>;
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
   * PGlite: one session in one process, which cannot lose its lock (and whose
   * pg_locks shows no pid), so the per-migration lock check is skipped.
   */
  singleSession?: boolean;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}
