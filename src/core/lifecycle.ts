/**
 * Lifecycle rules (commit, uncommit, try ordering) as pure functions that
 * return what to do, or throw a LadderError saying why not.
 */
import { ExitCode, LadderError } from './errors.js';
import type { CommittedEntry, MigrationFile, MigrationSource } from './types.js';

/** Uncommitted migrations in journal order. */
export function uncommitted(source: MigrationSource): MigrationFile[] {
  const committed = new Set(source.committed.map((e) => e.id));
  return source.migrations.filter((m) => !committed.has(m.id));
}

/**
 * The migration `commit` would append: the first uncommitted one in journal
 * order (an explicit id must be that one), with a finished revert file.
 */
export function nextToCommit(source: MigrationSource, id?: string): MigrationFile {
  const open = uncommitted(source);
  const first = open[0];
  if (!first) {
    throw new LadderError(ExitCode.usage, 'nothing to commit: every migration in the journal is committed', {
      hint: 'generate a new migration with `drizzle-kit generate` or `ladder new <name>`',
    });
  }
  if (id !== undefined && id !== first.id) {
    const known = source.migrations.some((m) => m.id === id);
    throw new LadderError(
      ExitCode.usage,
      known
        ? source.committed.some((e) => e.id === id)
          ? `${id} is already committed`
          : `commit ${id} refused: ${first.id} comes first in the journal and is not committed yet`
        : `no migration ${id} in the journal`,
      { migration: id, hint: known ? `commit migrations in journal order: \`ladder commit ${first.id}\`` : undefined },
    );
  }
  if (!first.revert) {
    throw new LadderError(ExitCode.usage, `commit ${first.id} refused: its revert file ${first.revertPath} is missing`, {
      migration: first.id,
      file: first.revertPath,
      hint: 'run `ladder import` to generate it, or write it by hand (`-- ladder:irreversible` if it cannot be reverted)',
    });
  }
  if (first.revert.todo) {
    throw new LadderError(ExitCode.usage, `commit ${first.id} refused: ${first.revertPath} is still a ladder:todo`, {
      migration: first.id,
      file: first.revertPath,
      line: 1,
      hint: 'write the revert SQL (and remove the `-- ladder:todo` line), or mark it `-- ladder:irreversible`',
    });
  }
  return first;
}

export function committedEntryFor(file: MigrationFile, fake: boolean): CommittedEntry {
  return { id: file.id, hash: file.hash, revertHash: file.revert?.hash ?? '', fake };
}

/** The last committed entry, for `uncommit`. */
export function lastCommitted(source: MigrationSource): CommittedEntry {
  const last = source.committed.at(-1);
  if (!last) throw new LadderError(ExitCode.usage, 'nothing to uncommit: committed.toml lists no migration');
  return last;
}
