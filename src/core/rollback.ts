/**
 * `rollback` rules: which applied committed migrations to revert, newest
 * first, with which committed revert files, or why not. Pure: the caller
 * reads the folder and the database, this decides.
 */
import { ExitCode, LadderError } from './errors.js';
import { migrationDirectives } from './modes.js';
import { revertDirectives, splitStatements } from './parse.js';
import { indexById, integrityError, planEnvironment } from './plan.js';
import type { DatabaseState, MigrationFile, MigrationSource } from './types.js';

export interface RollbackSelect {
  /** how many applied migrations to revert (default 1) */
  steps?: number;
  /** revert every applied migration after this one (it stays applied) */
  to?: string;
  /** also revert migrations recorded without running (fake, baseline) */
  includeFake?: boolean;
}

export interface RollbackStep {
  id: string;
  file: MigrationFile;
  /** drizzle's tracking row to delete with the revert */
  trackingRowId: number;
  hash: string;
  fake: boolean;
  /** the committed revert file's statements (breakpoint-separated, as they run) */
  statements: string[];
  /**
   * the migration (or its revert file) is `-- ladder:no-transaction`: its
   * revert runs statement by statement outside a transaction, with progress
   * in __ladder_partial (keyed by the revert file's hash), as its migration did
   */
  noTransaction: boolean;
  /** revert statements an earlier rollback ran and committed before it stopped: this one resumes after them */
  statementsDone?: number;
}

/**
 * The reverts to run in one environment, newest first. Throws exit 3 on any
 * integrity problem (an edited revert file among them: its hash no longer
 * matches committed.toml), exit 2 for a selection that cannot be honoured.
 */
export function planRollback(source: MigrationSource, state: DatabaseState, select: RollbackSelect, environment?: string): RollbackStep[] {
  const where = environment ?? 'this environment';
  if (select.steps !== undefined && select.to !== undefined) {
    throw new LadderError(ExitCode.usage, 'rollback: give --steps or --to, not both', { environment });
  }
  if (select.steps !== undefined && (!Number.isSafeInteger(select.steps) || select.steps < 1)) {
    throw new LadderError(ExitCode.usage, `rollback --steps ${select.steps}: not a positive whole number`, { environment });
  }
  const plan = planEnvironment(source, state, environment);
  // The reverts that would run are hash-checked with everything else: nothing runs when anything is wrong.
  if (plan.problems.length > 0) throw integrityError(plan.problems, environment);

  const applied = source.committed.filter((e) => plan.appliedRows.has(e.id));
  let chosen: typeof applied;
  if (select.to !== undefined) {
    const to = select.to;
    const at = applied.findIndex((e) => e.id === to);
    if (at < 0) {
      const committed = source.committed.some((e) => e.id === to);
      throw new LadderError(
        ExitCode.usage,
        committed ? `rollback --to ${to}: ${to} is not applied in ${where}` : `rollback --to ${to}: no committed migration has that id`,
        { environment, migration: to, hint: applied.length > 0 ? `applied here: ${applied.map((e) => e.id).join(', ')}` : 'nothing is applied here' },
      );
    }
    chosen = applied.slice(at + 1);
  } else {
    const n = select.steps ?? 1;
    if (n > applied.length) {
      throw new LadderError(ExitCode.usage, `rollback --steps ${n}: only ${applied.length} committed migration${applied.length === 1 ? ' is' : 's are'} applied in ${where}`, {
        environment,
        hint: applied.length > 0 ? `\`ladder rollback --steps ${applied.length}\` reverts them all` : undefined,
      });
    }
    chosen = applied.slice(applied.length - n);
  }

  const files = indexById(source.migrations);
  return chosen.reverse().map((entry) => {
    const file = files.get(entry.id)!; // present and unmodified: no problems above
    const revert = file.revert!;
    const directives = revertDirectives(revert.sql);
    if (directives.irreversible || directives.todo) {
      throw new LadderError(
        ExitCode.usage,
        `rollback refused: ${entry.id} cannot be reverted (${file.revertPath} is ${directives.irreversible ? 'marked -- ladder:irreversible' : 'still a ladder:todo'})`,
        {
          environment,
          migration: entry.id,
          file: file.revertPath,
          hint:
            chosen.length > 1
              ? `roll back only what comes after it: \`ladder rollback --to ${entry.id}\`; undo the rest with a new migration`
              : 'undo it with a new migration instead',
        },
      );
    }
    const fake = entry.fake || state.fakeHashes.has(entry.hash);
    if (fake && !select.includeFake) {
      throw new LadderError(ExitCode.usage, `rollback refused: ${entry.id} was recorded without running (fake or baseline)`, {
        environment,
        migration: entry.id,
        hint: 'its revert would undo something ladder never ran; add --include-fake if that schema must go',
      });
    }
    // A stopped rollback's progress: the revert's hash, never the migration's (a stopped migrate's).
    const partial = state.partials?.find((p) => p.migrationId === entry.id && p.hash === entry.revertHash);
    return {
      id: entry.id,
      file,
      trackingRowId: plan.appliedRows.get(entry.id)!.id,
      hash: entry.hash,
      fake,
      statements: splitStatements(revert.sql),
      noTransaction: migrationDirectives(file.sql).noTransaction || migrationDirectives(revert.sql).noTransaction,
      ...(partial ? { statementsDone: partial.statementsDone } : {}),
    };
  });
}
