/**
 * `ladder adopt`: take a project that already has a drizzle-kit history
 * into ladder in one step.
 *
 * 1. import: write the revert files that can be written (api/import.ts);
 * 2. reword each remaining `ladder:todo` revert file to say the migration was
 *    adopted without one (rolling it back is refused, nothing else is);
 * 3. commit every uncommitted migration in journal order, in one write of
 *    committed.toml (after the revert files, whose hashes it records);
 * 4. in each active environment, read the tracking table (read-only) and
 *    report what is applied, pending and unknown.
 *
 * Idempotent: once everything is committed, a second run writes nothing.
 * Environments are resolved before anything is written, so a missing
 * DATABASE_URL stops adopt before it changes a file.
 */
import path from 'node:path';
import { adoptedEntries, checkAdopted, rewordTodoForAdopt, toAdopt, todoReason, type AdoptCheck } from '../core/adopt.js';
import type { Problem } from '../core/errors.js';
import { readState } from '../db/ledger.js';
import { COMMITTED_FILE, writeCommittedAtomic } from '../source/committed.js';
import { writeFileAtomic } from '../source/write-atomic.js';
import { forEachEnvironment, openProject, readSource, type CommonOptions } from './context.js';
import { importReverts, type WrittenRevert } from './import.js';

export interface AdoptOptions extends CommonOptions {
  /** files only: no environment is opened or checked */
  offline?: boolean;
}

export interface AdoptedMigration {
  id: string;
  /** 'generated': import wrote its revert now; 'existing': it had one; 'todo': committed without revert SQL */
  revert: 'generated' | 'existing' | 'todo';
  /** why there is no revert SQL (todo only) */
  reason?: string;
  revertFile: string;
}

export interface AdoptEnvironment extends AdoptCheck {
  environment: string;
  target: string;
}

export interface AdoptResult {
  /** revert files written by the import step */
  imported: WrittenRevert[];
  /** migrations committed by this run, in journal (= commit) order */
  committed: AdoptedMigration[];
  /** committed before this run */
  alreadyCommitted: number;
  /** the committed ones whose revert file is a todo: rolling them back is refused */
  todos: { id: string; file: string; reason?: string }[];
  environments: AdoptEnvironment[];
  /** every environment's problems (unknown rows, files edited after they were applied): migrate would refuse */
  problems: Problem[];
}

export async function adopt(opts: AdoptOptions = {}): Promise<AdoptResult> {
  const fileOnly = !!opts.offline;
  // resolve the environments first: a missing variable must stop adopt before it writes
  const project = openProject(fileOnly ? { ...opts, db: undefined } : opts, { environments: !fileOnly });
  const imported = (await importReverts({ ...opts, db: undefined })).written;
  const generatedNow = new Set(imported.filter((w) => w.generated).map((w) => w.id));
  const root = project.config.root;

  let source = readSource(project);
  const alreadyCommitted = source.committed.length;
  const reworded = toAdopt(source).filter((m) => m.revert?.todo);
  for (const m of reworded) {
    const text = rewordTodoForAdopt(m.revert!.sql, m.id);
    if (text !== m.revert!.sql) writeFileAtomic(path.resolve(root, m.revertPath), text);
  }
  if (reworded.length > 0) source = readSource(project);

  const files = toAdopt(source);
  const committed: AdoptedMigration[] = files.map((f) => {
    const reason = f.revert!.todo ? (todoReason(f.revert!.sql) ?? 'the revert file is a ladder:todo') : undefined;
    return {
      id: f.id,
      revert: f.revert!.todo ? 'todo' : generatedNow.has(f.id) ? 'generated' : 'existing',
      ...(reason !== undefined ? { reason } : {}),
      revertFile: f.revertPath,
    };
  });
  if (files.length > 0) {
    writeCommittedAtomic(path.join(source.directory, COMMITTED_FILE), [...source.committed, ...adoptedEntries(files)]);
    source = { ...source, committed: [...source.committed, ...adoptedEntries(files)] };
  }
  const todos = committed.filter((c) => c.revert === 'todo').map((c) => ({ id: c.id, file: c.revertFile, reason: c.reason }));

  const environments = fileOnly
    ? []
    : await forEachEnvironment(project, opts, async (env, db) => ({
        environment: env.name,
        target: env.display,
        ...checkAdopted(source, await readState(db, project.names), env.name),
      }));
  return { imported, committed, alreadyCommitted, todos, environments, problems: environments.flatMap((e) => e.problems) };
}
