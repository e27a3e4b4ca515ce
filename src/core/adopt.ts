/**
 * `ladder adopt` as pure rules: which migrations it commits, how a revert
 * file it could not write is reworded, and what a database's tracking table
 * says about the adopted history.
 */
import { ExitCode, LadderError, type Problem } from './errors.js';
import { uncommitted } from './lifecycle.js';
import { planEnvironment } from './plan.js';
import type { CommittedEntry, DatabaseState, MigrationFile, MigrationSource } from './types.js';

const TODO_LINE = /^(\uFEFF?)-- ladder:todo(?:[ \t][^\r\n]*)?(\r?\n|$)/;
const ADOPTED_MARK = 'committed by ladder adopt without revert SQL';

/**
 * The first line adopt gives a todo revert file. It stays a `ladder:todo`
 * (so whatever reads revert files knows there is no revert SQL), and says
 * what that means now that the migration is committed.
 */
export function adoptedTodoLine(id: string): string {
  return `-- ladder:todo ${id} was ${ADOPTED_MARK}: rolling it back is refused until this file holds it; nothing else is`;
}

/** A todo revert file with adopt's first line (the rest, the reason included, kept as it is). */
export function rewordTodoForAdopt(text: string, id: string): string {
  const m = TODO_LINE.exec(text);
  if (!m) return text;
  if (m[0].includes(ADOPTED_MARK)) return text;
  return `${m[1]}${adoptedTodoLine(id)}${m[2] || '\n'}${text.slice(m[0].length)}`;
}

/** Why a todo revert file is one: its `-- why:` line, when it has one. */
export function todoReason(text: string): string | undefined {
  const m = /^-- why: (.+)$/m.exec(text);
  return m?.[1]?.trim();
}

/**
 * The migrations adopt commits, in journal order: every uncommitted one.
 * Each needs a revert file (import wrote one for any that had none): a
 * finished one, or a todo that adopt rewords. Throws when one is missing.
 */
export function toAdopt(source: MigrationSource): MigrationFile[] {
  const open = uncommitted(source);
  const missing = open.filter((m) => !m.revert);
  if (missing.length > 0) {
    throw new LadderError(
      ExitCode.usage,
      `adopt refused: ${missing.length === 1 ? `the revert file ${missing[0]!.revertPath} is missing` : `${missing.length} revert files are missing (${missing[0]!.revertPath}, ...)`}`,
      { migration: missing[0]!.id, file: missing[0]!.revertPath, hint: 'run `ladder adopt` again: it writes them first' },
    );
  }
  return open;
}

export function adoptedEntries(files: MigrationFile[]): CommittedEntry[] {
  return files.map((f) => ({ id: f.id, hash: f.hash, revertHash: f.revert?.hash ?? '', fake: false }));
}

export interface AdoptCheck {
  /** committed and recorded here: never run again */
  applied: string[];
  /** committed, not recorded here: `ladder migrate` applies them */
  pending: string[];
  /** tracking rows that match no committed migration */
  unknown: number;
  /** what `ladder migrate` would refuse (unknown rows, edited files) */
  problems: Problem[];
}

/**
 * One database's tracking table against the adopted history (read-only).
 * A row whose created_at is a migration's `when` but whose hash is not that
 * file's says the file was edited after it was applied: said as such, since
 * `migrate` must not run that migration again.
 */
export function checkAdopted(source: MigrationSource, state: DatabaseState, environment?: string): AdoptCheck {
  const plan = planEnvironment(source, state, environment);
  const byWhen = new Map(source.migrations.map((m) => [m.when, m]));
  const unknownRows = state.applied.filter((r) => ![...plan.appliedRows.values()].includes(r));
  const problems = plan.problems.map((p) => {
    if (p.kind !== 'unknown' || p.migration !== undefined) return p;
    const row = unknownRows.find((r) => p.message.startsWith(`tracking row ${r.id} `));
    const edited = row?.createdAt != null ? byWhen.get(row.createdAt) : undefined;
    if (!row || !edited || plan.appliedRows.has(edited.id)) return p;
    return {
      ...p,
      migration: edited.id,
      file: edited.sqlPath,
      message: `${edited.sqlPath} was edited after it was applied here: tracking row ${row.id} has its journal time (${row.createdAt}) but another hash`,
      hint: `restore the applied text of ${edited.sqlPath} from version control; ladder migrate would otherwise run it again`,
    };
  });
  const pending = plan.pending.map((e) => e.id);
  return { applied: [...plan.appliedRows.keys()], pending, unknown: unknownRows.length, problems };
}
