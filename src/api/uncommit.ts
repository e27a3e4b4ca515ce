/**
 * `uncommit`: the last committed migration back to uncommitted. Where
 * `commit` turned a try into an applied row (a dev database), the row turns
 * back into the try, so uncommit works right after commit; anywhere it would
 * leave a row that matches nothing, it is refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { resolveEnvironment } from '../config/environments.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { applyRecords } from '../core/history.js';
import { lastCommitted } from '../core/lifecycle.js';
import { indexById, planEnvironment } from '../core/plan.js';
import type { CommittedEntry, MigrationFile, MigrationSource } from '../core/types.js';
import { uncommitAction } from '../core/uncommit.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { readApplyLog } from '../db/history.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { appliedToTry } from '../db/uncommit.js';
import { COMMITTED_FILE, writeCommittedAtomic } from '../source/committed.js';
import { openProject, readSource, type CommonOptions, type Project } from './context.js';
import { withLock } from './lock.js';

export interface UncommitResult {
  uncommitted: CommittedEntry;
  /** environments where its applied row became a try again */
  triedAgain: string[];
  /** other (non-production) environments of ladder.toml that were looked at, and those that could not be */
  checked: string[];
  notChecked: { environment: string; reason: string }[];
}

export async function uncommit(opts: CommonOptions = {}): Promise<UncommitResult> {
  const project = openProject(opts);
  const source = readSource(project);
  const last = lastCommitted(source);
  const file = indexById(source.migrations).get(last.id);
  const result: UncommitResult = { uncommitted: last, triedAgain: [], checked: [], notChecked: [] };

  const sites: { env: EnvironmentConfig; db: SqlClient; rowId: number }[] = [];
  const opened: SqlClient[] = [];
  try {
    // Every active environment, then the other non-production ones this
    // machine can reach: a dev database where commit adopted the try must
    // not be left holding a row that no committed migration explains.
    for (const env of project.environments) {
      opts.events?.environment?.(env);
      const db = await connect(env, opts.db);
      opened.push(db);
      const rowId = await decide(project, source, last, env, db, true);
      if (rowId !== undefined) sites.push({ env, db, rowId });
    }
    if (opts.db === undefined) {
      for (const env of await otherEnvironments(project, opts, result)) {
        const db = await connect(env).catch((e: unknown) => {
          result.notChecked.push({ environment: env.name, reason: e instanceof Error ? e.message : String(e) });
          return undefined;
        });
        if (!db) continue;
        opened.push(db);
        await decide(project, source, last, env, db, false);
        result.checked.push(env.name);
      }
    }
    if (sites.length > 0) {
      const restorable = restorableFile(last, file);
      for (const { env, db, rowId } of sites) {
        await withLock(project, env, db, opts, async () => {
          await ensureLedger(db, project.names, source.format);
          const startedAt = new Date();
          await db.transaction((tx) => appliedToTry(tx, project.names, restorable, rowId));
          await appendLog(db, project.names, { action: 'uncommit', migrationId: last.id, hash: last.hash, startedAt, durationMs: 0, ok: true });
        });
        result.triedAgain.push(env.name);
      }
    }
  } finally {
    for (const db of opened) await db.close().catch(() => {});
  }
  // After the databases: should one fail, the migration is still committed,
  // and a row turned back into a try is adopted again by the next migrate.
  writeCommittedAtomic(path.join(source.directory, COMMITTED_FILE), source.committed.slice(0, -1));
  return result;
}

/** The tracking row to turn back into a try here (undefined: nothing to do), or a refusal. */
async function decide(
  project: Project,
  source: MigrationSource,
  last: CommittedEntry,
  env: EnvironmentConfig,
  db: SqlClient,
  active: boolean,
): Promise<number | undefined> {
  const row = planEnvironment(source, await readState(db, project.names), env.name).appliedRows.get(last.id);
  const record = row ? applyRecords(await readApplyLog(db, project.names)).get(last.id) : undefined;
  const action = uncommitAction(last.id, {
    environment: env.name,
    isProduction: env.isProduction,
    active,
    applied: row !== undefined,
    record: record?.hash === last.hash ? record : undefined,
  });
  return action === 'to-try' ? row!.id : undefined;
}

/**
 * The non-production environments not selected, whose connection resolves
 * here (a variable missing is someone else's database: noted, not an error).
 * A PGlite data directory that does not exist yet holds nothing.
 */
async function otherEnvironments(project: Project, opts: CommonOptions, result: UncommitResult): Promise<EnvironmentConfig[]> {
  const active = new Set(project.environments.map((e) => e.name));
  const out: EnvironmentConfig[] = [];
  for (const [name, validated] of Object.entries(project.loaded.environments)) {
    if (active.has(name) || validated.isProduction) continue;
    const { environment, problems } = resolveEnvironment(name, validated, opts.processEnv ?? process.env);
    if (!environment) {
      result.notChecked.push({ environment: name, reason: problems[0]?.message ?? 'its connection does not resolve' });
      continue;
    }
    if (environment.connection.kind === 'pglite' && !existsSync(environment.connection.dataDir)) continue;
    opts.events?.environment?.(environment);
    out.push(environment);
  }
  return out;
}

/** The committed files, as they were committed: the try must hold what ran and what undoes it. */
function restorableFile(last: CommittedEntry, file: MigrationFile | undefined): MigrationFile {
  if (!file || file.hash !== last.hash || !file.revert || file.revert.hash !== last.revertHash) {
    const which = !file ? 'is missing' : file.hash !== last.hash ? `${file.sqlPath} was edited` : `${file.revertPath} was edited or is missing`;
    throw new LadderError(ExitCode.integrity, `uncommit ${last.id} refused: ${which} since it was committed`, {
      migration: last.id,
      file: file?.sqlPath,
      hint: 'restore the committed files (git stash), uncommit, then edit and `ladder retry`',
    });
  }
  return file;
}
