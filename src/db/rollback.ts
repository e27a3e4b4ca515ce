/**
 * One revert of `rollback`: the committed revert SQL, the delete of its
 * tracking row and its log row, in ONE transaction, so a migration is never
 * half rolled back nor recorded as applied once its schema is gone.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import type { RollbackStep } from '../core/rollback.js';
import type { SqlClient } from './client.js';
import type { TableNames } from './quote.js';
import { runStatements } from './tries.js';

export async function revertCommitted(db: SqlClient, t: TableNames, step: RollbackStep, environment: string): Promise<number> {
  const startedAt = new Date();
  const t0 = performance.now();
  await db.transaction(async (tx) => {
    await runStatements(tx, step.file.revert!.sql, { environment, migration: step.id, file: step.file.revertPath, what: 'revert' });
    const gone = await tx.query(`delete from ${t.migrations} where id = $1 and hash = $2 returning id`, [step.trackingRowId, step.hash]);
    if (gone.length !== 1) {
      // another client changed the tracking table under the lock (drizzle-kit migrate has none): undo
      throw new LadderError(ExitCode.database, `${step.id}: its tracking row ${step.trackingRowId} changed while rolling back; nothing of this revert was kept`, {
        environment,
        migration: step.id,
        hint: 'was drizzle-kit migrate run at the same time? run ladder status, then rollback again',
      });
    }
    // in the transaction and durable with it (not appendLog's no-flush commit)
    await tx.query(
      `insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok) values ('rollback', $1, $2, $3, $4, $5, true)`,
      [step.id, step.hash, step.fake, startedAt.toISOString(), Math.round(performance.now() - t0)],
    );
  });
  return performance.now() - t0;
}
