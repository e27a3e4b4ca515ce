/**
 * What a driver needs to apply migrations atomically: the units (one per
 * migration), the order of their statements, and which statement failed.
 */
import { isBlankStatement } from '../core/parse.js';

export interface MigrationUnit {
  /** the migration's statements (its `--> statement-breakpoint` chunks); empty for a fake */
  statements: string[];
  /** bookkeeping run after them in the same transaction: the tracking row, the log row. Literal SQL, no parameters. */
  epilogue: string[];
}

/** Where the server is, for progress: the statement it is running now. */
export type ProgressListener = (unit: number, statement: number) => void;

/** A unit's transaction committed. */
export type CommitListener = (unit: number) => void;

/** The first statement that failed; everything of the transaction was rolled back. */
export class StatementFailure extends Error {
  constructor(
    readonly unit: number,
    /** index in the unit's statements; negative for bookkeeping (see COMMIT_STATEMENT) */
    readonly statement: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StatementFailure';
  }
}

/**
 * Task.statement for bookkeeping: the unit's start mark (-2), its epilogue
 * (-1), the COMMIT (-3), the guard that refuses to run a unit after a failed
 * one (-4).
 */
export const COMMIT_STATEMENT = -3;
export const GUARD_STATEMENT = -4;

export interface Task {
  text: string;
  unit: number;
  statement: number;
}

/**
 * The statements of all units in order. Blank chunks (comments only, the
 * empty tail after a final breakpoint) are skipped: they would run nothing.
 * When units share one transaction, each starts by noting the time, so its
 * log row can say how long it took (alone in its transaction, now() does).
 */
export function tasksOf(units: MigrationUnit[], shared = units.length > 1): Task[] {
  const tasks: Task[] = [];
  units.forEach((u, unit) => {
    if (shared) tasks.push({ text: UNIT_START, unit, statement: -2 });
    u.statements.forEach((text, statement) => {
      if (!isBlankStatement(text)) tasks.push({ text, unit, statement });
    });
    for (const text of u.epilogue) tasks.push({ text, unit, statement: -1 });
  });
  return tasks;
}

const UNIT_START = `select set_config('ladder.unit_started', clock_timestamp()::text, true)`;

/** SQL for when this unit started: its mark in a shared transaction, else its transaction's start. */
export const UNIT_STARTED_AT = `coalesce(nullif(current_setting('ladder.unit_started', true), '')::timestamptz, now())`;

/** SQL for the log row's duration: since this unit started. */
export const UNIT_DURATION_MS = `(extract(epoch from clock_timestamp() - ${UNIT_STARTED_AT}) * 1000)::int`;

/** SQLSTATE 25P02: "current transaction is aborted": the echo of an earlier failure, not a cause. */
const IN_FAILED_TRANSACTION = '25P02';

/** The task whose failure caused the rollback (the first one that failed for its own reason). */
export function firstFailure(tasks: Task[], results: PromiseSettledResult<unknown>[]): StatementFailure | undefined {
  let echo: StatementFailure | undefined;
  for (const [i, r] of results.entries()) {
    if (r.status !== 'rejected') continue;
    const task = tasks[i];
    const failure = new StatementFailure(task?.unit ?? 0, task?.statement ?? -1, r.reason);
    const isEcho = (r.reason as { code?: string } | undefined)?.code === IN_FAILED_TRANSACTION || task?.statement === GUARD_STATEMENT;
    if (!isEcho) return failure;
    echo ??= failure;
  }
  return echo;
}

/**
 * Units in one pipeline, each in its own transaction: BEGIN, a guard, the
 * unit, a mark, COMMIT. The mark is a session setting set inside the unit's
 * transaction, so it exists only if that transaction committed (SET is rolled
 * back with its transaction); the next unit's guard raises unless it finds
 * the mark. So a failure stops every later unit, though all were sent at
 * once, and each migration still commits on its own.
 */
export function chainedTasks(units: MigrationUnit[], run: string): Task[] {
  const mark = (k: number) => `'${run}:${k}'`;
  const tasks: Task[] = [];
  units.forEach((u, k) => {
    // BEGIN and the guard in one message; the guard divides by zero unless
    // the previous unit's mark is there (only its failure can be the cause).
    tasks.push(
      k === 0
        ? { text: 'BEGIN', unit: k, statement: -1 }
        : {
            text: `BEGIN; select 1 / coalesce(current_setting('ladder.run', true) = ${mark(k - 1)}, false)::int`,
            unit: k,
            statement: GUARD_STATEMENT,
          },
    );
    tasks.push(...tasksOf([u], false).map((t) => ({ ...t, unit: k })));
    tasks.push({ text: `select set_config('ladder.run', ${mark(k)}, false)`, unit: k, statement: -1 });
    tasks.push({ text: 'COMMIT', unit: k, statement: COMMIT_STATEMENT });
  });
  return tasks;
}

/**
 * applyEach for a driver that cannot pipeline transactions (PGlite, a
 * caller's pool): one transaction per unit, one after the other.
 */
export async function applyEachInTurn(
  applyOne: (unit: MigrationUnit, onProgress?: ProgressListener) => Promise<void>,
  units: MigrationUnit[],
  onProgress?: ProgressListener,
  onCommitted?: CommitListener,
): Promise<void> {
  for (const [k, unit] of units.entries()) {
    try {
      await applyOne(unit, onProgress && ((_u, statement) => onProgress(k, statement)));
    } catch (e) {
      throw e instanceof StatementFailure ? new StatementFailure(k, e.statement, e.cause) : e;
    }
    onCommitted?.(k);
  }
}
