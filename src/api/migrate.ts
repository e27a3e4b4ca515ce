import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { integrityError, planBaseline, planMigrate, type DatabaseContext, type MigrationStep } from '../core/plan.js';
import { planTrackingUpgrade } from '../core/tracking.js';
import { singleTransactionRefusal, type MigrationMode, type RunPlan } from '../core/modes.js';
import { splitStatements } from '../core/parse.js';
import { analyzeMigration } from '../sql/analyze.js';
import type { DatabaseState, MigrationSource } from '../core/types.js';
import { APPLICATION_NAME } from '../db/postgres-js.js';
import { quoteLiteral } from '../db/quote.js';
import { applySteps, type AppliedMigration } from '../db/apply.js';
import type { SqlClient } from '../db/client.js';
import { ensureLedger, readState, upgradeTrackingTable } from '../db/ledger.js';
import { backendPidOf, connect } from '../db/connect.js';
import { withLock } from './lock.js';
import { pgErrorFields } from '../db/sql-error.js';
import type { CommonOptions, Project } from './context.js';
import { onEnvironmentsAndFleets, type FleetOptions, type FleetSummary, type TargetError } from './fleet.js';
import { onFleet } from './migrate-fleet.js';

export interface MigrateOptions extends CommonOptions, FleetOptions {
  /** apply up to and including this committed id */
  to?: string;
  /** record these committed ids as applied without running them */
  fake?: string[];
  dryRun?: boolean;
  /** all pending migrations in one transaction (default: one per migration) */
  singleTransaction?: boolean;
  /** how long to wait for another migrate's lock, in ms (default 60 000) */
  lockTimeoutMs?: number;
}

export interface PlannedMigration {
  id: string;
  action: MigrationStep['action'];
  file: string;
  /** how it runs (core/modes.ts); for a fake or adopted try, undefined */
  mode?: MigrationMode;
  /** a partial migration: statements already run and committed (it resumes after them) */
  statementsDone?: number;
  /** the statements that would run (dry run only) */
  statements?: string[];
}

export interface EnvironmentMigrateResult {
  environment: string;
  target: string;
  applied: AppliedMigration[];
  /** dry run: what would be applied */
  planned: PlannedMigration[];
  dryRun: boolean;
  /**
   * 1.0 folders meeting a 0.x tracking table: the rows named as drizzle-orm
   * 1.0 names them (under the lock, in one transaction; a dry run only says so)
   */
  trackingUpgrade?: { rows: number; done: boolean };
  /** with --to: committed migrations still pending after it */
  pendingAfter: number;
  /** the environment is a fleet: what happened on each target (applied and planned stay empty) */
  fleet?: FleetMigrateResult;
}

export interface MigrateResult {
  environments: EnvironmentMigrateResult[];
}

export interface TargetMigrateResult {
  /** the schema, the database, or the URL with its password masked */
  target: string;
  status: 'ok' | 'failed' | 'not started';
  /** the last applied committed migration before this run, and after it (null: none) */
  from: string | null;
  to: string | null;
  /** ids recorded by this run, in order (applied, or fake, or a try adopted) */
  applied: string[];
  /** dry run: what would be applied */
  planned?: PlannedMigration[];
  durationMs?: number;
  error?: TargetError;
}

/** An environment that is a fleet: one entry per target (docs/fleets.md). */
export type FleetMigrateResult = FleetSummary<TargetMigrateResult>;

/**
 * Apply committed migrations in each active environment: verify, lock,
 * re-read under the lock, apply through ladder's executor (db/apply.ts),
 * writing the tracking rows drizzle-orm's migrator would.
 */
export async function migrate(opts: MigrateOptions = {}): Promise<MigrateResult> {
  return { environments: await onEnvironmentsAndFleets(opts, migrateEnvironment, (p, source, env, o) => onFleet(p, source, env, o, migrateEnvironment)) };
}

/** One environment's migrate, on a client already open (also `try`, bringing its database up to date first). */
export async function migrateEnvironment(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  opts: MigrateOptions,
  /** the state just read by the caller (a fleet reads it to report where each target started) */
  known?: DatabaseState,
): Promise<EnvironmentMigrateResult> {
  const result: EnvironmentMigrateResult = { environment: env.name, target: env.display, applied: [], planned: [], dryRun: !!opts.dryRun, pendingAfter: 0 };
  const migrateOptions = { to: opts.to, fake: opts.fake, ...databaseContext(env) };

  // Read without the lock first: a no-op deploy (the common case) takes no
  // lock, creates nothing and never loads drizzle-orm.
  const before = known ?? (await readState(db, project.names));
  const first = planMigrate(source, before, migrateOptions, env.name);
  // `--to X` with work after X must not read as "up to date"
  result.pendingAfter = first.plan.pending.length - first.steps.length;
  if (needsTrackingUpgrade(source, before)) {
    const upgrade = planTrackingUpgrade(source.migrations, before.applied, env.name);
    if (upgrade.problems.length > 0) throw integrityError(upgrade.problems, env.name);
    result.trackingUpgrade = { rows: upgrade.names.length, done: false };
  }
  // Every refusal before anything changes: COPY FROM STDIN, a plan that cannot be one transaction.
  const runs = await analyzeSteps(first.steps);
  if (opts.singleTransaction) refuseSingleTransaction(first.steps, runs, env.name);
  if (opts.dryRun) {
    result.planned = first.steps.map((s) => ({
      ...planned(s, runs),
      statements: s.action === 'run' ? splitStatements(s.file.sql).map((x) => x.trim()).filter(Boolean) : [],
    }));
    return result;
  }
  if (first.steps.length === 0 && !result.trackingUpgrade) return result;

  try {
    await withLock(project, env, db, opts, async (lock) => {
      await ensureLedger(db, project.names, source.format);
      await upgradeTrackingIfNeeded(project, source, env, db, result);
      // Another deployer may have applied everything while we waited.
      const replanned = planMigrate(source, await readState(db, project.names), migrateOptions, env.name).steps;
      const more = await analyzeSteps(replanned.filter((s) => !runs.has(s.id)));
      for (const [id, r] of more) runs.set(id, r);
      if (opts.singleTransaction) refuseSingleTransaction(replanned, runs, env.name);
      const steps = replanned.map((s) => ({ ...s, run: runs.get(s.id) }));
      result.planned = steps.map((s) => planned(s, runs));
      result.applied = await applySteps(
        {
          db,
          timeouts: env.timeouts,
          blockers: db.probe && (() => blockersOf(db)),
          names: project.names,
          environment: env.name,
          secrets: env.secrets,
          lock,
          singleTransaction: !!opts.singleTransaction,
          signal: opts.signal,
          events: {
            start: (s, i, n) => opts.events?.migrationStart?.(env, s, i, n),
            done: (_s, a, i, n) => opts.events?.migrationDone?.(env, a, i, n),
            slow: (s, st, ms) => opts.events?.slowStatement?.(env, s, st, ms),
            notice: (m) => opts.events?.notice?.(env, m),
          },
        },
        steps,
      );
    });
  } catch (e) {
    if (e instanceof LadderError && Array.isArray(e.partial?.current)) result.applied = e.partial.current as AppliedMigration[];
    // Interrupted while waiting for the lock or applying: whatever the driver said, say what happened.
    if (opts.signal?.aborted) {
      throw interrupted(opts.signal.reason, env.name, result, await committedMeanwhile(project, source, env, db, result, migrateOptions, opts));
    }
    if (e instanceof LadderError) e.partial = partialResult(result);
    throw suggestBaseline(e, first.plan.appliedRows.size === 0 ? first.steps[0]?.id : undefined);
  }
  return result;
}

/**
 * Who holds the locks a ladder session is waiting for (pid, application_name,
 * query), seen from a second connection while it waits.
 */
async function blockersOf(db: SqlClient): Promise<string | undefined> {
  const rows = await db.probe!<{ pid: number; application_name: string; query: string; state: string }>(
    `select b.pid, b.application_name, left(b.query, 200) as query, b.state from pg_stat_activity b
      where b.pid in (select unnest(pg_blocking_pids(w.pid)) from pg_stat_activity w
                       where w.application_name = ${quoteLiteral(APPLICATION_NAME)} and w.wait_event_type = 'Lock')
      order by b.pid limit 3`,
  );
  if (rows.length === 0) return undefined;
  return rows.map((r) => `pid ${r.pid} (application_name '${r.application_name}', ${r.state}: ${r.query.replace(/\s+/g, ' ').trim()})`).join(', ');
}

/** Read each migration that will run (core/modes.ts); the parser loads only when one needs it. */
async function analyzeSteps(steps: MigrationStep[]): Promise<Map<string, RunPlan>> {
  const runs = new Map<string, RunPlan>();
  for (const s of steps) if (s.action === 'run') runs.set(s.id, await analyzeMigration(s.file));
  return runs;
}

function planned(s: MigrationStep, runs: Map<string, RunPlan>): PlannedMigration {
  return {
    id: s.id,
    action: s.action,
    file: s.file.sqlPath,
    mode: runs.get(s.id)?.mode,
    ...(s.statementsDone !== undefined ? { statementsDone: s.statementsDone } : {}),
  };
}

/** --single-transaction refuses (exit 2) before anything changes a plan that one transaction cannot hold. */
function refuseSingleTransaction(steps: MigrationStep[], runs: Map<string, RunPlan>, environment: string): void {
  const plan = steps.filter((s) => s.action === 'run').map((s) => ({ id: s.id, sql: s.file.sql, mode: runs.get(s.id)?.mode ?? 'transaction' }));
  const refusal = singleTransactionRefusal(plan);
  const partial = steps.find((s) => s.statementsDone !== undefined);
  if (!refusal && !partial) return;
  throw new LadderError(
    ExitCode.usage,
    `--single-transaction refused in ${environment}: ${refusal ? refusal.reason : `${partial!.id} is partial: it resumes statement by statement`}`,
    {
      environment,
      migration: refusal?.migration ?? partial?.id,
      hint: 'run ladder migrate without --single-transaction: each migration then commits on its own',
    },
  );
}

/**
 * Ctrl-C or SIGTERM while applying: our connection was dropped, so the server
 * rolled back the running migration and freed the lock. Say exactly what
 * was applied and what was not.
 */
function interrupted(reason: unknown, environment: string, result: EnvironmentMigrateResult, check: InterruptCheck): LadderError {
  const code = reason instanceof LadderError ? reason.code : ExitCode.sigint;
  const signal = code === ExitCode.sigterm ? 'SIGTERM' : 'SIGINT';
  if (check.confirmed) {
    // COMMITs that were on their way when the connection was dropped: the server may have done them
    const reported = new Set(result.applied.map((a) => a.id));
    for (const step of check.confirmed) {
      if (reported.has(step.id)) continue;
      result.applied.push({ id: step.id, fake: step.action === 'fake', adopted: step.action === 'adopt-try', durationMs: 0 });
    }
  }
  const applied = result.applied.map((a) => a.id);
  const notApplied = result.planned.map((p) => p.id).filter((id) => !applied.includes(id));
  const list = (ids: string[]) => (ids.length > 0 ? ids.join(', ') : 'nothing');
  const checked = check.confirmed ? '' : ` (could not check what committed: ${check.failure}; run ladder status)`;
  return new LadderError(code, `interrupted by ${signal}: applied ${list(applied)}; not applied: ${list(notApplied)}${checked}`, {
    environment,
    migration: notApplied[0],
    hint:
      notApplied.length === 0
        ? undefined
        : check.confirmed
          ? `${notApplied[0]} was rolled back; run ladder migrate again to apply the rest`
          : `the last migration may or may not have committed; ladder status shows which, and ladder migrate applies the rest`,
    partial: partialResult(result),
  });
}

type InterruptCheck = { confirmed: PlannedMigration[]; failure?: undefined } | { confirmed?: undefined; failure: string };

/** How long the report may wait for the check (a loaded server may need more than the usual few ms); signals.ts ends the run 3 s after the signal. */
const CHECK_DEADLINE_MS = 2500;

/**
 * Interrupted: our connection was dropped, maybe after a COMMIT was sent
 * and before its answer came (issue 14: such a migration was reported "not
 * applied, rolled back", though the server had committed it). Ask the
 * database, on a fresh short connection, which of the planned migrations
 * are no longer pending.
 */
async function committedMeanwhile(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  result: EnvironmentMigrateResult,
  migrateOptions: { to?: string; fake?: string[] },
  opts: MigrateOptions,
): Promise<InterruptCheck> {
  if (result.planned.length === 0) return { confirmed: [] };
  // a client the caller gave was not cut; PGlite runs in this process and stopped with it
  const fresh = opts.db === undefined && env.connection.kind !== 'pglite';
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new Error(`no answer within ${CHECK_DEADLINE_MS} ms`));
    }, CHECK_DEADLINE_MS);
  });
  let check: SqlClient | undefined;
  const ask = async () => {
    check = fresh ? await connect(env, undefined, { attempts: 1, timeoutS: 2 }) : db;
    const pid = fresh ? backendPidOf(db) : undefined;
    if (pid !== undefined) {
      // Our dropped session may still be working (a COMMIT's deferred
      // triggers): end it, and wait until it is gone, so that what we read is final.
      await check.query('select pg_terminate_backend($1::int)', [pid]).catch(() => {});
      while (!expired && (await check.query('select 1 from pg_stat_activity where pid = $1::int', [pid])).length > 0) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const state = await readState(check, project.names);
    const pending = new Set(planMigrate(source, state, migrateOptions, env.name).steps.map((s) => s.id));
    return result.planned.filter((p) => !pending.has(p.id));
  };
  try {
    return { confirmed: await Promise.race([ask(), deadline]) };
  } catch (e) {
    return { failure: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  } finally {
    clearTimeout(timer);
    if (fresh) void check?.close().catch(() => {});
  }
}

export interface BaselineOptions extends CommonOptions, FleetOptions {
  to?: string;
  lockTimeoutMs?: number;
}

/** Record committed migrations (up to `to`) as applied without running them, in one transaction. */
export async function baseline(opts: BaselineOptions = {}): Promise<MigrateResult> {
  return { environments: await onEnvironmentsAndFleets(opts, baselineEnvironment, (p, source, env, o) => onFleet(p, source, env, o, baselineEnvironment)) };
}

async function baselineEnvironment(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  opts: BaselineOptions,
): Promise<EnvironmentMigrateResult> {
  const result: EnvironmentMigrateResult = { environment: env.name, target: env.display, applied: [], planned: [], dryRun: false, pendingAfter: 0 };
  planBaseline(source, await readState(db, project.names), opts.to, env.name); // refuse before locking
  await withLock(project, env, db, opts, async (lock) => {
    await ensureLedger(db, project.names, source.format);
    const steps = planBaseline(source, await readState(db, project.names), opts.to, env.name);
    result.planned = steps.map((s) => ({ id: s.id, action: s.action, file: s.file.sqlPath }));
    result.applied = await applySteps(
      { db, names: project.names, environment: env.name, secrets: env.secrets, lock, singleTransaction: true, logAction: 'baseline' },
      steps,
    );
  });
  return result;
}

/** A 1.0 folder and a 0.x tracking table: drizzle-orm 1.0 would upgrade the table, and so does ladder. */
function needsTrackingUpgrade(source: MigrationSource, state: DatabaseState): boolean {
  return source.format === 'folders' && state.trackingShape === 'v0';
}

/**
 * Under the lock: upgrade a 0.x tracking table to drizzle-orm 1.0's shape,
 * naming each row as drizzle-orm 1.0 does but refusing (exit 3) a row whose
 * hash is not its migration's, in one transaction.
 */
async function upgradeTrackingIfNeeded(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  result: EnvironmentMigrateResult,
): Promise<void> {
  const state = await readState(db, project.names);
  if (!needsTrackingUpgrade(source, state)) return;
  const upgrade = planTrackingUpgrade(source.migrations, state.applied, env.name);
  if (upgrade.problems.length > 0) throw integrityError(upgrade.problems, env.name);
  await upgradeTrackingTable(db, project.names, upgrade.names);
  result.trackingUpgrade = { rows: upgrade.names.length, done: true };
}
/** What the hints need to know of an environment's database. */
export function databaseContext(env: EnvironmentConfig): DatabaseContext {
  // relative to where the user stands, as they would type it
  return env.connection.kind === 'pglite' ? { localDatabase: path.relative(process.cwd(), env.connection.dataDir) || '.' } : {};
}

/** duplicate_table, duplicate_object, duplicate_column: "... already exists" */
const ALREADY_EXISTS = new Set(['42P07', '42710', '42701']);

/**
 * The first migration fails with "already exists" on a database where
 * nothing is applied: the schema was made before ladder (drizzle-kit push,
 * by hand). Running it again is not the fix; recording it is.
 */
function suggestBaseline(e: unknown, firstId: string | undefined): unknown {
  if (!(e instanceof LadderError) || firstId === undefined || e.migration !== firstId || e.code !== ExitCode.database) return e;
  if (!ALREADY_EXISTS.has(pgErrorFields(e.cause).code ?? '')) return e;
  return new LadderError(
    e.code,
    e.message,
    {
      ...e,
      problems: e.problems,
      detail: e.detail,
      partial: e.partial,
      hint: `this database already has the schema, but no migration is recorded: if it was made before ladder (drizzle-kit push, by hand), record the migrations that made it with \`ladder baseline --to <id>\` instead of running them`,
    },
    e.cause,
  );
}
