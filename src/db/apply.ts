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
import { COMMIT_STATEMENT, StatementFailure, UNIT_DURATION_MS, type MigrationUnit } from './atomic.js';
import type { SqlClient } from './client.js';
import { appendLog } from './ledger.js';
import type { HeldLock } from './lock.js';
import { quoteLiteral, type TableNames } from './quote.js';
import { describeDriverError, locateInFile, pgErrorFields } from './sql-error.js';

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
  const groups = opts.singleTransaction ? (steps.length > 0 ? [steps] : []) : steps.map((s) => [s]);
  const tracker = new ProgressTracker(opts.events);
  let index = 0;
  try {
    for (const group of groups) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      await opts.lock.assertHeld();
      for (const [i, s] of group.entries()) opts.events?.start?.(s, index + i, steps.length);
      const startedAt = new Date();
      const t0 = performance.now();
      tracker.begin(group);
      try {
        await opts.db.applyAtomically(
          group.map((s) => unitFor(s, opts.names, opts.logAction ?? 'migrate')),
          (unit, statement) => tracker.at(unit, statement),
        );
      } catch (e) {
        const failure = e instanceof StatementFailure ? e : undefined;
        const failed = group[failure?.unit ?? tracker.unit] ?? group[0]!;
        const error = sqlFailure(failure?.cause ?? e, opts.environment, failed, failure?.statement, done);
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
        ).catch(() => {}); // the database may be gone; the original error matters more
        throw error;
      } finally {
        tracker.stop();
      }
      const durations = tracker.unitDurations(performance.now());
      for (const [i, s] of group.entries()) {
        const applied: AppliedMigration = {
          id: s.id,
          fake: s.action === 'fake',
          adopted: s.action === 'adopt-try',
          durationMs: durations[i] ?? 0,
        };
        done.push(applied);
        opts.events?.done?.(s, applied, index, steps.length);
        index++;
      }
    }
  } catch (e) {
    if (e instanceof LadderError) {
      e.partial ??= done;
      throw e;
    }
    throw new LadderError(ExitCode.database, describeDriverError(e), { environment: opts.environment, partial: done }, e);
  }
  return done;
}

/**
 * One migration as a unit: its statements (none for a fake or an adopted
 * try), then drizzle's tracking row exactly as drizzle-orm 0.45 inserts it,
 * the removal of its try, and its log row, all inside its transaction.
 */
export function unitFor(step: MigrationStep, t: TableNames, logAction: string): MigrationUnit {
  if (!/^[0-9a-f]{64}$/.test(step.hash) || !Number.isSafeInteger(step.when)) {
    throw new LadderError(ExitCode.integrity, `${step.id}: hash or journal \`when\` is malformed`, { migration: step.id });
  }
  const id = quoteLiteral(step.id);
  const hash = quoteLiteral(step.hash);
  const action = step.action === 'adopt-try' ? 'adopt-try' : logAction;
  return {
    statements: step.action === 'run' ? splitStatements(step.file.sql) : [],
    epilogue: [
      `insert into ${t.migrations} ("hash", "created_at") values (${hash}, ${step.when})`,
      ...(step.hadTry ? [`delete from ${t.tries} where migration_id = ${id}`] : []),
      `insert into ${t.log} (action, migration_id, hash, fake, started_at, duration_ms, ok)
       values (${quoteLiteral(action)}, ${id}, ${hash}, ${step.action === 'fake'}, current_setting('ladder.unit_started')::timestamptz, ${UNIT_DURATION_MS}, true)`,
    ],
  };
}

function sqlFailure(
  e: unknown,
  environment: string,
  step: MigrationStep,
  statementIndex: number | undefined,
  done: AppliedMigration[],
): LadderError {
  if (e instanceof LadderError) return e;
  const f = pgErrorFields(e);
  const pgCode = f.code && /^[0-9A-Z]{5}$/.test(f.code) ? ` (SQLSTATE ${f.code})` : '';
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
      hint: f.hint ?? 'its transaction was rolled back: nothing of it was applied',
      partial: done,
    },
    e,
  );
}

/**
 * Follows the driver's progress (which statement the server runs now) for
 * the "still running" notice, the failing migration, and per-migration
 * durations when several share one transaction.
 */
class ProgressTracker {
  unit = 0;
  private group: MigrationStep[] = [];
  private statement = -2;
  private since = 0;
  private unitStarts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextNotice = 2000;

  constructor(private events?: ApplyEvents) {}

  begin(group: MigrationStep[]): void {
    this.group = group;
    this.unit = 0;
    this.unitStarts = [performance.now()];
    this.at(0, -2);
    if (this.events?.slow && !this.timer) {
      this.timer = setInterval(() => this.tick(), 500);
      this.timer.unref();
    }
  }

  at(unit: number, statement: number): void {
    const now = performance.now();
    if (unit !== this.unit) this.unitStarts[unit] = now;
    this.unit = unit;
    this.statement = statement;
    this.since = now;
    this.nextNotice = 2000;
  }

  unitDurations(end: number): number[] {
    return this.group.map((_, i) => (this.unitStarts[i + 1] ?? end) - (this.unitStarts[i] ?? end));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const step = this.group[this.unit];
    if (!step || this.statement < 0) return;
    const elapsed = performance.now() - this.since;
    if (elapsed >= this.nextNotice) {
      this.events?.slow?.(step, this.statement + 1, elapsed);
      this.nextNotice += this.nextNotice === 2000 ? 8000 : 10000;
    }
  }
}
