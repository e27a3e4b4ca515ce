/**
 * `uncommit` in a dev database: the applied row that `commit` made from a
 * try becomes that try again, with the committed SQL and revert SQL (what
 * ran, and what will undo it).
 */
import type { MigrationFile } from '../core/types.js';
import type { SqlClient } from './client.js';
import type { TableNames } from './quote.js';

export async function appliedToTry(tx: SqlClient, t: TableNames, file: MigrationFile, trackingRowId: number): Promise<void> {
  await tx.query(`delete from ${t.migrations} where id = $1`, [trackingRowId]);
  // It comes before every migration still tried here (they are later in the
  // journal), so untry must revert it last: the lowest position.
  await tx.query(
    `insert into ${t.tries} (migration_id, position, hash, revert_hash, migrate_sql, revert_sql)
     select $1, coalesce(min(position), 1) - 1, $2, $3, $4, $5 from ${t.tries}`,
    [file.id, file.hash, file.revert?.hash ?? '', file.sql, file.revert?.sql ?? ''],
  );
}
