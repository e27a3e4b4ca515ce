/**
 * Reading __ladder_log for status: the rows that say when a migration was
 * applied or taken back, and the tries (whose duration a commit inherits).
 */
import type { LogRow } from '../core/history.js';
import type { SqlClient } from './client.js';
import { quoteLiteral, type TableNames } from './quote.js';

export async function readApplyLog(db: SqlClient, t: TableNames): Promise<LogRow[]> {
  // creating nothing: a database ladder never touched has no log
  const [exists] = await db.query<{ l: string | null }>(`select to_regclass(${quoteLiteral(t.log)})::text as l`);
  if (!exists?.l) return [];
  const [row] = await db.query<{ rows: unknown }>(
    `select coalesce(json_agg(json_build_object('id', id, 'action', action, 'migration_id', migration_id, 'hash', hash,
       'fake', fake, 'started_at', started_at, 'duration_ms', duration_ms) order by id), '[]') as rows
     from ${t.log}
     where ok and migration_id is not null and hash is not null
       and action in ('try', 'migrate', 'adopt-try', 'commit', 'baseline', 'rollback', 'uncommit')`,
  );
  const raw = typeof row?.rows === 'string' ? (JSON.parse(row.rows) as unknown[]) : ((row?.rows as unknown[] | null) ?? []);
  return (raw as { id: number; action: string; migration_id: string; hash: string; fake: boolean; started_at: string; duration_ms: number | null }[]).map(
    (r): LogRow => ({
      id: Number(r.id),
      action: r.action,
      migrationId: r.migration_id,
      hash: r.hash,
      fake: r.fake,
      startedAt: new Date(r.started_at),
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      ok: true,
    }),
  );
}

/**
 * drizzle-orm 1.0's `applied_at`, per tracking row id, when the table has the
 * column: when a migration ladder has no log record of (drizzle-kit migrate
 * ran it) was applied. Null for rows the 0.x upgrade named.
 */
export async function readTrackingAppliedAt(db: SqlClient, t: TableNames): Promise<Map<number, Date>> {
  const [has] = await db.query<{ ok: number }>(
    `select 1 as ok from pg_attribute where attrelid = to_regclass(${quoteLiteral(t.migrations)}) and attname = 'applied_at' and not attisdropped`,
  );
  if (!has) return new Map();
  const rows = await db.query<{ id: number; at: string }>(`select id, applied_at::text as at from ${t.migrations} where applied_at is not null`);
  return new Map(rows.map((r) => [Number(r.id), new Date(r.at)]));
}
