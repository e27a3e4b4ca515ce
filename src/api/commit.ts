import path from 'node:path';
import { checkTriedEverywhere, committedEntryFor, selectToCommit } from '../core/lifecycle.js';
import { trackedName } from '../core/plan.js';
import type { CommittedEntry } from '../core/types.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { adoptTry } from '../db/tries.js';
import { COMMITTED_FILE, writeCommittedAtomic } from '../source/committed.js';
import { forEachEnvironment, openProject, readSource, type CommonOptions } from './context.js';
import { importReverts } from './import.js';
import { withLock } from './lock.js';

export interface CommitOptions extends CommonOptions {
  id?: string;
  /** commit every uncommitted migration, in journal order */
  all?: boolean;
  /** commit the uncommitted migrations up to and including this id */
  to?: string;
  /** commit without a try in the active environments (no database is opened) */
  untried?: boolean;
  /** commit as `fake = true`: recorded as applied without running, in every environment */
  fake?: boolean;
  /** commit tries whose revert check failed at try time (`revert unverified`); refused without it */
  acceptRevert?: boolean;
}

export interface CommitResult {
  /** the last migration committed (the only one without --all/--to) */
  committed: CommittedEntry;
  /** every migration committed, in order */
  migrations: CommittedEntry[];
  /** SQL file of `committed` */
  file: string;
  /** environments where the tries became drizzle's tracking rows */
  adopted: string[];
  /** revert files written by the import that runs first */
  imported: { id: string; file: string; generated: boolean; reason?: string }[];
}

/**
 * Freeze the first uncommitted migration (or all, or up to `to`): append it
 * to committed.toml. Without --untried/--fake each must be tried with its
 * current files in every active environment, and there its try becomes an
 * applied row (not run again).
 *
 * committed.toml is written before the databases: should a database step
 * fail, the try is still there and `ladder migrate` adopts it later; the
 * other order could leave an applied row that no ledger entry explains.
 */
export async function commit(opts: CommitOptions = {}): Promise<CommitResult> {
  const fileOnly = !!opts.untried || !!opts.fake;
  // --untried/--fake are file-only: no environment is resolved, so a given db client is not used
  const project = openProject(fileOnly ? { ...opts, db: undefined } : opts, { environments: !fileOnly });
  const imported = (await importReverts(opts)).written;
  const source = readSource(project);
  const files = selectToCommit(source, { id: opts.id, to: opts.to, all: opts.all });
  const entries = files.map((f) => committedEntryFor(f, !!opts.fake));
  const last = { committed: entries.at(-1)!, migrations: entries, file: files.at(-1)!.sqlPath };

  if (fileOnly) {
    writeCommittedAtomic(path.join(source.directory, COMMITTED_FILE), [...source.committed, ...entries]);
    return { ...last, adopted: [], imported };
  }

  // Check every migration in every environment before writing anything.
  const triesByEnvironment = await forEachEnvironment(project, opts, async (env, db) => ({
    environment: env.name,
    isProduction: env.isProduction,
    tries: (await readState(db, project.names)).tries,
  }));
  for (const file of files) checkTriedEverywhere(file, triesByEnvironment, { acceptRevert: opts.acceptRevert });
  writeCommittedAtomic(path.join(source.directory, COMMITTED_FILE), [...source.committed, ...entries]);

  const adopted = await forEachEnvironment(project, opts, async (env, db) =>
    withLock(project, env, db, opts, async () => {
      await ensureLedger(db, project.names, source.format);
      const startedAt = new Date();
      await db.transaction(async (tx) => {
        for (const file of files) await adoptTry(tx, project.names, file, trackedName(source, file.id).name);
      });
      for (const file of files) {
        await appendLog(db, project.names, { action: 'commit', migrationId: file.id, hash: file.hash, startedAt, durationMs: 0, ok: true });
      }
      return env.name;
    }),
  );
  return { ...last, adopted, imported };
}

export { uncommit, type UncommitResult } from './uncommit.js';
