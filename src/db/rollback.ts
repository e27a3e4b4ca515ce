/**
 * One revert of `rollback`: the committed revert SQL, the delete of its
 * tracking row and its log row, in ONE transaction, so a migration is never
 * half rolled back nor recorded as applied once its schema is gone.
 */
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import type { RunPlan } from '../core/modes.js';
import type { RollbackStep } from '../core/rollback.js';
import { sessionSettings, type Timeouts } from './apply.js';
import { isStatement } from './atomic.js';
import type { SqlClient } from './client.js';
import type { TableNames } from './quote.js';
import { describeDriverError, isSqlState, locateParsed, pgErrorFields } from './sql-error.js';
import { applyBlocks, BlockFailure } from './stepwise.js';
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

export interface StepwiseRevert {
  db: SqlClient;
  names: TableNames;
  step: RollbackStep;
  environment: string;
  /** the revert file read as a no-transaction migration (sql/analyze.ts) */
  plan: RunPlan;
  timeouts?: Timeouts;
  /** lock.ts's guard: the last block's transaction must run on the session holding the migrate lock */
  guardSql?: string;
  notice?: (message: string) => void;
}

/**
 * The revert of a `-- ladder:no-transaction` migration, as its migration
 * ran: statement by statement outside a transaction, each one's progress
 * committed in __ladder_partial under the revert file's hash, so a stopped
 * rollback resumes after the last statement that ran and none runs twice.
 * The tracking-row delete and the log row go with the last statement's
 * progress, in one transaction. A failed statement is the last that runs:
 * RevertStopped says how far it got.
 */
export async function revertCommittedStepwise(r: StepwiseRevert): Promise<number> {
  const { step, names: t } = r;
  const startedAt = new Date();
  const t0 = performance.now();
  const total = r.plan.statements?.length ?? 0;
  const done = step.statementsDone ?? 0;
  try {
    await applyBlocks({
      db: r.db,
      names: t,
      unit: { statements: (r.plan.statements ?? []).map((s) => s.text), record: { values: [], ctes: () => '' } },
      index: 0,
      id: step.id,
      hash: step.file.revert!.hash,
      plan: r.plan,
      statementsDone: done,
      settings: sessionSettings(r.timeouts, r.plan),
      ownSession: r.db.ownSession !== false,
      notice: r.notice,
      finish: async (tx) => {
        if (r.guardSql) await tx.query(r.guardSql);
        const gone = await tx.query(`delete from ${t.migrations} where id = $1 and hash = $2 returning id`, [step.trackingRowId, step.hash]);
        if (gone.length !== 1) {
          throw new LadderError(ExitCode.database, `${step.id}: its tracking row ${step.trackingRowId} changed while rolling back; the revert's statements ran, the row was not deleted`, {
            environment: r.environment,
            migration: step.id,
            hint: 'was drizzle-kit migrate run at the same time? run ladder status and check the schema by hand',
          });
        }
        await tx.query(`delete from ${t.partial} where migration_id = $1`, [step.id]);
        await tx.query(
          `insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok) values ('rollback', $1, $2, $3, $4, $5, true)`,
          [step.id, step.hash, step.fake, startedAt.toISOString(), Math.round(performance.now() - t0)],
        );
      },
    });
  } catch (e) {
    if (e instanceof BlockFailure) throw revertStopped(r, e, total);
    throw e;
  }
  return performance.now() - t0;
}

/** A stepwise revert stopped at a statement: which ran (and stay), which failed, which did not run. */
function revertStopped(r: StepwiseRevert, e: BlockFailure, total: number): LadderError {
  const { step, environment } = r;
  const file = step.file.revertPath;
  const f = pgErrorFields(e.cause);
  const failed = isStatement(e.statement) ? e.statement : undefined;
  const at = failed === undefined ? undefined : locateParsed(step.file.revert!.sql, r.plan.statements ?? [], failed, f.position);
  const kept = e.statementsDone;
  const range = (from: number, to: number) => (from === to ? `statement ${from}` : `statements ${from}-${to}`);
  const ran = kept === 0 ? `none of its ${total} statements stays committed` : `${range(1, kept)} of ${total} ran and stay${kept === 1 ? 's' : ''} committed`;
  const notRun = failed === undefined || failed + 1 >= total ? '' : `; ${range(failed + 2, total)} did not run`;
  const what = at ? `stopped at statement ${at.statement} of ${total} (${file}:${at.line})` : 'stopped';
  return new LadderError(
    ExitCode.database,
    `rollback of ${step.id} ${what}: ${describeDriverError(e.cause).replace(/ \(SQLSTATE \w+\)$/, '')}${isSqlState(f.code) ? ` (SQLSTATE ${f.code})` : ''}`,
    {
      environment,
      migration: step.id,
      file,
      line: at?.line,
      detail: [at?.frame, f.detail ? `detail: ${f.detail}` : undefined, `${ran}${failed === undefined ? '' : `; statement ${failed + 1} failed`}${notRun}`]
        .filter(Boolean)
        .join('\n'),
      hint: `${step.id} is still recorded as applied (its revert is -- ladder:no-transaction: each statement commits on its own); fix the cause, then run \`ladder rollback\` again: it resumes at statement ${kept + 1}`,
      partial: partialResult({ migration: step.id, statementsDone: kept, statementsTotal: total, failedStatement: failed === undefined ? undefined : failed + 1 }),
    },
    e.cause,
  );
}

