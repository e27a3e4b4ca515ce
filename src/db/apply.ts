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
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { keepsProgress, type RunPlan } from '../core/modes.js';
import { splitStatements } from '../core/parse.js';
import type { MigrationStep } from '../core/plan.js';
import {
  COMMIT_STATEMENT,
  GUARD_STATEMENT,
  isStatement,
  START_STATEMENT,
  StatementFailure,
  UNIT_DURATION_MS,
  UNIT_STARTED_AT,
  type MigrationUnit,
  type ProgressListener,
  type Where,
} from './atomic.js';
import type { SqlClient } from './client.js';
import { appendLog } from './ledger.js';
import { isLockGuardError, lockGuardFailed, type HeldLock } from './lock.js';
import { quoteLiteral, type TableNames } from './quote.js';
import { insertTrackingRow } from './tracking-row.js';
import { describeDriverError, isSqlState, locateInFile, locateParsed, pgErrorFields, type StatementLocation } from './sql-error.js';
import { applyBlocks, applyStepwise, BlockFailure } from './stepwise.js';

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
  /** something the user should know while it runs (a retry after a lock timeout, an invalid index dropped) */
  notice?(message: string): void;
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
  /** lock_timeout, statement_timeout and the retries after a lock timeout */
  timeouts?: Timeouts;
  /** who blocks our session now (pid, application_name, query), asked when a lock timeout fails */
  blockers?: () => Promise<string | undefined>;
}

export async function applySteps(opts: ApplyOptions, steps: MigrationStep[]): Promise<AppliedMigration[]> {
  const done: AppliedMigration[] = [];
  if (steps.length === 0) return done;
  if (opts.signal?.aborted) throw opts.signal.reason;
  // Everything below runs on the connection that holds the lock.
  await opts.lock.assertHeld();
  const retries = new LockRetries(opts);
  // a statement still running after a second may be waiting for a lock: note who holds it, for the error
  // (before the shortest lock_timeout of the run runs out, while the session still waits)
  const lockTimeouts = steps.map((st) => effective(opts.timeouts, st.run).lock).filter((ms) => ms > 0);
  const stuckAfterMs = Math.min(1000, ...lockTimeouts.map((ms) => ms / 2));
  const tracker = new ProgressTracker(steps, opts.events, opts.blockers && (() => retries.look()), stuckAfterMs);
  const units = steps.map((s) => unitFor(s, opts.names, opts.logAction ?? 'migrate', opts.lock.guardSql, opts.timeouts));
  const startedAt = new Date();
  const t0 = performance.now();
  const committed = (k: number, durationMs: number) => {
    const s = steps[k]!;
    const applied: AppliedMigration = { id: s.id, fake: s.action === 'fake', adopted: s.action === 'adopt-try', durationMs };
    done.push(applied);
    opts.events?.done?.(s, applied, k, steps.length);
  };
  const progress: ProgressListener = (unit, statement) => tracker.at(unit, statement);
  try {
    tracker.begin();
    if (opts.singleTransaction) {
      // a migration that cannot be pipelined makes the whole transaction run statement by statement
      const stepwise = steps.some((s) => s.run !== undefined && s.run.mode !== 'transaction');
      for (;;) {
        try {
          if (stepwise) await applyStepwise(opts.db, units, progress);
          else await opts.db.applyAtomically(units, progress);
          break;
        } catch (e) {
          if (!(await retries.again(e, steps[e instanceof StatementFailure ? e.unit : 0]))) throw e;
        }
      }
      tracker.unitDurations(performance.now()).forEach((ms, k) => committed(k, ms));
    } else {
      let k = 0;
      while (k < steps.length) {
        const from = k;
        try {
          k = await applyFrom(opts, steps, units, from, progress, (i) => committed(i, tracker.committed()));
        } catch (e) {
          const failedAt = e instanceof StatementFailure ? e.unit : done.length;
          if (!(await retries.again(e, steps[failedAt]))) throw e;
          k = failedAt;
          // a no-transaction or segmented migration resumes after what it committed
          const step = steps[k]!;
          if (e instanceof BlockFailure) steps[k] = { ...step, statementsDone: e.statementsDone };
        }
      }
    }
  } catch (e) {
    if (e instanceof LadderError) {
      e.partial ??= partialResult(done);
      throw e;
    }
    const failure = e instanceof StatementFailure ? e : undefined;
    const failed = steps[failure?.unit ?? tracker.unit] ?? steps[0]!;
    // The lock guard rolled the migration back: its server session was not ours (a pooler).
    if (isLockGuardError(failure?.cause ?? e)) throw lockGuardFailed(opts.environment, failed.id, partialResult(done));
    // No StatementFailure (the connection went away under the pipeline): the statement the server was running.
    const statement = failure ? failure.statement : isStatement(tracker.statement) ? tracker.statement : undefined;
    const error = sqlFailure(failure?.cause ?? e, opts.environment, failed, statement, done, opts.singleTransaction, {
      statementsDone: e instanceof BlockFailure ? e.statementsDone : failed.statementsDone,
      blocker: retries.blocker,
      retried: retries.count(failed.id),
    });
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

const isPipelined = (s: MigrationStep) => s.run === undefined || s.run.mode === 'transaction';

/**
 * Apply steps from `k`: a run of pipelined migrations in one chained
 * pipeline, or one migration that runs statement by statement. Returns the
 * index of the next step to apply. StatementFailure units are absolute.
 */
async function applyFrom(
  opts: ApplyOptions,
  steps: MigrationStep[],
  units: MigrationUnit[],
  k: number,
  progress: ProgressListener,
  committed: (k: number) => void,
): Promise<number> {
  const step = steps[k]!;
  const run = step.run;
  if (run && keepsProgress(run.mode)) {
    await applyBlocks({
      db: opts.db,
      names: opts.names,
      unit: units[k]!,
      index: k,
      id: step.id,
      hash: step.hash,
      plan: run,
      statementsDone: step.statementsDone ?? 0,
      settings: sessionSettings(opts.timeouts, run),
      ownSession: opts.db.ownSession !== false,
      onProgress: progress,
      notice: (m) => opts.events?.notice?.(m),
    });
    committed(k);
    return k + 1;
  }
  if (run?.mode === 'transaction-stepwise') {
    await applyStepwise(opts.db, [units[k]!], (_u, statement) => progress(k, statement)).catch((e: unknown) => {
      throw e instanceof StatementFailure ? new StatementFailure(k, e.statement, e.cause) : e;
    });
    committed(k);
    return k + 1;
  }
  let end = k;
  while (end < steps.length && isPipelined(steps[end]!)) end++;
  await opts.db
    .applyEach(units.slice(k, end), (u, statement) => progress(k + u, statement), (u) => committed(k + u))
    .catch((e: unknown) => {
      throw e instanceof StatementFailure ? new StatementFailure(k + e.unit, e.statement, e.cause) : e;
    });
  return end;
}

/** SQLSTATE 55P03: lock_not_available (lock_timeout). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * A migration that failed on lock_timeout is tried again with backoff
 * (its transaction was rolled back; a no-transaction one resumes), saying
 * so, before the failure is final.
 */
class LockRetries {
  private counts = new Map<string, number>();
  blocker: string | undefined;
  constructor(private opts: ApplyOptions) {}

  /** Ask who blocks our session now; keep the last answer. */
  async look(): Promise<void> {
    const blocker = await this.opts.blockers?.().catch(() => undefined);
    if (blocker) this.blocker = blocker;
  }

  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  async again(e: unknown, step: MigrationStep | undefined): Promise<boolean> {
    const cause = e instanceof StatementFailure ? e.cause : e;
    if (!step || pgErrorFields(cause).code !== LOCK_NOT_AVAILABLE) return false;
    await this.look();
    const n = this.count(step.id);
    const max = this.opts.timeouts?.lockRetries ?? DEFAULT_LOCK_RETRIES;
    if (n >= max || this.opts.signal?.aborted) return false;
    this.counts.set(step.id, n + 1);
    const delay = (this.opts.timeouts?.retryBaseMs ?? 1000) * 2 ** n;
    this.opts.events?.notice?.(
      `${step.id}: could not take a lock within lock_timeout${this.blocker ? ` (blocked by ${this.blocker})` : ''}; retry ${n + 1} of ${max} in ${Math.round(delay / 100) / 10}s`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
    await this.opts.lock.assertHeld();
    return true;
  }
}

export const DEFAULT_LOCK_RETRIES = 3;
export const DEFAULT_LOCK_TIMEOUT_MS = 5000;

export interface Timeouts {
  /** ms; 0 for none (default 5 s) */
  lockTimeoutMs?: number;
  /** ms; 0 or undefined for none (the server's setting stays) */
  statementTimeoutMs?: number;
  /** retries after a lock timeout (default 3) */
  lockRetries?: number;
  /** first retry's delay in ms, doubled each time (default 1000) */
  retryBaseMs?: number;
}

/** The timeouts of one migration: its directives over the environment's settings. */
function effective(t: Timeouts | undefined, run: RunPlan | undefined): { lock: number; statement: number | undefined } {
  return {
    lock: run?.directives.lockTimeoutMs ?? t?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    statement: run?.directives.statementTimeoutMs ?? t?.statementTimeoutMs,
  };
}

/** `SET LOCAL` for a migration's transaction. */
export function localSettings(t: Timeouts | undefined, run: RunPlan | undefined): string {
  const e = effective(t, run);
  return `SET LOCAL lock_timeout = ${e.lock}` + (e.statement !== undefined ? `; SET LOCAL statement_timeout = ${e.statement}` : '');
}

/** SET lines for a migration that runs statement by statement (stepwise.ts BlockRun.settings). */
export function sessionSettings(t: Timeouts | undefined, run: RunPlan): { local: string; session: string; reset: string } {
  const e = effective(t, run);
  return {
    local: localSettings(t, run),
    session: `SET lock_timeout = ${e.lock}` + (e.statement !== undefined ? `; SET statement_timeout = ${e.statement}` : ''),
    reset: 'RESET lock_timeout' + (e.statement !== undefined ? '; RESET statement_timeout' : ''),
  };
}

/**
 * One migration as a unit: its statements (none for a fake or an adopted
 * try), then drizzle's tracking row exactly as drizzle-orm inserts it (0.45:
 * hash, created_at; 1.0: also name),
 * the removal of its try, and its log row, all inside its transaction.
 */
export function unitFor(step: MigrationStep, t: TableNames, logAction: string, lockGuard?: string, timeouts?: Timeouts): MigrationUnit {
  if (!/^[0-9a-f]{64}$/.test(step.hash) || !Number.isSafeInteger(step.when)) {
    throw new LadderError(ExitCode.integrity, `${step.id}: hash or journal \`when\` is malformed`, { migration: step.id });
  }
  const action = step.action === 'adopt-try' ? 'adopt-try' : logAction;
  // One statement for all the bookkeeping (a statement costs more than its rows here).
  // Values by position: 0 hash, 1 when, 2 id, 3 action, 4 fake, 5 drizzle 1.0's name (1.0 folders only).
  const values = [quoteLiteral(step.hash), String(step.when), quoteLiteral(step.id), quoteLiteral(action), String(step.action === 'fake')];
  if (step.name !== undefined) values.push(quoteLiteral(step.name));
  return {
    // parsed statements when it runs one by one (their numbers are what StatementFailure counts)
    statements: step.action !== 'run' ? [] : step.run?.statements ? step.run.statements.map((x) => x.text) : splitStatements(step.file.sql),
    settings: step.action === 'run' ? localSettings(timeouts, step.run) : undefined,
    record: {
      values,
      // The lock guard (lock.ts) runs in the migration's own transaction, before its row is written:
      // a transaction a pooler put on a server session without our lock raises and is rolled back.
      ctes: (v) => {
        const row = `${v(0)}::text, ${v(1)}::bigint` + (step.name === undefined ? '' : `, ${v(5)}::text`);
        return (
          (lockGuard === undefined ? '' : `lock_held as (${lockGuard}), `) +
          `tracked as (${insertTrackingRow(t, step.name !== undefined, lockGuard === undefined ? `values (${row})` : `select ${row} from lock_held`)} returning 1), ` +
          (step.hadTry ? `untried as (delete from ${t.tries} where migration_id = ${v(2)}::text), ` : '') +
          `recorded as (insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok) ` +
          `select ${v(3)}::text, ${v(2)}::text, ${v(0)}::text, ${v(4)}::boolean, ${UNIT_STARTED_AT}, ${UNIT_DURATION_MS}, true from tracked returning 1)`
        );
      },
    },
  };
}

interface FailureContext {
  /** statements of a no-transaction or segmented migration committed before the failure */
  statementsDone?: number;
  /** the session that held the lock we waited for (lock timeout) */
  blocker?: string;
  /** how many times it was retried after a lock timeout */
  retried: number;
}

function sqlFailure(
  e: unknown,
  environment: string,
  step: MigrationStep,
  statementIndex: Where | undefined,
  done: AppliedMigration[],
  singleTransaction: boolean,
  ctx: FailureContext = { retried: 0 },
): LadderError {
  if (e instanceof LadderError) return e;
  const progress = step.run && keepsProgress(step.run.mode) && !singleTransaction;
  const total = step.run?.statements?.length ?? 0;
  const kept = ctx.statementsDone ?? 0;
  const rolledBack = progress
    ? kept > 0
      ? `statements 1-${kept} of ${total} ran and stay committed (${step.run!.mode}); the rest was rolled back or did not run: the next \`ladder migrate\` resumes at statement ${kept + 1}`
      : `nothing of it stays (${step.run!.mode}): the next \`ladder migrate\` starts it again`
    : singleTransaction
      ? 'the transaction was rolled back: none of the migrations of this run was applied'
      : 'its transaction was rolled back: nothing of it was applied';
  if (statementIndex === undefined || statementIndex === GUARD_STATEMENT) {
    // not a statement of a migration: the connection, an interrupt
    return new LadderError(ExitCode.database, `${step.id} failed: ${describeDriverError(e)}`, {
      environment,
      migration: step.id,
      hint: rolledBack,
      partial: partialResult(done),
    }, e);
  }
  const f = pgErrorFields(e);
  const pgCode = isSqlState(f.code) ? ` (SQLSTATE ${f.code})` : '';
  const where = isStatement(statementIndex) ? locate(step, statementIndex, f.position) : undefined;
  const what =
    statementIndex === COMMIT_STATEMENT
      ? 'failed at COMMIT (a deferred constraint?)'
      : !isStatement(statementIndex)
        ? 'could not be recorded in the tracking table'
        : where
          ? `failed at statement ${where.statement} (${step.file.sqlPath}:${where.line})`
          : 'failed';
  const lockTimeout = f.code === '55P03'
    ? `; gave up after ${ctx.retried} ${ctx.retried === 1 ? 'retry' : 'retries'}${ctx.blocker ? `; blocked by ${ctx.blocker}` : ''}`
    : '';
  return new LadderError(
    ExitCode.database,
    `${step.id} ${what}: ${describeDriverError(e).replace(/ \(SQLSTATE \w+\)$/, '')}${pgCode}${lockTimeout}`,
    {
      environment,
      migration: step.id,
      file: step.file.sqlPath,
      line: where?.line,
      detail: [where?.frame, f.detail ? `detail: ${f.detail}` : undefined].filter(Boolean).join('\n') || undefined,
      hint: f.hint ? `${f.hint}; ${rolledBack}` : lockTimeout ? `${rolledBack}; end the blocking session or raise lock_timeout` : rolledBack,
      partial: partialResult(done),
    },
    e,
  );
}

/** Statement number, line and code frame of a failing statement: a chunk, or one of the parsed statements when it ran one by one. */
function locate(step: MigrationStep, index: number, position: number | undefined): StatementLocation | undefined {
  const sql = step.file.sql;
  const parsed = step.run?.statements;
  return parsed ? locateParsed(sql, parsed, index, position) : locateInFile(sql, splitStatements(sql), index, position);
}

/**
 * Follows the driver's progress (which statement the server runs now) for
 * the start events, the "still running" notice, the failing migration, and
 * per-migration durations.
 */
class ProgressTracker {
  unit = -1;
  statement: Where = START_STATEMENT;
  private since = 0;
  private unitStarts: number[] = [];
  private lastCommit = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextNotice = 2000;

  private looked = false;

  constructor(
    private steps: MigrationStep[],
    private events?: ApplyEvents,
    private onStuck?: () => Promise<void>,
    private stuckAfterMs = 1000,
  ) {}

  begin(): void {
    this.lastCommit = performance.now();
    if ((this.events?.slow || this.onStuck) && !this.timer) {
      this.timer = setInterval(() => this.tick(), this.onStuck ? 50 : 500);
      this.timer.unref();
    }
  }

  at(unit: number, statement: Where): void {
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
    this.looked = false;
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
    if (!step || !isStatement(this.statement)) return;
    const elapsed = performance.now() - this.since;
    if (this.onStuck && !this.looked && elapsed >= this.stuckAfterMs) {
      this.looked = true;
      void this.onStuck();
    }
    if (this.events?.slow && elapsed >= this.nextNotice) {
      this.events?.slow?.(step, this.statement + 1, elapsed);
      this.nextNotice += this.nextNotice === 2000 ? 8000 : 10000;
    }
  }
}
