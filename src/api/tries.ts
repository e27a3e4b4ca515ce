/**
 * The dev loop: try, untry, retry, reset. Every active environment moves
 * together: refusals are checked in all of them before any is changed, and
 * when a later environment fails, the earlier ones are put back as they were.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { refuseProduction, selectToTry, selectToUntry } from '../core/lifecycle.js';
import { indexById } from '../core/plan.js';
import type { DatabaseState, MigrationFile, MigrationSource, TryRow } from '../core/types.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { describeDriverError } from '../db/sql-error.js';
import { applyTry, insertTry, revertTry, runOutsideTransaction } from '../db/tries.js';
import { analyzeMigration } from '../sql/analyze.js';
import { migrationDirectives } from '../core/modes.js';
import { openProject, pgliteNeeds, readSource, type CommonOptions, type Project } from './context.js';
import { importReverts } from './import.js';
import { withLock } from './lock.js';
import { bringUpToDate, type MigratedBeforeTry } from './try-migrate.js';

export interface TryOptions extends CommonOptions {
  id?: string;
  all?: boolean;
  /** refuse, naming them, when committed migrations are pending here (default: apply them first, as migrate) */
  noMigrate?: boolean;
}

export interface EnvironmentTries {
  environment: string;
  target: string;
  /** migrations applied as tries, in order */
  tried: string[];
  /** tries reverted, newest first */
  untried: string[];
  /** untry used the current revert file because the stored one was a ladder:todo */
  usedCurrentRevert: string[];
}

export interface TriesResult {
  environments: EnvironmentTries[];
  /** revert files written by the import that runs first */
  imported: { id: string; file: string; generated: boolean; reason?: string }[];
  /** try: committed migrations that were pending and applied first, per environment */
  migrated?: MigratedBeforeTry[];
}

/** Apply the next uncommitted migration (or `id`, or --all) as a try. */
export async function tryMigrations(opts: TryOptions = {}): Promise<TriesResult> {
  return runLoop('try', opts, (source, state, env) => ({
    untry: [],
    retry: selectToTry(source, state.tries, { id: opts.id, all: opts.all }, env.name),
  }));
}

/** Revert tries, newest first, down to and including `id` (default: the newest), with the SQL stored at try time. */
export async function untry(opts: CommonOptions & { id?: string } = {}): Promise<TriesResult> {
  return runLoop('untry', opts, (_source, state, env) => ({ untry: selectToUntry(state.tries, opts.id, env.name), retry: [] }));
}

/** Untry down to `id` (default: the newest try), then try the same migrations with the current files, in one transaction. */
export async function retry(opts: CommonOptions & { id?: string } = {}): Promise<TriesResult> {
  return runLoop('retry', opts, (source, state, env) => {
    const undo = selectToUntry(state.tries, opts.id, env.name, 'retry');
    const files = indexById(source.migrations);
    const redo = [...undo]
      .reverse()
      .map((t) => files.get(t.migrationId))
      .filter((f): f is MigrationFile => f !== undefined && !source.committed.some((e) => e.id === f.id));
    return { untry: undo, retry: redo };
  });
}

/** Untry every try, newest first. */
export async function reset(opts: CommonOptions = {}): Promise<TriesResult> {
  return runLoop('reset', opts, (_source, state) => ({
    untry: [...state.tries].sort((a, b) => b.position - a.position),
    retry: [],
  }));
}

interface Work {
  untry: TryRow[];
  retry: MigrationFile[];
}

type Action = 'try' | 'untry' | 'retry' | 'reset';

async function runLoop(
  action: Action,
  opts: CommonOptions,
  select: (source: MigrationSource, state: DatabaseState, env: EnvironmentConfig) => Work,
): Promise<TriesResult> {
  const project = openProject(opts);
  // The production guard comes before any connection is made, whatever the flags.
  refuseProduction(action, project.environments);
  const imported = action === 'try' || action === 'retry' ? (await importReverts(opts)).written : [];
  const source = readSource(project);
  const clients: { env: EnvironmentConfig; db: SqlClient }[] = [];
  try {
    for (const env of project.environments) {
      opts.events?.environment?.(env);
      clients.push({ env, db: await connect(env, opts.db, pgliteNeeds(project, env, opts)) });
    }
    // Preflight: every refusal, in every environment, before anything changes.
    for (const { env, db } of clients) select(source, await readState(db, project.names), env);
    const migrated = action === 'try' ? await bringUpToDate(project, source, clients, opts) : undefined;

    const done: { env: EnvironmentConfig; db: SqlClient; result: EnvironmentTries; work: Work }[] = [];
    for (const { env, db } of clients) {
      try {
        const { result, work } = await withLock(project, env, db, opts, async () => {
          await ensureLedger(db, project.names, source.format);
          const work = select(source, await readState(db, project.names), env);
          return { work, result: await applyWork(project, source, env, db, action, work) };
        });
        done.push({ env, db, result, work });
      } catch (thrown) {
        if (done.length === 0) throw thrown;
        // Any failure here (not only a failing statement: a permission, a lost
        // connection) leaves the earlier environments changed: put them back.
        const e =
          thrown instanceof LadderError
            ? thrown
            : new LadderError(ExitCode.database, describeDriverError(thrown), { environment: env.name }, thrown);
        const restored = await restore(project, source, done, opts);
        const detail = [e.detail, ...restored].filter(Boolean).join('\n');
        throw new LadderError(e.code, e.message, { ...e, problems: e.problems, detail, partial: { environments: done.map((d) => d.result) } }, e.cause);
      }
    }
    return { environments: done.map((d) => d.result), imported, ...(migrated ? { migrated } : {}) };
  } finally {
    for (const { db } of clients) await db.close().catch(() => {});
  }
}

/** One environment's work, in one transaction: reverts first (newest first), then tries in journal order. */
async function applyWork(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  action: Action,
  work: Work,
): Promise<EnvironmentTries> {
  const files = indexById(source.migrations);
  const result: EnvironmentTries = { environment: env.name, target: env.display, tried: [], untried: [], usedCurrentRevert: [] };
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    if (action === 'try') {
      // issue 13: each try in its own transaction, as migrate applies them, so
      // an enum value added by one is usable by the next (drizzle-orm#3466);
      // after a failure the earlier tries stay, nothing of the failed one does
      for (const f of work.retry) {
        await applyOneTry(db, project.names, f, env.name).catch((e: unknown) => {
          throw result.tried.length === 0 ? e : alsoTried(e, result.tried);
        });
        result.tried.push(f.id);
      }
    } else if (work.untry.some((t) => migrationDirectives(t.revertSql).noTransaction)) {
      // a -- ladder:no-transaction revert (DROP INDEX CONCURRENTLY...) cannot run in the one transaction: each on its own
      for (const t of work.untry) {
        if (migrationDirectives(t.revertSql).noTransaction) {
          const revertPath = files.get(t.migrationId)?.revertPath ?? `${t.migrationId}.revert.sql`;
          const run = await analyzeMigration({ id: t.migrationId, sql: t.revertSql, sqlPath: revertPath });
          await runOutsideTransaction(db, t.revertSql, run, { environment: env.name, migration: t.migrationId, file: `${revertPath} (as tried)`, what: 'revert' });
          await db.query(`delete from ${project.names.tries} where migration_id = $1`, [t.migrationId]);
        } else {
          const { usedCurrentFile } = await db.transaction((tx) => revertTry(tx, project.names, t, files.get(t.migrationId), env.name));
          if (usedCurrentFile) result.usedCurrentRevert.push(t.migrationId);
        }
        result.untried.push(t.migrationId);
      }
      for (const f of work.retry) {
        await applyOneTry(db, project.names, f, env.name);
        result.tried.push(f.id);
      }
    } else {
      await db.transaction(async (tx) => {
        for (const t of work.untry) {
          const { usedCurrentFile } = await revertTry(tx, project.names, t, files.get(t.migrationId), env.name);
          result.untried.push(t.migrationId);
          if (usedCurrentFile) result.usedCurrentRevert.push(t.migrationId);
        }
        for (const f of work.retry) {
          await applyTry(tx, project.names, f, env.name);
          result.tried.push(f.id);
        }
      });
    }
  } catch (e) {
    await appendLog(db, project.names, {
      action,
      migrationId: (e as LadderError).migration,
      startedAt,
      durationMs: performance.now() - t0,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
    }, env.secrets).catch(() => {});
    if (action === 'try' && result.tried.length > 0) {
      // the tries before the failure are committed: log them too
      for (const id of result.tried) {
        await appendLog(db, project.names, { action: 'try', migrationId: id, hash: files.get(id)?.hash, startedAt, durationMs: performance.now() - t0, ok: true }).catch(() => {});
      }
    }
    throw e;
  }
  const durationMs = performance.now() - t0;
  for (const id of result.untried) {
    await appendLog(db, project.names, { action: 'untry', migrationId: id, hash: work.untry.find((t) => t.migrationId === id)?.hash, startedAt, durationMs, ok: true });
  }
  for (const id of result.tried) {
    await appendLog(db, project.names, { action: 'try', migrationId: id, hash: files.get(id)?.hash, startedAt, durationMs, ok: true });
  }
  return result;
}

/** One try in its own transaction; a no-transaction migration statement by statement, outside one. */
async function applyOneTry(db: SqlClient, t: Project['names'], f: MigrationFile, environment: string): Promise<void> {
  const run = await analyzeMigration(f);
  if (run.mode === 'no-transaction' || run.mode === 'segmented') {
    await runOutsideTransaction(db, f.sql, run, { environment, migration: f.id, file: f.sqlPath, what: 'try' });
    await insertTry(db, t, f);
    return;
  }
  await db.transaction((tx) => applyTry(tx, t, f, environment));
}

/** The error of a failed try, saying which earlier tries of this command stay applied. */
function alsoTried(e: unknown, tried: string[]): unknown {
  if (!(e instanceof LadderError)) return e;
  const hint = `tried before it, and still tried: ${tried.join(', ')}; nothing of the failed one remains`;
  return new LadderError(e.code, e.message, { ...e, problems: e.problems, hint: e.hint ? `${e.hint}; ${hint}` : hint }, e.cause);
}

/**
 * A later environment failed: undo what the earlier ones did, so they are as
 * they were. Returns one line per environment saying what state it is in.
 */
async function restore(
  project: Project,
  source: MigrationSource,
  done: { env: EnvironmentConfig; db: SqlClient; result: EnvironmentTries; work: Work }[],
  opts: CommonOptions,
): Promise<string[]> {
  const lines: string[] = [];
  for (const d of [...done].reverse()) {
    try {
      await withLock(project, d.env, d.db, opts, async () => {
        const state = await readState(d.db, project.names);
        const files = indexById(source.migrations);
        await d.db.transaction(async (tx) => {
          // undo our tries (newest first), then re-apply what we reverted, with the SQL it was tried with
          const ours = state.tries.filter((t) => d.result.tried.includes(t.migrationId)).sort((a, b) => b.position - a.position);
          for (const t of ours) await revertTry(tx, project.names, t, files.get(t.migrationId), d.env.name);
          for (const t of [...d.work.untry].reverse()) {
            await applyTry(tx, project.names, triedFile(t, files.get(t.migrationId)), d.env.name);
          }
        });
      });
      lines.push(`${d.env.name}: put back as it was before this command`);
    } catch (e) {
      const what = [
        d.result.tried.length > 0 ? `tried ${d.result.tried.join(', ')}` : '',
        d.result.untried.length > 0 ? `untried ${d.result.untried.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(`${d.env.name}: could NOT be put back (${e instanceof Error ? e.message : String(e)}); it stays changed: ${what}`);
    }
  }
  return lines;
}

/** Re-apply a reverted try exactly as it was tried (its stored SQL), not as the file is now. */
function triedFile(t: TryRow, current: MigrationFile | undefined): MigrationFile {
  return {
    id: t.migrationId,
    index: current?.index ?? 0,
    when: current?.when ?? 0,
    // a failure names the file only when it still holds the SQL that runs
    sqlPath: current && current.hash === t.hash ? current.sqlPath : `${current?.sqlPath ?? `${t.migrationId}.sql`} (as tried)`,
    sql: t.migrateSql,
    hash: t.hash,
    revertPath: current?.revertPath ?? `${t.migrationId}.revert.sql (as tried)`,
    revert: { sql: t.revertSql, hash: t.revertHash, todo: false, irreversible: false },
  };
}
