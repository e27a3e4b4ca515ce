import path from 'node:path';
import { committedEntryFor, nextToCommit } from '../core/lifecycle.js';
import type { CommittedEntry } from '../core/types.js';
import { writeCommittedAtomic } from '../source/committed.js';
import { openProject, readSource, type CommonOptions } from './context.js';

export interface CommitOptions extends CommonOptions {
  id?: string;
  /** commit without a try (the migration is not applied anywhere by this) */
  untried?: boolean;
  /** commit as `fake = true`: recorded as applied without running, in every environment */
  fake?: boolean;
}

export interface CommitResult {
  committed: CommittedEntry;
  file: string;
}

/**
 * Append the first uncommitted migration to committed.toml. This is the
 * file-only form (`--untried` / `--fake`); the tried form lives in lifecycle.ts.
 */
export async function commitUntried(opts: CommitOptions): Promise<CommitResult> {
  const project = openProject(opts, { environments: false });
  const source = readSource(project);
  const file = nextToCommit(source, opts.id);
  const entry = committedEntryFor(file, !!opts.fake);
  writeCommittedAtomic(path.join(source.directory, 'committed.toml'), [...source.committed, entry]);
  return { committed: entry, file: file.sqlPath };
}
