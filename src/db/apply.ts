/**
 * Apply planned steps: each migration, its row in drizzle's tracking table
 * and its log row in one transaction (all of them in one with
 * --single-transaction), "so we never execute migrations twice" (sqlx).
 *
 * Why not drizzle-orm's own PgDialect.migrate: measured here, it costs about
 * seven extra round trips per migration (CREATE SCHEMA/TABLE IF NOT EXISTS
 * and a select before every call, a described insert), 1.3-2x psql on
 * 300 small migrations where ladder must stay within 1.1x; it skips by
 * created_at (drizzle-orm#5316) so an older migration could not be applied;
 * and it cannot run the coming `-- ladder:no-transaction` migrations. ladder
 * writes the tracking row with drizzle's own SQL shape (hash = sha256 of the
 * file, created_at = the journal's `when`), and the interop tests run
 * drizzle-orm's migrate() after ladder and before it, both ways.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import { splitStatements } from '../core/parse.js';
import type { MigrationStep } from '../core/plan.js';
import { COMMIT_STATEMENT, GUARD_STATEMENT, StatementFailure, UNIT_DURATION_MS, UNIT_STARTED_AT, type MigrationUnit } from './atomic.js';
import type { SqlClient } from './client.js';
import { appendLog } from './ledger.js';
import { isLockGuardError, lockGuardFailed, type HeldLock } from './lock.js';
import { quoteLiteral, type TableNames } from './quote.js';
import { describeDriverError, isSqlState, locateInFile, pgErrorFields } from './sql-error.js';

export interface AppliedMigration {
  id: string;
  fake: boolean;
  /** 'adopt-try': tried here before it was committed; recorded, not run again */
  adopted: boolean;
  durationMs: number;
}

export interface ApplyEvents {
  start?(step: MigrationStep, index: number, total: number): void;
  done?(step: MigrationStep, applied: AppliedMigration, index: number, total: number): void;
  /** a statement has been running for a while (first after 2 s, then every 10 s) */
  slow?(step: MigrationStep, statement: number, elapsedMs: number): void;
}

export interface ApplyOptions {
  db: SqlClient;
  names: TableNames;
  environment: string;
  lock: HeldLock;
  singleTransaction: boolean;
  events?: ApplyEvents;
  signal?: AbortSignal;
  /** values to redact from error text written to __ladder_log */
  secrets?: string[];
  /** the __ladder_log action for applied steps (default 'migrate') */
  logAction?: string;
}

export async function applySteps(opts: ApplyOptions, steps: MigrationStep[]): Promise<AppliedMigration[]> {
  const done: AppliedMigration[] = [];
  if (steps.length === 0) return done;
  if (opts.signal?.aborted) throw opts.signal.reason;
  // Everything below runs on the connection that holds the lock.
  await opts.lock.assertHeld();
  const tracker = new ProgressTracker(steps, opts.events);
  const units = steps.map((s) => unitFor(s, opts.names, opts.logAction ?? 'migrate', opts.lock.guardSql));
  const startedAt = new Date();
  const t0 = performance.now();
  const committed = (k: number, durationMs: number) => {
    const s = steps[k]!;
    const applied: AppliedMigration = { id: s.id, fake: s.action === 'fake', adopted: s.action === 'adopt-try', durationMs };
    done.push(applied);
    opts.events?.done?.(s, applied, k, steps.length);
  };
  try {
    tracker.begin();
    if (opts.singleTransaction) {
      await opts.db.applyAtomically(units, (unit, statement) => tracker.at(unit, statement));
      tracker.unitDurations(performance.now()).forEach((ms, k) => committed(k, ms));
    } else {
      await opts.db.applyEach(
        units,
        (unit, statement) => tracker.at(unit, statement),
        (k) => committed(k, tracker.committed()),
      );
    }
  } catch (e) {
    if (e instanceof LadderError) {
      e.partial ??= done;
      throw e;
    }
    const failure = e instanceof StatementFailure ? e : undefined;
    const failed = steps[failure?.unit ?? tracker.unit] ?? steps[0]!;
    // The lock guard rolled the migration back: its server session was not ours (a pooler).
    if (isLockGuardError(failure?.cause ?? e)) throw lockGuardFailed(opts.environment, failed.id, done);
    // No StatementFailure (the connection went away under the pipeline): the statement the server was running.
    const statement = failure ? failure.statement : tracker.statement >= 0 ? tracker.statement : undefined;
    const error = sqlFailure(failure?.cause ?? e, opts.environment, failed, statement, done, opts.singleTransaction);
    await appendLog(
      opts.db,
      opts.names,
      {
        action: opts.logAction ?? 'migrate',
        migrationId: failed.id,
        hash: failed.hash,
        fake: failed.action === 'fake',
        startedAt,
        durationMs: performance.now() - t0,
        ok: false,
        error: error.message,
      },
      opts.secrets,
      // the migrations committed before the failure did not wait for the WAL flush: this row's commit does (atomic.ts)
      true,
    ).catch(() => {}); // the database may be gone; the original error matters more
    throw error;
  } finally {
    tracker.stop();
  }
  return done;
}

/**
 * One migration as a unit: its statements (none for a fake or an adopted
 * try), then drizzle's tracking row exactly as drizzle-orm inserts it (0.45:
 * hash, created_at; 1.0: also name),
 * the removal of its try, and its log row, all inside its transaction.
 */
export function unitFor(step: MigrationStep, t: TableNames, logAction: string, lockGuard?: string): MigrationUnit {
  if (!/^[0-9a-f]{64}$/.test(step.hash) || !Number.isSafeInteger(step.when)) {
    throw new LadderError(ExitCode.integrity, `${step.id}: hash or journal \`when\` is malformed`, { migration: step.id });
  }
  const action = step.action === 'adopt-try' ? 'adopt-try' : logAction;
  // One statement for all the bookkeeping (a statement costs more than its rows here).
  // Values by position: 0 hash, 1 when, 2 id, 3 action, 4 fake, 5 drizzle 1.0's name (1.0 folders only).
  const values = [quoteLiteral(step.hash), String(step.when), quoteLiteral(step.id), quoteLiteral(action), String(step.action === 'fake')];
  if (step.name !== undefined) values.push(quoteLiteral(step.name));
  return {
    statements: step.action === 'run' ? splitStatements(step.file.sql) : [],
    record: {
      values,
      // The lock guard (lock.ts) runs in the migration's own transaction, before its row is written:
      // a transaction a pooler put on a server session without our lock raises and is rolled back.
      ctes: (v) => {
        const row = `${v(0)}::text, ${v(1)}::bigint` + (step.name === undefined ? '' : `, ${v(5)}::text`);
        return (
          (lockGuard === undefined ? '' : `lock_held as (${lockGuard}), `) +
          `tracked as (insert into ${t.migrations} ("hash", "created_at"${step.name === undefined ? '' : ', "name"'}) ` +
          (lockGuard === undefined ? `values (${row})` : `select ${row} from lock_held`) +
          ` returning 1), ` +
          (step.hadTry ? `untried as (delete from ${t.tries} where migration_id = ${v(2)}::text), ` : '') +
          `recorded as (insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok) ` +
          `select ${v(3)}::text, ${v(2)}::text, ${v(0)}::text, ${v(4)}::boolean, ${UNIT_STARTED_AT}, ${UNIT_DURATION_MS}, true from tracked returning 1)`
        );
      },
    },
  };
}

function sqlFailure(
  e: unknown,
  environment: string,
  step: MigrationStep,
  statementIndex: number | undefined,
  done: AppliedMigration[],
  singleTransaction: boolean,
): LadderError {
  if (e instanceof LadderError) return e;
  if (statementIndex === undefined || statementIndex === GUARD_STATEMENT) {
    // not a statement of a migration: the connection, an interrupt
    return new LadderError(ExitCode.database, `${environment}: ${step.id} failed: ${describeDriverError(e)}`, {
      environment,
      migration: step.id,
      hint: 'its transaction was rolled back: nothing of it was applied',
      partial: done,
    }, e);
  }
  const f = pgErrorFields(e);
  const pgCode = isSqlState(f.code) ? ` (SQLSTATE ${f.code})` : '';
  const where =
    statementIndex !== undefined && statementIndex >= 0
      ? locateInFile(step.file.sql, splitStatements(step.file.sql), statementIndex, f.position)
      : undefined;
  const what =
    statementIndex === COMMIT_STATEMENT
      ? 'failed at COMMIT (a deferred constraint?)'
      : statementIndex !== undefined && statementIndex < 0
        ? 'could not be recorded in the tracking table'
        : where
          ? `failed at statement ${where.statement} (${step.file.sqlPath}:${where.line})`
          : 'failed';
  return new LadderError(
    ExitCode.database,
    `${environment}: ${step.id} ${what}: ${describeDriverError(e).replace(/ \(SQLSTATE \w+\)$/, '')}${pgCode}`,
    {
      environment,
      migration: step.id,
      file: step.file.sqlPath,
      line: where?.line,
      detail: [where?.frame, f.detail ? `detail: ${f.detail}` : undefined].filter(Boolean).join('\n') || undefined,
      hint:
        f.hint ??
        (singleTransaction
          ? 'the transaction was rolled back: none of the migrations of this run was applied'
          : 'its transaction was rolled back: nothing of it was applied'),
      partial: done,
    },
    e,
  );
}

/**
 * Follows the driver's progress (which statement the server runs now) for
 * the start events, the "still running" notice, the failing migration, and
 * per-migration durations.
 */
class ProgressTracker {
  unit = -1;
  statement = -2;
  private since = 0;
  private unitStarts: number[] = [];
  private lastCommit = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextNotice = 2000;

  constructor(
    private steps: MigrationStep[],
    private events?: ApplyEvents,
  ) {}

  begin(): void {
    this.lastCommit = performance.now();
    if (this.events?.slow && !this.timer) {
      this.timer = setInterval(() => this.tick(), 500);
      this.timer.unref();
    }
  }

  at(unit: number, statement: number): void {
    const now = performance.now();
    if (unit !== this.unit) {
      this.unitStarts[unit] = now;
      this.unit = unit;
      const step = this.steps[unit];
      if (step) this.events?.start?.(step, unit, this.steps.length);
    }
    this.statement = statement;
    this.since = now;
    this.nextNotice = 2000;
  }

  /** A unit committed: its duration since the previous commit (the server runs them back to back). */
  committed(): number {
    const now = performance.now();
    const ms = now - this.lastCommit;
    this.lastCommit = now;
    return ms;
  }

  unitDurations(end: number): number[] {
    return this.steps.map((_, i) => (this.unitStarts[i + 1] ?? end) - (this.unitStarts[i] ?? end));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const step = this.steps[this.unit];
    if (!step || this.statement < 0) return;
    const elapsed = performance.now() - this.since;
    if (elapsed >= this.nextNotice) {
      this.events?.slow?.(step, this.statement + 1, elapsed);
      this.nextNotice += this.nextNotice === 2000 ? 8000 : 10000;
    }
  }
}
