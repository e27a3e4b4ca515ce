/**
 * What a driver needs to apply migrations atomically: the units (one per
 * migration), the order of their statements, and which statement failed.
 */
import { isBlankStatement } from '../core/parse.js';

export interface MigrationUnit {
  /** the migration's statements (its `--> statement-breakpoint` chunks); empty for a fake */
  statements: string[];
  /**
   * Bookkeeping run after them in the same transaction (the tracking row,
   * the log row): the data-modifying CTEs of one statement, comma separated,
   * the last one named `recorded` and returning one row. Literal SQL, no parameters.
   */
  record: string;
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
 * Task.statement for bookkeeping: the unit's BEGIN or start mark (-2), its
 * record (-1), the COMMIT (-3), the guard that refuses to run a unit after a
 * failed one (-4), the record and COMMIT sent as one message (-5: which of
 * the two failed is settled by recordOrCommit).
 */
export const RECORD_STATEMENT = -1;
export const START_STATEMENT = -2;
export const COMMIT_STATEMENT = -3;
export const GUARD_STATEMENT = -4;
export const RECORD_AND_COMMIT = -5;

export interface Task {
  text: string;
  unit: number;
  statement: number;
}

/**
 * The statement that records a unit, then evaluates `then` (a marker) once
 * the rows are written: selecting from `recorded` makes the CTEs run first,
 * so `then` cannot change what they read.
 */
export function recordStatement(unit: MigrationUnit, then = '1'): string {
  return `with ${unit.record} select ${then} from recorded`;
}

/** The migration statements of a unit as tasks; blank chunks (comments only, the empty tail after a final breakpoint) would run nothing. */
function statementTasks(u: MigrationUnit, unit: number): Task[] {
  const tasks: Task[] = [];
  u.statements.forEach((text, statement) => {
    if (!isBlankStatement(text)) tasks.push({ text, unit, statement });
  });
  return tasks;
}

const NOTE_UNIT_START = `set_config('ladder.unit_started', clock_timestamp()::text, true)`;

/**
 * The statements of all units, to run inside one transaction. When units
 * share it, the time each one starts is noted (by the first task, then by
 * the previous unit's record), so its log row can say how long it took;
 * alone in its transaction, now() does.
 */
export function tasksOf(units: MigrationUnit[], shared = units.length > 1): Task[] {
  const tasks: Task[] = [];
  if (shared) tasks.push({ text: `select ${NOTE_UNIT_START}`, unit: 0, statement: START_STATEMENT });
  units.forEach((u, unit) => {
    tasks.push(...statementTasks(u, unit));
    const last = unit === units.length - 1;
    tasks.push({ text: recordStatement(u, shared && !last ? NOTE_UNIT_START : '1'), unit, statement: RECORD_STATEMENT });
  });
  return tasks;
}

/** SQL for when this unit started: its mark in a shared transaction, else its transaction's start. */
export const UNIT_STARTED_AT = `coalesce(nullif(current_setting('ladder.unit_started', true), '')::timestamptz, now())`;

/** SQL for the log row's duration: since this unit started. */
export const UNIT_DURATION_MS = `(extract(epoch from clock_timestamp() - ${UNIT_STARTED_AT}) * 1000)::int`;

/** SQLSTATE 25P02: "current transaction is aborted": the echo of an earlier failure, not a cause. */
const IN_FAILED_TRANSACTION = '25P02';

const codeOf = (reason: unknown) => (reason as { code?: string } | undefined)?.code;

/** The task whose failure caused the rollback (the first one that failed for its own reason). */
export function firstFailure(tasks: Task[], results: PromiseSettledResult<unknown>[]): StatementFailure | undefined {
  let echo: StatementFailure | undefined;
  for (const [i, r] of results.entries()) {
    if (r.status !== 'rejected') continue;
    const task = tasks[i];
    const statement = task?.statement === RECORD_AND_COMMIT ? recordOrCommit(r.reason, tasks[i + 1], results[i + 1]) : (task?.statement ?? RECORD_STATEMENT);
    const failure = new StatementFailure(task?.unit ?? 0, statement, r.reason);
    const isEcho = codeOf(r.reason) === IN_FAILED_TRANSACTION || task?.statement === GUARD_STATEMENT;
    if (!isEcho) return failure;
    echo ??= failure;
  }
  return echo;
}

/**
 * A unit's record and COMMIT went as one message and it failed: which one?
 * The next unit's guard tells. After a failed COMMIT the session is idle:
 * BEGIN opens a transaction and the guard finds no mark (22012). After a
 * failed record the transaction is still open and aborted: BEGIN only warns
 * and the guard answers 25P02. With no guard after it (the last unit), the
 * record is blamed unless the error is one a COMMIT raises (a deferred
 * constraint: class 23; a serialization failure: class 40).
 */
function recordOrCommit(reason: unknown, next: Task | undefined, result: PromiseSettledResult<unknown> | undefined): number {
  if (next?.statement === GUARD_STATEMENT && result?.status === 'rejected') {
    return codeOf(result.reason) === IN_FAILED_TRANSACTION ? RECORD_STATEMENT : COMMIT_STATEMENT;
  }
  return /^(23|40)/.test(codeOf(reason) ?? '') ? COMMIT_STATEMENT : RECORD_STATEMENT;
}

/**
 * Units in one pipeline, each in its own transaction: BEGIN and a guard,
 * the unit's statements, its record with a mark, COMMIT. The mark is a
 * session setting set inside the unit's transaction, so it exists only if
 * that transaction committed (SET is rolled back with its transaction); the
 * next unit's guard raises unless it finds the mark. So a failure stops
 * every later unit, though all were sent at once, and each migration still
 * commits on its own.
 *
 * Messages per unit: its statements plus two, as many as psql sends
 * (each statement costs the server a message: bookkeeping rides along with
 * BEGIN and COMMIT). BEGIN and the guard must be a message of their own: a
 * message stops at its first error, and a BEGIN skipped that way would let
 * the next statements run outside any transaction.
 */
export function chainedTasks(units: MigrationUnit[], run: string): Task[] {
  const mark = (k: number) => `'${run}:${k}'`;
  const tasks: Task[] = [];
  units.forEach((u, k) => {
    // the guard divides by zero unless the previous unit's mark is there (only its failure can be the cause)
    tasks.push(
      k === 0
        ? { text: 'BEGIN', unit: k, statement: START_STATEMENT }
        : {
            text: `BEGIN; select 1 / coalesce(current_setting('ladder.run', true) = ${mark(k - 1)}, false)::int`,
            unit: k,
            statement: GUARD_STATEMENT,
          },
    );
    tasks.push(...statementTasks(u, k));
    tasks.push({ text: `${recordStatement(u, `set_config('ladder.run', ${mark(k)}, false)`)}; COMMIT`, unit: k, statement: RECORD_AND_COMMIT });
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
