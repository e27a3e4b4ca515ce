/**
 * Apply planned steps through drizzle-orm's own migrator.
 *
 * Why dialect.migrate with ladder's list, not drizzle's per-driver migrate()
 * over a prepared folder: ladder already read and verified the files, the
 * list is exact (committed only, in committed order, fakes as empty
 * migrations), nothing is written to disk in production, and calling it once
 * per migration gives one transaction per migration (drizzle-orm#3466: an
 * enum value added in one migration and used in the next fails when both run
 * in one transaction). Rows are then written by drizzle itself, so
 * `drizzle-kit migrate` and ladder can take turns on one database.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import type { MigrationStep } from '../core/plan.js';
import { splitStatements } from '../core/parse.js';
import type { MigrationMeta, SqlClient } from './client.js';
import { appendLog, deleteTries } from './ledger.js';
import type { HeldLock } from './lock.js';
import type { TableNames } from './quote.js';
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
  if (steps.length === 0) return done;
  const tracker = new StatementTracker(opts.events);
  const migrator = await opts.db.migrator((q) => tracker.sent(q));
  const config = { migrationsTable: opts.names.migrationsTable, migrationsSchema: opts.names.schema };
  const groups = opts.singleTransaction ? [steps] : steps.map((s) => [s]);
  let index = 0;
  try {
    for (const group of groups) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      await opts.lock.assertHeld();
      const metas = group.map(toMeta);
      tracker.expect(group, metas);
      for (const [i, s] of group.entries()) opts.events?.start?.(s, index + i, steps.length);
      const startedAt = new Date();
      const t0 = performance.now();
      try {
        await migrator.migrate(metas, config);
      } catch (e) {
        const failed = tracker.current?.step ?? group[0]!;
        const error = sqlFailure(e, opts.environment, failed, tracker.current?.index, done);
        await appendLog(opts.db, opts.names, {
          action: opts.logAction ?? 'migrate',
          migrationId: failed.id,
          hash: failed.hash,
          fake: failed.action === 'fake',
          startedAt,
          durationMs: performance.now() - t0,
          ok: false,
          error: error.message,
        }, opts.secrets).catch(() => {}); // the database may be gone; the original error matters more
        throw error;
      } finally {
        tracker.stop();
      }
      const durationMs = performance.now() - t0;
      await deleteTries(opts.db, opts.names, group.filter((s) => s.hadTry).map((s) => s.id));
      for (const s of group) {
        const applied: AppliedMigration = {
          id: s.id,
          fake: s.action === 'fake',
          adopted: s.action === 'adopt-try',
          durationMs: group.length === 1 ? durationMs : durationMs / group.length,
        };
        await appendLog(opts.db, opts.names, {
          action: s.action === 'adopt-try' ? 'adopt-try' : (opts.logAction ?? 'migrate'),
          migrationId: s.id,
          hash: s.hash,
          fake: s.action === 'fake',
          startedAt,
          durationMs: applied.durationMs,
          ok: true,
        });
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

/** drizzle's MigrationMeta; a fake (or adopted try) is a migration with no statements: drizzle records its row only. */
function toMeta(step: MigrationStep): MigrationMeta {
  return {
    sql: step.action === 'run' ? splitStatements(step.file.sql) : [],
    folderMillis: step.when,
    hash: step.hash,
    bps: true,
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
  const statements = splitStatements(step.file.sql);
  const where =
    statementIndex !== undefined ? locateInFile(step.file.sql, statements, statementIndex, f.position) : undefined;
  const pgCode = f.code && /^[0-9A-Z]{5}$/.test(f.code) ? ` (SQLSTATE ${f.code})` : '';
  const message = where
    ? `${environment}: ${step.id} failed at statement ${where.statement} (${step.file.sqlPath}:${where.line}): ${f.message}${pgCode}`
    : `${environment}: ${step.id} failed: ${f.message}${pgCode}`;
  return new LadderError(
    ExitCode.database,
    message,
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
 * Follows drizzle's logger to know which statement is running, for the
 * "still running" notice and to name the statement that failed.
 */
class StatementTracker {
  current: { step: MigrationStep; index: number } | undefined;
  private byText = new Map<string, { step: MigrationStep; index: number }[]>();
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextNotice = 2000;

  constructor(private events?: ApplyEvents) {}

  expect(group: MigrationStep[], metas: MigrationMeta[]): void {
    this.byText.clear();
    this.current = undefined;
    group.forEach((step, g) =>
      metas[g]!.sql.forEach((text, index) => {
        const list = this.byText.get(text) ?? [];
        list.push({ step, index });
        this.byText.set(text, list);
      }),
    );
    if (this.events?.slow && !this.timer) {
      this.timer = setInterval(() => this.tick(), 500);
      this.timer.unref();
    }
  }

  sent(query: string): void {
    const candidates = this.byText.get(query);
    if (!candidates || candidates.length === 0) return;
    // identical statements repeat in order: take the first not yet run
    this.current = candidates.shift();
    this.startedAt = performance.now();
    this.nextNotice = 2000;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }

  private tick(): void {
    if (!this.current) return;
    const elapsed = performance.now() - this.startedAt;
    if (elapsed >= this.nextNotice) {
      this.events?.slow?.(this.current.step, this.current.index + 1, elapsed);
      this.nextNotice += this.nextNotice === 2000 ? 8000 : 10000;
    }
  }
}
