/**
 * ladder's bookkeeping in the database: drizzle's tracking table (written
 * exactly as drizzle-orm writes it), __ladder_tries and __ladder_log.
 */
import { redactSecrets } from '../core/redact.js';
import { ExitCode, LadderError } from '../core/errors.js';
import type { AppliedRow, DatabaseState, FolderFormatKind, PartialRow, TrackingShape, TryRow } from '../core/types.js';
import type { SqlClient } from './client.js';
import { quoteLiteral, type TableNames } from './quote.js';
import { describeDriverError } from './sql-error.js';

/**
 * drizzle's tracking table with the DDL of the drizzle-orm that reads the
 * folder: 0.45's PgDialect.migrate for a journal, 1.0's (two more columns:
 * it tracks by name) for 1.0 folders, so either tool can create it first.
 */
export function ledgerDdl(t: TableNames, format: FolderFormatKind = 'journal'): string {
  const v1Columns = format === 'folders' ? ',\n  name text,\n  applied_at timestamp with time zone DEFAULT now()' : '';
  return `
CREATE SCHEMA IF NOT EXISTS ${t.schemaQuoted};
CREATE TABLE IF NOT EXISTS ${t.migrations} (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at bigint${v1Columns}
);
CREATE TABLE IF NOT EXISTS ${t.tries} (
  migration_id text PRIMARY KEY,
  position integer NOT NULL,
  hash text NOT NULL,
  revert_hash text NOT NULL,
  migrate_sql text NOT NULL,
  revert_sql text NOT NULL,
  tried_at timestamptz NOT NULL DEFAULT now(),
  revert_unverified text
);
CREATE TABLE IF NOT EXISTS ${t.log} (
  id bigserial PRIMARY KEY,
  action text NOT NULL,
  migration_id text,
  hash text,
  fake boolean NOT NULL DEFAULT false,
  started_at timestamptz NOT NULL,
  duration_ms integer,
  ok boolean NOT NULL,
  error text
);
CREATE TABLE IF NOT EXISTS ${t.partial} (
  migration_id text PRIMARY KEY,
  hash text NOT NULL,
  statements_done integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`;
}

/**
 * Create the tables when missing. Called under the migrate lock; another
 * tool (drizzle-kit migrate, a try without the lock) may still create the
 * same schema or table at the same moment: CREATE ... IF NOT EXISTS then
 * fails with a unique violation on the catalog (pg_namespace_nspname_index,
 * pg_type_typname_nsp_index) or "already exists". Once the other side has
 * committed, the same DDL finds everything there: so try again, a few times.
 */
export async function ensureLedger(db: SqlClient, t: TableNames, format: FolderFormatKind = 'journal'): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.exec(ledgerDdl(t, format));
      return;
    } catch (e) {
      const code = (e as { code?: unknown } | undefined)?.code;
      if (attempt >= 3 || (code !== '23505' && code !== '42P06' && code !== '42P07')) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/**
 * drizzle-orm 1.0's upgrade of a 0.x tracking table (up-migrations/pg), in
 * one transaction: the two columns, then each matched row's name, applied_at
 * NULL as drizzle writes it. The matching (and ladder's hash check, which
 * drizzle does not make) is core/tracking.ts's.
 */
export async function upgradeTrackingTable(db: SqlClient, t: TableNames, names: { rowId: number; name: string }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(
      `ALTER TABLE ${t.migrations} ADD COLUMN IF NOT EXISTS "name" text; ` +
        `ALTER TABLE ${t.migrations} ADD COLUMN IF NOT EXISTS "applied_at" timestamp with time zone DEFAULT now()`,
    );
    for (const { rowId, name } of names) {
      await tx.query(`UPDATE ${t.migrations} SET "name" = $1, "applied_at" = NULL WHERE "id" = $2`, [name, rowId]);
    }
  });
}

const EMPTY: DatabaseState = { applied: [], tries: [], fakeHashes: new Set(), trackingShape: 'none', partials: [] };

/**
 * Read everything ladder needs in two round trips, creating nothing: a
 * database ladder never touched reads as empty (status and dry runs must not write).
 */
export async function readState(db: SqlClient, t: TableNames): Promise<DatabaseState> {
  // literals, not $n: postgres.js describes a parameterized statement first, a round trip more
  const [exists] = await db.query<{ m: string | null; t: string | null; l: string | null; p: string | null; named: boolean }>(
    `select to_regclass(${quoteLiteral(t.migrations)})::text as m, to_regclass(${quoteLiteral(t.tries)})::text as t, to_regclass(${quoteLiteral(t.log)})::text as l, to_regclass(${quoteLiteral(t.partial)})::text as p, ` +
      // drizzle-orm 1.0's shape has a name column (its up-migrations check exactly that)
      `exists(select 1 from pg_attribute where attrelid = to_regclass(${quoteLiteral(t.migrations)}) and attname = 'name' and attnum > 0 and not attisdropped) as named`,
  );
  if (!exists?.m && !exists?.t && !exists?.l) return { ...EMPTY, fakeHashes: new Set(), partials: [] };
  const trackingShape: TrackingShape = !exists.m ? 'none' : exists.named ? 'v1' : 'v0';
  const parts = [
    exists.m
      ? `(select coalesce(json_agg(json_build_object('id', id, 'hash', hash, 'created_at', created_at::text${exists.named ? `, 'name', name` : ''}) order by id), '[]') from ${t.migrations})`
      : `'[]'::json`,
    exists.t
      ? `(select coalesce(json_agg(json_build_object('migration_id', migration_id, 'position', position, 'hash', hash, 'revert_hash', revert_hash, 'migrate_sql', migrate_sql, 'revert_sql', revert_sql, 'tried_at', tried_at, 'revert_unverified', to_jsonb(x)->'revert_unverified') order by position), '[]') from ${t.tries} x)`
      : `'[]'::json`,
    exists.l
      ? `(select coalesce(json_agg(distinct hash), '[]') from ${t.log} where fake and ok and hash is not null)`
      : `'[]'::json`,
    exists.p
      ? `(select coalesce(json_agg(json_build_object('migration_id', migration_id, 'hash', hash, 'statements_done', statements_done, 'updated_at', updated_at)), '[]') from ${t.partial})`
      : `'[]'::json`,
  ];
  const [row] = await db
    .query<{ applied: unknown; tries: unknown; fakes: unknown; partials: unknown }>(
      `select ${parts[0]} as applied, ${parts[1]} as tries, ${parts[2]} as fakes, ${parts[3]} as partials`,
    )
    .catch((e: unknown) => {
      throw new LadderError(
        ExitCode.database,
        `cannot read ${t.migrations}: ${describeDriverError(e)}`,
        {
          hint: `is it drizzle-orm's tracking table (id, hash, created_at)? migrations_schema and migrations_table in ladder.toml must name it`,
        },
        e,
      );
    });
  const applied = asArray<{ id: number; hash: string; created_at: string | null; name?: string | null }>(row?.applied).map(
    (r): AppliedRow => ({ id: Number(r.id), hash: r.hash, createdAt: r.created_at === null ? null : Number(r.created_at), name: r.name ?? null }),
  );
  const tries = asArray<{
    migration_id: string;
    position: number;
    hash: string;
    revert_hash: string;
    migrate_sql: string;
    revert_sql: string;
    tried_at: string;
    revert_unverified?: string | null;
  }>(row?.tries).map(
    (r): TryRow => ({
      migrationId: r.migration_id,
      position: r.position,
      hash: r.hash,
      revertHash: r.revert_hash,
      migrateSql: r.migrate_sql,
      revertSql: r.revert_sql,
      triedAt: new Date(r.tried_at),
      ...(r.revert_unverified ? { revertUnverified: r.revert_unverified } : {}),
    }),
  );
  const partials = asArray<{ migration_id: string; hash: string; statements_done: number; updated_at: string }>(row?.partials).map(
    (r): PartialRow => ({ migrationId: r.migration_id, hash: r.hash, statementsDone: Number(r.statements_done), updatedAt: new Date(r.updated_at) }),
  );
  return { applied, tries, fakeHashes: new Set(asArray<string>(row?.fakes)), partials, trackingShape };
}

// PGlite returns json columns parsed; postgres.js too, but be liberal.
function asArray<T>(v: unknown): T[] {
  if (typeof v === 'string') return JSON.parse(v) as T[];
  return (v as T[] | null) ?? [];
}

export interface LogEntry {
  action: string;
  migrationId?: string;
  hash?: string;
  fake?: boolean;
  startedAt: Date;
  durationMs?: number;
  ok: boolean;
  error?: string;
}

/**
 * Append to __ladder_log. The log is an audit trail, not the source of truth
 * (drizzle's table is), so its commit does not wait for the WAL flush:
 * set_config(..., true) makes synchronous_commit=off local to this one
 * autocommit statement, saving an fsync per row. Unless `flush`: after a run
 * whose commits did not wait (atomic.ts, NO_FLUSH_WAIT), this row's commit
 * waits, and makes them durable with it.
 */
export async function appendLog(db: SqlClient, t: TableNames, e: LogEntry, secrets: string[] = [], flush = false): Promise<void> {
  // A Postgres error may echo a value, even a password: the log never holds one.
  const error = e.error === undefined ? null : redactSecrets(e.error, secrets);
  await db.query(
    `with c as (select ${flush ? `current_setting('synchronous_commit')` : `set_config('synchronous_commit', 'off', true)`})
     insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok, error)
     select $1, $2, $3, $4, $5, $6, $7, $8 from c`,
    [
      e.action,
      e.migrationId ?? null,
      e.hash ?? null,
      e.fake ?? false,
      e.startedAt.toISOString(),
      e.durationMs === undefined ? null : Math.round(e.durationMs),
      e.ok,
      error,
    ],
  );
}
