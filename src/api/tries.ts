/**
 * The dev loop: try, untry, retry, reset. Every active environment moves
 * together: refusals are checked in all of them before any is changed, and
 * when a later environment fails, the earlier ones are put back as they were.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { refuseProduction, selectToTry, selectToUntry } from '../core/lifecycle.js';
import { indexById } from '../core/plan.js';
import type { DatabaseState, MigrationFile, MigrationSource, TryRow } from '../core/types.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { lockDirectory } from '../db/dir-lock.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { describeDriverError } from '../db/sql-error.js';
import { applyTry, forgetTry, insertTry, revertTry, runOutsideTransaction, upgradeTriesTable, type RevertCheck } from '../db/tries.js';
import { analyzeMigration } from '../sql/analyze.js';
import { migrationDirectives } from '../core/modes.js';
import { openProject, pgliteNeeds, readSource, type CommonOptions, type Project } from './context.js';
import { importReverts } from './import.js';
import { withLock } from './lock.js';
import { migrate } from './migrate.js';
import { bringUpToDate, type MigratedBeforeTry } from './try-migrate.js';

export interface TryOptions extends CommonOptions {
  id?: string;
  all?: boolean;
  /** refuse, naming them, when committed migrations are pending here (default: apply them first, as migrate) */
  noMigrate?: boolean;
  /**
   * prove each revert inside the try's transaction: run it, compare the schema
   * with the one before, apply the migration again (default true; false is
   * the CLI's --no-verify-revert)
   */
  verifyRevert?: boolean;
}

export interface RetryOptions extends CommonOptions {
  id?: string;
  /** as TryOptions.verifyRevert (default true) */
  verifyRevert?: boolean;
}

export interface UntryOptions extends CommonOptions {
  id?: string;
  /** run the revert file as it is on disk now, not the copy stored at try time */
  withCurrentRevert?: boolean;
  /** drop the try record(s) and run nothing: the database stays as the user left it */
  forget?: boolean;
}

export interface EnvironmentTries {
  environment: string;
  target: string;
  /** migrations applied as tries, in order */
  tried: string[];
  /** tries reverted, newest first */
  untried: string[];
  /** untry used the current revert file (the stored one was a ladder:todo, or --with-current-revert) */
  usedCurrentRevert: string[];
  /** of usedCurrentRevert: those whose stored revert had failed its check at try time (retry) */
  replacedUnverifiedRevert: string[];
  /** untry --forget: try records dropped, nothing run, newest first */
  forgotten: string[];
  /** tries whose revert check failed (the revert failed, or left another schema): applied, marked `revert unverified` */
  revertUnverified: { migration: string; reason: string }[];
  /** tries whose revert could not be checked, and why (a no-transaction migration) */
  revertNotChecked: { migration: string; note: string }[];
  /** reset --recreate: the PGlite directory thrown away, and the committed migrations applied to the new one */
  recreated?: { directory: string; applied: string[] };
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

/**
 * Revert tries, newest first, down to and including `id` (default: the
 * newest), with the SQL stored at try time (or the current revert file:
 * withCurrentRevert), or only drop their records (forget).
 */
export async function untry(opts: UntryOptions = {}): Promise<TriesResult> {
  if (opts.forget && opts.withCurrentRevert) {
    throw new LadderError(ExitCode.usage, 'untry: --forget runs nothing, --with-current-revert runs the current revert file: give one or the other', {
      hint: '`ladder untry --with-current-revert` reverts with the file as it is now; `ladder untry --forget` after undoing the migration by hand',
    });
  }
  return runLoop('untry', opts, (_source, state, env) => ({ untry: selectToUntry(state.tries, opts.id, env.name), retry: [] }));
}

/** Untry down to `id` (default: the newest try), then try the same migrations with the current files, in one transaction. */
export async function retry(opts: RetryOptions = {}): Promise<TriesResult> {
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

export interface ResetOptions extends CommonOptions {
  /**
   * PGlite environments only: throw the dev database directory away and
   * migrate it again from the committed migrations (refused on PostgreSQL)
   */
  recreate?: boolean;
}

/** Untry every try, newest first; or (recreate) rebuild a PGlite dev database from the committed migrations. */
export async function reset(opts: ResetOptions = {}): Promise<TriesResult> {
  if (opts.recreate) return recreate(opts);
  return runLoop('reset', opts, (_source, state) => ({
    untry: [...state.tries].sort((a, b) => b.position - a.position),
    retry: [],
  }));
}

/**
 * reset --recreate: the way out when a PGlite dev database is broken beyond
 * untry (a try undone by hand half way, a stale stored revert). Its directory
 * goes, tries and all, and `ladder migrate` builds it again. Never on
 * PostgreSQL: ladder does not own that database, the user does.
 */
async function recreate(opts: ResetOptions): Promise<TriesResult> {
  const project = openProject(opts);
  refuseProduction('reset --recreate', project.environments);
  const notPglite = project.environments.filter((e) => e.connection.kind !== 'pglite');
  if (notPglite.length > 0) {
    const names = notPglite.map((e) => e.name);
    throw new LadderError(
      ExitCode.usage,
      `reset --recreate refused: ${names.join(', ')} ${names.length === 1 ? 'is a PostgreSQL environment' : 'are PostgreSQL environments'}; only a PGlite dev database is thrown away and rebuilt`,
      {
        environment: names[0],
        hint: '`ladder reset` untries every try; to start a PostgreSQL database over, drop and create it yourself, then run `ladder migrate`',
      },
    );
  }
  if (opts.db !== undefined) {
    throw new LadderError(ExitCode.usage, 'reset --recreate refused: the PGlite database was given to ladder (the db option), so ladder does not own its directory', {
      environment: project.environments[0]?.name,
      hint: 'close it and call reset({ recreate: true }) without db: ladder then opens the environment itself',
    });
  }
  const environments: EnvironmentTries[] = [];
  for (const env of project.environments) {
    if (env.connection.kind !== 'pglite') continue;
    const directory = env.connection.dataDir;
    opts.events?.environment?.(env);
    // not ours to delete unless it is a PGlite database (a typo in `pglite = "."` must not remove the project)
    if (existsSync(directory) && readdirSync(directory).length > 0 && !existsSync(path.join(directory, 'PG_VERSION'))) {
      throw new LadderError(ExitCode.usage, `reset --recreate refused: ${directory} is not a PGlite database (no PG_VERSION in it); nothing was removed`, {
        environment: env.name,
        hint: `check the pglite path of [environments.${env.name}] in ladder.toml`,
      });
    }
    // the same lock as every open: never remove a directory another ladder process has open
    const lock = await lockDirectory(directory, env.name);
    try {
      rmSync(directory, { recursive: true, force: true });
    } finally {
      lock.release();
    }
    const migrated = await migrate({ ...opts, env: env.name });
    environments.push({
      ...noTries(env),
      recreated: { directory, applied: migrated.environments.flatMap((e) => e.applied.map((a) => a.id)) },
    });
  }
  return { environments, imported: [] };
}

interface Work {
  untry: TryRow[];
  retry: MigrationFile[];
}

type Action = 'try' | 'untry' | 'retry' | 'reset';

async function runLoop(
  action: Action,
  opts: CommonOptions & UntryOptions & { verifyRevert?: boolean },
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
          await upgradeTriesTable(db, project.names);
          const work = select(source, await readState(db, project.names), env);
          return { work, result: await applyWork(project, source, env, db, action, work, opts) };
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
  opts: UntryOptions & { verifyRevert?: boolean },
): Promise<EnvironmentTries> {
  const files = indexById(source.migrations);
  const result = noTries(env);
  const verifyRevert = opts.verifyRevert !== false && (action === 'try' || action === 'retry');
  // untry --with-current-revert; and retry of a try whose stored revert failed its
  // check: the user fixed the file (as the warning told them), the stored copy is known bad
  const useCurrentFor = (t: TryRow): boolean => {
    if (action === 'untry') return !!opts.withCurrentRevert;
    const now = files.get(t.migrationId)?.revert;
    return action === 'retry' && !!t.revertUnverified && !!now && !now.todo;
  };
  const noted = (id: string, check: RevertCheck) => {
    if (check.kind === 'unverified') result.revertUnverified.push({ migration: id, reason: check.reason });
    if (check.kind === 'not-checked' && check.note) result.revertNotChecked.push({ migration: id, note: check.note });
  };
  // the revert SQL an untry runs: the stored copy, or the file as it is now
  const revertSqlOf = (t: TryRow) => (useCurrentFor(t) ? (files.get(t.migrationId)?.revert?.sql ?? t.revertSql) : t.revertSql);
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    if (action === 'try') {
      // issue 13: each try in its own transaction, as migrate applies them, so
      // an enum value added by one is usable by the next (drizzle-orm#3466);
      // after a failure the earlier tries stay, nothing of the failed one does
      for (const f of work.retry) {
        const check = await applyOneTry(db, project.names, f, env.name, verifyRevert).catch((e: unknown) => {
          throw result.tried.length === 0 ? e : alsoTried(e, result.tried);
        });
        result.tried.push(f.id);
        noted(f.id, check);
      }
    } else if (action === 'untry' && opts.forget) {
      // the user undid the migration by hand: only the records go, in one transaction
      await db.transaction(async (tx) => {
        for (const t of work.untry) {
          await forgetTry(tx, project.names, t);
          result.forgotten.push(t.migrationId);
        }
      });
    } else if (work.untry.some((t) => migrationDirectives(revertSqlOf(t)).noTransaction)) {
      // a -- ladder:no-transaction revert (DROP INDEX CONCURRENTLY...) cannot run in the one transaction: each on its own
      for (const t of work.untry) {
        const sql = revertSqlOf(t);
        const useCurrentFile = useCurrentFor(t);
        if (migrationDirectives(sql).noTransaction) {
          const revertPath = files.get(t.migrationId)?.revertPath ?? `${t.migrationId}.revert.sql`;
          const run = await analyzeMigration({ id: t.migrationId, sql, sqlPath: revertPath });
          await runOutsideTransaction(db, sql, run, { environment: env.name, migration: t.migrationId, file: useCurrentFile ? revertPath : `${revertPath} (as tried)`, what: 'revert' });
          await db.query(`delete from ${project.names.tries} where migration_id = $1`, [t.migrationId]);
          if (useCurrentFile) result.usedCurrentRevert.push(t.migrationId);
        } else {
          const { usedCurrentFile } = await db.transaction((tx) => revertTry(tx, project.names, t, files.get(t.migrationId), env.name, { useCurrentFile }));
          if (usedCurrentFile) result.usedCurrentRevert.push(t.migrationId);
        }
        if (action === 'retry' && useCurrentFile) result.replacedUnverifiedRevert.push(t.migrationId);
        result.untried.push(t.migrationId);
      }
      for (const f of work.retry) {
        noted(f.id, await applyOneTry(db, project.names, f, env.name, verifyRevert));
        result.tried.push(f.id);
      }
    } else {
      await db.transaction(async (tx) => {
        for (const t of work.untry) {
          const { usedCurrentFile } = await revertTry(tx, project.names, t, files.get(t.migrationId), env.name, { useCurrentFile: useCurrentFor(t) });
          result.untried.push(t.migrationId);
          if (usedCurrentFile) result.usedCurrentRevert.push(t.migrationId);
          if (action === 'retry' && useCurrentFor(t)) result.replacedUnverifiedRevert.push(t.migrationId);
        }
        for (const f of work.retry) {
          noted(f.id, await applyTry(tx, project.names, f, env.name, { verifyRevert }));
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
  for (const id of result.forgotten) {
    await appendLog(db, project.names, { action: 'untry --forget', migrationId: id, hash: work.untry.find((t) => t.migrationId === id)?.hash, startedAt, durationMs, ok: true });
  }
  for (const id of result.tried) {
    await appendLog(db, project.names, { action: 'try', migrationId: id, hash: files.get(id)?.hash, startedAt, durationMs, ok: true });
  }
  return result;
}

/**
 * One try in its own transaction, its revert proven inside it (verifyRevert);
 * a no-transaction migration statement by statement, outside one: its revert
 * is not checked (what ran cannot be rolled back if the check fails), and
 * the result says so.
 */
async function applyOneTry(db: SqlClient, t: Project['names'], f: MigrationFile, environment: string, verifyRevert: boolean): Promise<RevertCheck> {
  const run = await analyzeMigration(f);
  if (run.mode === 'no-transaction' || run.mode === 'segmented') {
    await runOutsideTransaction(db, f.sql, run, { environment, migration: f.id, file: f.sqlPath, what: 'try' });
    await insertTry(db, t, f);
    const checkable = verifyRevert && f.revert && !f.revert.todo && !f.revert.irreversible;
    return checkable
      ? { kind: 'not-checked', note: `revert not checked: a ${run.mode} migration runs outside a transaction, so it cannot be undone and redone inside the try` }
      : { kind: 'not-checked' };
  }
  return db.transaction((tx) => applyTry(tx, t, f, environment, { verifyRevert }));
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
            await applyTry(tx, project.names, triedFile(t, files.get(t.migrationId)), d.env.name, { mark: t.revertUnverified });
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

/** An environment's result before anything is tried or untried. */
function noTries(env: EnvironmentConfig): EnvironmentTries {
  return {
    environment: env.name,
    target: env.display,
    tried: [],
    untried: [],
    usedCurrentRevert: [],
    replacedUnverifiedRevert: [],
    forgotten: [],
    revertUnverified: [],
    revertNotChecked: [],
  };
}
