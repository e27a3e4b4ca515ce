/**
 * The executor for migrations that cannot be pipelined (core/modes.ts): one
 * statement at a time, stopping at the first error, so a failed statement is
 * always the last one of its migration that runs, whatever SQL comes after it
 * (SAVEPOINT/ROLLBACK TO, COMMIT, BEGIN...).
 *
 * - applyStepwise: units in ONE transaction, statement by statement
 *   (transaction-stepwise migrations; --single-transaction plans holding one).
 * - applyBlocks: a no-transaction or segmented migration, block by block
 *   (planBlocks), each block's progress committed in __ladder_partial, so a
 *   failed or interrupted run resumes after the last committed block and no
 *   statement that succeeded runs twice. The tracking row is written with the
 *   last block (in its transaction when it has one).
 */
import { isSent, withoutConcurrently, type Block, type RunPlan } from '../core/modes.js';
import { COMMIT_STATEMENT, StatementFailure, tasksOf, type MigrationUnit, type ProgressListener } from './atomic.js';
import type { SqlClient } from './client.js';
import { quoteIdent, quoteLiteral, type TableNames } from './quote.js';
import { isSqlState, pgErrorFields, SESSION_ENDING_SQLSTATES } from './sql-error.js';

/** Run tasks one at a time in one transaction; StatementFailure for the first that fails (the rest never run). */
export async function applyStepwise(db: SqlClient, units: MigrationUnit[], onProgress?: ProgressListener): Promise<void> {
  const tasks = tasksOf(units);
  await db
    .transaction(async (tx) => {
      for (const t of tasks) {
        onProgress?.(t.unit, t.statement);
        try {
          await tx.exec(t.text);
        } catch (e) {
          throw new StatementFailure(t.unit, t.statement, e);
        }
      }
    })
    .catch((e: unknown) => {
      if (e instanceof StatementFailure) throw e;
      // every statement ran: a server error now is the COMMIT's (a deferred constraint)
      const code = pgErrorFields(e).code;
      if (isSqlState(code) && !SESSION_ENDING_SQLSTATES.has(code)) throw new StatementFailure(Math.max(0, units.length - 1), COMMIT_STATEMENT, e);
      throw e;
    });
}

/** A no-transaction or segmented migration failed: how far it got (its progress is committed). */
export class BlockFailure extends StatementFailure {
  constructor(
    unit: number,
    /** index in the run plan's statements */
    statement: number,
    cause: unknown,
    /** statements run and committed before it (where the next migrate resumes) */
    readonly statementsDone: number,
  ) {
    super(unit, statement, cause);
  }
}

export interface BlockRun {
  db: SqlClient;
  names: TableNames;
  unit: MigrationUnit;
  /** index of the unit in this run, for StatementFailure */
  index: number;
  id: string;
  hash: string;
  plan: RunPlan;
  /** statements already run and committed by an earlier run */
  statementsDone: number;
  /** SET LOCAL lines for each transaction; session SETs for statements that run alone */
  settings: { local: string; session: string; reset: string };
  /** the client keeps one session (session SETs stay ours) */
  ownSession: boolean;
  onProgress?: ProgressListener;
  /** something the user should know (an invalid index dropped before the resume) */
  notice?: (message: string) => void;
  /**
   * the bookkeeping written with the last block, in its transaction, instead
   * of the unit's record (a rollback deletes the tracking row instead of inserting it)
   */
  finish?: (tx: SqlClient) => Promise<void>;
}

/** Apply a no-transaction or segmented migration from its progress on. */
export async function applyBlocks(r: BlockRun): Promise<void> {
  const statements = r.plan.statements ?? [];
  const blocks = r.plan.blocks ?? [];
  const startedAt = new Date().toISOString();
  let done = r.statementsDone;
  const last = blocks.length - 1;
  let first = true;
  for (const [b, block] of blocks.entries()) {
    if (block.to <= done) continue;
    const isLast = b === last;
    const firstRun = first;
    first = false;
    const recordIn = (tx: SqlClient) =>
      isLast ? (r.finish ? r.finish(tx) : finish(tx, r, startedAt)) : tx.exec(progressSql(r.names, r.id, r.hash, block.to));
    if (block.kind === 'alone') {
      const s = statements[block.from]!;
      let skip = false;
      // only where an earlier run may have stopped: the first block this run executes
      if (s.index && firstRun) skip = await clearInvalidIndex(r, s.index);
      if (s.droppedIndex && firstRun) skip = await indexAlreadyDropped(r, s.droppedIndex);
      if (!skip) {
        r.onProgress?.(r.index, block.from);
        try {
          if (r.ownSession && r.settings.session) await r.db.exec(r.settings.session);
          await r.db.exec(r.db.kind === 'pglite' ? withoutConcurrently(s.text) : s.text);
        } catch (e) {
          throw new BlockFailure(r.index, block.from, e, done);
        } finally {
          if (r.ownSession && r.settings.reset) await r.db.exec(r.settings.reset).catch(() => {});
        }
      }
      await r.db.transaction(async (tx) => recordIn(tx));
    } else {
      let failed: BlockFailure | undefined;
      await r.db
        .transaction(async (tx) => {
          if (r.settings.local) await tx.exec(r.settings.local);
          for (let i = block.from; i < block.to; i++) {
            const s = statements[i]!;
            if (!isSent(s.kind)) continue;
            r.onProgress?.(r.index, i);
            try {
              await tx.exec(s.text);
            } catch (e) {
              throw (failed = new BlockFailure(r.index, i, e, done));
            }
          }
          if (block.kind === 'rolled-back') throw ROLLED_BACK;
          await recordIn(tx);
        })
        .catch((e: unknown) => {
          if (e === ROLLED_BACK) return;
          if (failed) throw failed;
          // every statement ran: a server error now is the COMMIT's (a deferred constraint)
          const code = pgErrorFields(e).code;
          if (isSqlState(code) && !SESSION_ENDING_SQLSTATES.has(code)) throw new BlockFailure(r.index, block.to - 1, e, done);
          throw e;
        });
      // the user's ROLLBACK: its statements are undone as they asked; progress moves past them
      if (block.kind === 'rolled-back') await r.db.transaction(async (tx) => recordIn(tx));
    }
    done = block.to;
  }
  // nothing left to run (every block done before): record it now
  if (blocks.length === 0 || blocks[last]!.to <= r.statementsDone) await r.db.transaction(async (tx) => (r.finish ? r.finish(tx) : finish(tx, r, startedAt)));
}

const ROLLED_BACK = Symbol('rolled back by the migration');

function progressSql(t: TableNames, id: string, hash: string, done: number): string {
  return (
    `insert into ${t.partial} (migration_id, hash, statements_done, updated_at) values (${quoteLiteral(id)}, ${quoteLiteral(hash)}, ${done}, now()) ` +
    `on conflict (migration_id) do update set hash = excluded.hash, statements_done = excluded.statements_done, updated_at = excluded.updated_at`
  );
}

/** The tracking row and log row (the unit's record), and the progress row removed: in the caller's transaction. */
async function finish(tx: SqlClient, r: BlockRun, startedAt: string): Promise<void> {
  const { values } = r.unit.record;
  // the log row's duration counts from this run's start, not this last block's
  await tx.exec(`select set_config('ladder.unit_started', ${quoteLiteral(startedAt)}, true)`);
  await tx.exec(`with ${r.unit.record.ctes((i) => values[i]!)} select 1 from recorded`);
  await tx.exec(`delete from ${r.names.partial} where migration_id = ${quoteLiteral(r.id)}`);
}

/**
 * Before CREATE INDEX CONCURRENTLY runs again after an interruption: an
 * INVALID index of that name is what a failed or killed build leaves behind:
 * dropped (said). A VALID one means the build finished before the kill, only
 * its progress was not written: the statement is skipped. Returns true to skip.
 */
async function clearInvalidIndex(r: BlockRun, index: IndexName): Promise<boolean> {
  const qualified = quoteIndexName(index);
  const [row] = await r.db.query<{ valid: boolean | null }>(
    `select i.indisvalid as valid from pg_index i where i.indexrelid = to_regclass(${quoteLiteral(qualified)})`,
  );
  if (!row) return false;
  if (row.valid) {
    r.notice?.(`${r.id}: index ${qualified} exists and is valid: built before the interruption, not built again`);
    return true;
  }
  r.notice?.(`${r.id}: dropping the invalid index ${qualified} left by an interrupted CREATE INDEX CONCURRENTLY, then building it again`);
  await r.db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified}`);
  return false;
}

/**
 * Before DROP INDEX CONCURRENTLY runs again after an interruption: no index
 * of that name means the drop finished before the kill, only its progress
 * was not written: the statement is skipped (said), where running it again
 * would fail with "does not exist" and leave the run stuck. An index still
 * there, valid or left INVALID by an interrupted drop, is dropped again.
 * Returns true to skip.
 */
async function indexAlreadyDropped(r: BlockRun, index: IndexName): Promise<boolean> {
  const qualified = quoteIndexName(index);
  const [row] = await r.db.query<{ gone: boolean }>(`select to_regclass(${quoteLiteral(qualified)}) is null as gone`);
  if (!row?.gone) return false;
  r.notice?.(`${r.id}: index ${qualified} does not exist: dropped before the interruption, not dropped again`);
  return true;
}

type IndexName = { schema?: string; name: string };

/** The index as the statement named it: schema-qualified only when it was, so search_path finds it as it would. */
function quoteIndexName(index: IndexName): string {
  return index.schema ? `${quoteIdent(index.schema)}.${quoteIdent(index.name)}` : quoteIdent(index.name);
}

export type { Block };
