/**
 * What a driver needs to apply migrations atomically: the units (one per
 * migration), the order of their statements, and which statement failed.
 */
import { isBlankStatement } from '../core/parse.js';

export interface MigrationUnit {
  /** the migration's statements (its `--> statement-breakpoint` chunks); empty for a fake */
  statements: string[];
  /** bookkeeping run after them in the same transaction (the tracking row, the log row) */
  record: UnitRecord;
  /** `SET LOCAL lock_timeout ...` for its transaction ('' for none) */
  settings?: string;
}

/**
 * A unit's bookkeeping: the data-modifying CTEs of one statement, comma
 * separated, the last one named `recorded` and returning one row. Its values
 * are apart from its text, so that units of the same shape can share one
 * prepared statement: planned once per run, not once per migration.
 */
export interface UnitRecord {
  /** the CTEs; `arg(i)` is where values[i] goes (the literal itself, or a parameter) */
  ctes(arg: (i: number) => string): string;
  /** SQL literals */
  values: string[];
}

/**
 * Where in a unit a task is (or a failure was): a statement (its index in the
 * unit's statements), or ladder's bookkeeping around them: the unit's BEGIN
 * or start mark, its record, its COMMIT, the guard that refuses to run a unit
 * after a failed one, or the record and COMMIT sent as one message (which of
 * the two failed is settled by recordOrCommit).
 */
export type Where = number | 'start' | 'record' | 'commit' | 'guard' | 'record+commit';

/** True when `where` is a statement of the migration (not bookkeeping). */
export const isStatement = (where: Where | undefined): where is number => typeof where === 'number';

/** Where the server is, for progress: the statement it is running now. */
export type ProgressListener = (unit: number, statement: Where) => void;

/** A unit's transaction committed. */
export type CommitListener = (unit: number) => void;

/** The first statement that failed; everything of the transaction was rolled back. */
export class StatementFailure extends Error {
  constructor(
    readonly unit: number,
    /** the statement's index in the unit's statements, or which bookkeeping failed */
    readonly statement: Where,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StatementFailure';
  }
}

/** The bookkeeping places of Where, by name. */
export const RECORD_STATEMENT = 'record';
export const START_STATEMENT = 'start';
export const COMMIT_STATEMENT = 'commit';
export const GUARD_STATEMENT = 'guard';
export const RECORD_AND_COMMIT = 'record+commit';

export interface Task {
  text: string;
  unit: number;
  statement: Where;
}

/**
 * What follows a unit's record once its rows are written: a marker, with an
 * optional value of its own (a SQL literal) that `sql(arg)` places.
 * Selecting from `recorded` makes the CTEs run first, so the marker cannot
 * change what they read.
 */
interface Then {
  sql(arg: string): string;
  value?: string;
}

const NOTHING: Then = { sql: () => '1' };

/**
 * Writes the statements that record units: the literal statement, or, for a
 * shape that several units share, an EXECUTE of a statement prepared once
 * (PREPARE goes in the message that opens the first transaction). Planning
 * the record cost the server about as much as running it: prepared, it is
 * planned once per run instead of once per migration. Only on a session of our own: a prepared
 * statement is the session's.
 */
class RecordWriter {
  private names = new Map<string, string>();
  private counts = new Map<string, number>();

  /** `prefix` names the prepared statements (unique per run); without one, every record is literal */
  constructor(private prefix?: string) {}

  /** Note a record that write() will be asked for, so shapes used more than once are prepared. */
  expect(unit: MigrationUnit, then: Then): void {
    const shape = this.shape(unit, then);
    this.counts.set(shape, (this.counts.get(shape) ?? 0) + 1);
  }

  /** The PREPAREs of the shared shapes, once, for the opening message: '' when none. */
  prepares(): string {
    if (this.prefix === undefined) return '';
    let text = '';
    for (const [shape, count] of this.counts) {
      if (count < 2 || this.names.has(shape)) continue;
      const name = `${this.prefix}_${this.names.size}`;
      this.names.set(shape, name);
      text += `; PREPARE ${name} AS ${shape}`;
    }
    return text;
  }

  write(unit: MigrationUnit, then: Then = NOTHING): string {
    const { values } = unit.record;
    const name = this.prefix === undefined ? undefined : this.names.get(this.shape(unit, then));
    if (name === undefined) return `with ${unit.record.ctes((i) => values[i]!)} select ${then.sql(then.value ?? '')} from recorded`;
    return `EXECUTE ${name}(${[...values, ...(then.value === undefined ? [] : [then.value])].join(', ')})`;
  }

  private shape(unit: MigrationUnit, then: Then): string {
    const n = unit.record.values.length;
    return `with ${unit.record.ctes((i) => `$${i + 1}`)} select ${then.sql(`$${n + 1}`)} from recorded`;
  }
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
const NOTE_NEXT_START: Then = { sql: () => NOTE_UNIT_START };

/**
 * The statements of all units, to run inside one transaction. When units
 * share it, the time each one starts is noted (by the first task, then by
 * the previous unit's record), so its log row can say how long it took;
 * alone in its transaction, now() does.
 */
export function tasksOf(units: MigrationUnit[], shared = units.length > 1, prepareAs?: string): Task[] {
  const records = new RecordWriter(prepareAs);
  const then = (unit: number) => (shared && unit < units.length - 1 ? NOTE_NEXT_START : NOTHING);
  units.forEach((u, unit) => records.expect(u, then(unit)));
  const tasks: Task[] = [];
  if (shared) tasks.push({ text: `select ${NOTE_UNIT_START}${records.prepares()}`, unit: 0, statement: START_STATEMENT });
  let settings: string | undefined;
  units.forEach((u, unit) => {
    // the unit's timeouts, when they differ from the previous unit's (SET LOCAL lasts to the COMMIT)
    if (u.settings && u.settings !== settings) tasks.push({ text: u.settings, unit, statement: START_STATEMENT });
    settings = u.settings;
    tasks.push(...statementTasks(u, unit));
    tasks.push({ text: records.write(u, then(unit)), unit, statement: RECORD_STATEMENT });
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
function recordOrCommit(reason: unknown, next: Task | undefined, result: PromiseSettledResult<unknown> | undefined): Where {
  if (next?.statement === GUARD_STATEMENT && result?.status === 'rejected') {
    return codeOf(result.reason) === IN_FAILED_TRANSACTION ? RECORD_STATEMENT : COMMIT_STATEMENT;
  }
  return /^(23|40)/.test(codeOf(reason) ?? '') ? COMMIT_STATEMENT : RECORD_STATEMENT;
}

/**
 * For the transactions of a run but its last: COMMIT does not wait for the
 * WAL to reach the disk (asynchronous commit), and the run's last COMMIT, which
 * waits as the session is set to, flushes every earlier one with it (the WAL
 * is written in order). So when migrate succeeds every migration is as
 * durable as the database makes any commit; only a crash of the server
 * during the run can undo the last migrations reported applied, each whole,
 * with its tracking row ("as if aborted cleanly", PostgreSQL's manual), and
 * the next migrate applies them again. That saves one WAL flush per migration:
 * little on a local SSD, more on network storage, where a flush is slow.
 * A failed run makes the same flush with its failure's log row (applySteps).
 */
export const NO_FLUSH_WAIT = 'SET LOCAL synchronous_commit = off';

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
 * BEGIN and COMMIT). BEGIN and the guard must be a message of their own,
 * never sharing one with a migration statement: the server parses a message
 * of several statements whole before it runs any, so a syntax error in the
 * statement would skip the BEGIN too, and the unit's next statements,
 * already sent, would run and commit outside any transaction.
 */
export function chainedTasks(units: MigrationUnit[], run: string, prepare = true): Task[] {
  const mark = (k: number) => `'${run}:${k}'`;
  const last = units.length - 1;
  // every commit but the last skips its wait for the WAL flush (see NO_FLUSH_WAIT)
  const noWait = (k: number) => (k < last ? `; ${NO_FLUSH_WAIT}` : '');
  const setMark = (k: number): Then => ({ sql: (arg) => `set_config('ladder.run', ${arg}::text, false)`, value: mark(k) });
  // prepare = false: every statement literal (a session that cannot keep prepared statements)
  const records = new RecordWriter(prepare ? `ladder_record_${run}` : undefined);
  units.forEach((u, k) => records.expect(u, setMark(k)));
  // the guard divides by zero unless the previous unit's mark is there (only its failure can be the cause);
  // prepared, like the records, once it runs more than once (its planning cost more than its run)
  const guardSql = (arg: string) => `select 1 / coalesce(current_setting('ladder.run', true) = ${arg}, false)::int`;
  const guardName = prepare && units.length > 2 ? `ladder_guard_${run}` : undefined;
  const prepareGuard = guardName === undefined ? '' : `; PREPARE ${guardName}(text) AS ${guardSql('$1')}`;
  const guard = (k: number) => (guardName === undefined ? guardSql(mark(k - 1)) : `EXECUTE ${guardName}(${mark(k - 1)})`);
  const local = (u: MigrationUnit) => (u.settings ? `; ${u.settings}` : '');
  const tasks: Task[] = [];
  units.forEach((u, k) => {
    tasks.push(
      k === 0
        ? { text: `BEGIN${noWait(k)}${local(u)}${records.prepares()}${prepareGuard}`, unit: k, statement: START_STATEMENT }
        : { text: `BEGIN; ${guard(k)}${noWait(k)}${local(u)}`, unit: k, statement: GUARD_STATEMENT },
    );
    tasks.push(...statementTasks(u, k));
    tasks.push({ text: `${records.write(u, setMark(k))}; COMMIT`, unit: k, statement: RECORD_AND_COMMIT });
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
