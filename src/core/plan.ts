/**
 * Pure planning: from the folder, the ledger and one database's rows, decide
 * each migration's state, what is wrong, and what `migrate` would do.
 * No I/O here, so every rule has a table-driven unit test (test/unit/core).
 */
import { ExitCode, LadderError, problemsError, type Problem } from './errors.js';
import type { MigrationMode, RunPlan } from './modes.js';
import type { AppliedBy } from './history.js';
import type {
  AppliedRow,
  CommittedEntry,
  DatabaseState,
  MigrationFile,
  MigrationSource,
  MigrationState,
  TryRow,
} from './types.js';

export interface StatusRow {
  id: string;
  state: MigrationState;
  committed: boolean;
  fake: boolean;
  /** the journal's `when`, when the migration is in the folder */
  when?: number;
  file?: string;
  /** tracking-table row id, when applied */
  appliedRowId?: number;
  /** the try, when tried */
  triedAt?: Date;
  /** tried: why its revert check failed at try time (status shows `revert unverified`; commit refuses it) */
  revertUnverified?: string;
  /** partial: how many statements ran and committed (the next migrate resumes after them) */
  statementsDone?: number;
  /** applied, but a rollback of its no-transaction revert stopped after this many statements (the next rollback resumes) */
  rollbackStatementsDone?: number;
  /** the migration's transaction mode, when it was read (status --all, migrate --dry-run) */
  mode?: MigrationMode;
  /** applied: when, how long it ran and by what (from __ladder_log; absent when ladder has no record) */
  appliedAt?: Date;
  durationMs?: number;
  appliedBy?: AppliedBy;
}

export interface SourcePlan {
  rows: StatusRow[];
  problems: Problem[];
}

/**
 * Problems visible without a database: the ledger against the files.
 * committed.toml freezes the SQL and the revert file of each committed migration.
 */
export function verifySource(source: MigrationSource): Problem[] {
  const problems: Problem[] = [];
  const files = indexById(source.migrations);
  for (const entry of source.committed) {
    const file = files.get(entry.id);
    if (!file) {
      problems.push({
        kind: 'missing',
        migration: entry.id,
        file: source.committedPath,
        line: entry.line,
        message: `${source.committedPath}${entry.line ? `:${entry.line}` : ''}: ${entry.id} is committed but not in the migrations folder's journal`,
        hint: 'restore the migration files from version control; committed migrations are never deleted',
      });
      continue;
    }
    if (file.hash !== entry.hash) {
      problems.push({
        kind: 'modified',
        migration: entry.id,
        file: file.sqlPath,
        message: `${file.sqlPath} was edited after it was committed (sha256 ${short(file.hash)}, committed ${short(entry.hash)})`,
        hint: 'restore the committed file (git checkout) and put the change in a new migration',
      });
    }
    if (!file.revert) {
      problems.push({
        kind: 'revert-missing',
        migration: entry.id,
        file: file.revertPath,
        message: `${file.revertPath} is missing; ${entry.id} was committed with it`,
        hint: 'restore it from version control',
      });
    } else if (file.revert.hash !== entry.revertHash) {
      problems.push({
        kind: 'revert-modified',
        migration: entry.id,
        file: file.revertPath,
        message: `${file.revertPath} was edited after ${entry.id} was committed (sha256 ${short(file.revert.hash)}, committed ${short(entry.revertHash)})`,
        hint: 'restore the committed revert file (git checkout)',
      });
    }
  }
  return problems;
}

/** Status rows without a database (`status --offline`). */
export function planOffline(source: MigrationSource): SourcePlan {
  const committedIds = new Set(source.committed.map((e) => e.id));
  const files = indexById(source.migrations);
  const rows: StatusRow[] = [];
  for (const entry of source.committed) {
    const file = files.get(entry.id);
    rows.push({
      id: entry.id,
      state: !file ? 'missing' : file.hash !== entry.hash ? 'modified' : 'committed',
      committed: true,
      fake: entry.fake,
      when: file?.when,
      file: file?.sqlPath,
    });
  }
  for (const file of source.migrations) {
    if (committedIds.has(file.id)) continue;
    rows.push({ id: file.id, state: 'uncommitted', committed: false, fake: false, when: file.when, file: file.sqlPath });
  }
  return { rows, problems: verifySource(source) };
}

export interface EnvironmentPlan extends SourcePlan {
  /** committed entries not applied here, in apply order */
  pending: CommittedEntry[];
  /** committed entries with their matched tracking row */
  appliedRows: Map<string, AppliedRow>;
  /** tries of migrations that are committed now (adopted by migrate/commit) */
  committedTries: TryRow[];
}

/**
 * Match drizzle's tracking rows to committed entries and give every migration
 * its state in one environment. Rows are matched by hash (what drizzle stores),
 * preferring a row whose created_at equals the journal's `when`, so two
 * migrations with identical SQL (two empty custom migrations) still match one row each.
 */
export interface DatabaseContext {
  /** the environment's database is a local PGlite data directory (shown as this path): recreating it is cheap */
  localDatabase?: string;
}

export function planEnvironment(source: MigrationSource, state: DatabaseState, environment?: string, context: DatabaseContext = {}): EnvironmentPlan {
  const files = indexById(source.migrations);
  const problems = verifySource(source).map((p) => ({ ...p, environment }));
  const unmatched = [...state.applied].sort((a, b) => a.id - b.id);
  const appliedRows = new Map<string, AppliedRow>();
  // drizzle-orm 1.0 decides by name: a named row is its migration's, whatever
  // its hash (which drizzle never compares, and ladder does).
  if (source.format === 'folders') {
    for (const entry of source.committed) {
      const at = unmatched.findIndex((r) => r.name === entry.id);
      if (at < 0) continue;
      const row = unmatched[at]!;
      unmatched.splice(at, 1);
      appliedRows.set(entry.id, row);
      if (row.hash !== entry.hash) {
        problems.push({
          kind: 'applied-differs',
          environment,
          migration: entry.id,
          file: files.get(entry.id)?.sqlPath,
          message: `${entry.id} was applied here from different SQL than committed (tracking row ${row.id}: sha256 ${short(row.hash)}, committed ${short(entry.hash)})`,
          hint: 'the migration was edited after it reached this database; restore the applied SQL and put the change in a new migration',
        });
      }
    }
  }
  // Two passes: every exact (hash, created_at) match first, so a later
  // migration's row is never taken by an earlier one with the same SQL.
  for (const exact of [true, false]) {
    for (const entry of source.committed) {
      if (appliedRows.has(entry.id)) continue;
      const when = files.get(entry.id)?.when;
      const at = unmatched.findIndex((r) => r.hash === entry.hash && (!exact || r.createdAt === when));
      if (at >= 0) {
        appliedRows.set(entry.id, unmatched[at]!);
        unmatched.splice(at, 1);
      }
    }
  }

  const rows: StatusRow[] = [];
  const pending: CommittedEntry[] = [];
  const committedIds = new Set(source.committed.map((e) => e.id));
  const tries = new Map(state.tries.map((t) => [t.migrationId, t]));
  const committedTries: TryRow[] = [];

  for (const entry of source.committed) {
    const file = files.get(entry.id);
    const row = appliedRows.get(entry.id);
    const tried = tries.get(entry.id);
    if (tried) committedTries.push(tried);
    const partial = row ? undefined : state.partials?.find((p) => p.migrationId === entry.id && p.hash === entry.hash);
    const stoppedRollback = row ? state.partials?.find((p) => p.migrationId === entry.id && p.hash === entry.revertHash) : undefined;
    let st: MigrationState;
    if (!file) st = 'missing';
    else if (file.hash !== entry.hash) st = 'modified';
    else if (row) st = entry.fake || state.fakeHashes.has(entry.hash) ? 'applied (fake)' : 'applied';
    else st = partial ? 'partial' : 'pending';
    if (!row && file) pending.push(entry);
    rows.push({
      id: entry.id,
      state: st,
      committed: true,
      fake: entry.fake || (row !== undefined && state.fakeHashes.has(entry.hash)),
      when: file?.when,
      file: file?.sqlPath,
      appliedRowId: row?.id,
      triedAt: tried?.triedAt,
      ...(partial ? { statementsDone: partial.statementsDone } : {}),
      ...(stoppedRollback ? { rollbackStatementsDone: stoppedRollback.statementsDone } : {}),
    });
    if (tried && !row && tried.hash !== entry.hash) {
      problems.push({
        kind: 'tried-differs',
        environment,
        migration: entry.id,
        file: file?.sqlPath,
        message: `${entry.id} is committed, but this database holds a try of it with different SQL (tried ${short(tried.hash)}, committed ${short(entry.hash)})`,
        hint: `revert the old try with \`ladder untry ${entry.id}\`, then run ladder migrate`,
      });
    }
  }

  for (const file of source.migrations) {
    if (committedIds.has(file.id)) continue;
    const tried = tries.get(file.id);
    rows.push({
      id: file.id,
      state: tried ? (isStale(tried, file) ? 'tried (stale)' : 'tried') : 'uncommitted',
      committed: false,
      fake: false,
      when: file.when,
      file: file.sqlPath,
      triedAt: tried?.triedAt,
      ...(tried?.revertUnverified ? { revertUnverified: tried.revertUnverified } : {}),
    });
  }
  // A try whose files are gone from the folder: still in the database, revert it.
  for (const t of state.tries) {
    if (!files.has(t.migrationId) && !committedIds.has(t.migrationId)) {
      rows.push({ id: t.migrationId, state: 'tried (stale)', committed: false, fake: false, triedAt: t.triedAt });
    }
  }

  for (const r of unmatched) {
    // a second row for a migration that already has one (a double application, issue 14): say so
    const duplicateOf = source.committed.find((e) => e.hash === r.hash && appliedRows.has(e.id));
    if (duplicateOf) {
      const first = appliedRows.get(duplicateOf.id)!;
      rows.push({ id: `${duplicateOf.id} (again)`, state: 'unknown', committed: false, fake: false, appliedRowId: r.id, when: r.createdAt ?? undefined });
      problems.push({
        kind: 'duplicate-row',
        environment,
        migration: duplicateOf.id,
        message: `${duplicateOf.id} is recorded twice as applied (tracking rows ${first.id} and ${r.id}): it may have run twice`,
        hint: `check that its effects are as intended, then delete the later row (id ${r.id}) from the tracking table`,
      });
      continue;
    }
    const sameSql = source.migrations.find((m) => m.hash === r.hash);
    const id = sameSql?.id ?? r.name ?? `row ${r.id}`;
    rows.push({ id, state: 'unknown', committed: false, fake: false, appliedRowId: r.id, when: r.createdAt ?? undefined });
    problems.push({
      kind: 'unknown',
      environment,
      migration: sameSql?.id,
      message: sameSql
        ? `${sameSql.id} is recorded as applied (row ${r.id}) but is not in committed.toml`
        : `tracking row ${r.id} (${r.name ? `name ${r.name}, ` : ''}hash ${short(r.hash)}, created_at ${r.createdAt ?? 'null'}) matches no committed migration`,
      hint: sameSql
        ? `it was applied outside ladder (drizzle-kit migrate?): commit it with \`ladder commit --untried\` if it belongs`
        : context.localDatabase !== undefined
          ? `a migration from another branch, or one since deleted, was applied to this local dev database: recreate it (delete ${context.localDatabase}, then \`ladder migrate\` and \`ladder try\`)`
          : 'a migration was applied from another branch or its file was deleted; restore it, or delete the row if you are sure',
    });
  }

  return { rows, problems, pending, appliedRows, committedTries };
}

/** A try is stale when the files changed since it was applied. */
export function isStale(tried: TryRow, file: MigrationFile): boolean {
  return tried.hash !== file.hash || tried.revertHash !== (file.revert?.hash ?? '');
}

export type StepAction = 'run' | 'fake' | 'adopt-try';

export interface MigrationStep {
  id: string;
  action: StepAction;
  hash: string;
  when: number;
  file: MigrationFile;
  /** this database holds a try of it, removed once the migration is recorded */
  hadTry?: boolean;
  /** drizzle-orm 1.0's tracking `name` (1.0 folders only): its tracking row carries it */
  name?: string;
  /** a no-transaction or segmented migration stopped part way: statements already run and committed */
  statementsDone?: number;
  /** how it runs (set by the API once the migration has been read: core/modes.ts) */
  run?: RunPlan;
}

export interface MigrateOptions extends DatabaseContext {
  to?: string;
  fake?: string[];
}

/**
 * What `migrate` runs, in committed order. Throws LadderError(3) listing every
 * integrity problem, because nothing may be applied when anything is wrong.
 *
 * drizzle-orm#5316/#5769: drizzle-orm 0.4x applies a migration only when its
 * `when` is newer than the newest applied row's created_at and skips it
 * silently otherwise (a migration from a branch merged late). ladder decides
 * by hash against committed.toml, never by `when`: every committed migration
 * not applied here is applied, in committed order.
 */
export function planMigrate(
  source: MigrationSource,
  state: DatabaseState,
  options: MigrateOptions = {},
  environment?: string,
): { steps: MigrationStep[]; plan: EnvironmentPlan } {
  const plan = planEnvironment(source, state, environment, options);
  const committedIds = source.committed.map((e) => e.id);
  checkIdsCommitted(options.to ? [options.to] : [], committedIds, '--to', environment);
  checkIdsCommitted(options.fake ?? [], committedIds, '--fake', environment);
  for (const id of options.fake ?? []) {
    if (plan.appliedRows.has(id)) {
      throw new LadderError(ExitCode.usage, `--fake ${id}: ${id} is already applied in ${environment ?? 'this environment'}`, {
        environment,
        migration: id,
      });
    }
  }

  // Nothing may be applied when anything is wrong.
  if (plan.problems.length > 0) throw integrityError(plan.problems, environment);
  const files = indexById(source.migrations);
  const tries = new Map(state.tries.map((t) => [t.migrationId, t]));
  const fakeIds = new Set(options.fake ?? []);
  const steps: MigrationStep[] = [];
  const stopAt = options.to ? committedIds.indexOf(options.to) : committedIds.length - 1;
  for (const id of options.fake ?? []) {
    if (committedIds.indexOf(id) > stopAt) {
      throw new LadderError(ExitCode.usage, `--fake ${id} is after --to ${options.to}: it would not be recorded`, {
        environment,
        migration: id,
        hint: `raise --to to ${id}, or drop --fake ${id}`,
      });
    }
  }

  for (const [i, entry] of source.committed.entries()) {
    if (i > stopAt) break;
    if (plan.appliedRows.has(entry.id)) continue;
    const file = files.get(entry.id);
    if (!file || file.hash !== entry.hash) continue; // already reported as missing/modified
    const tried = tries.get(entry.id);
    const action: StepAction = fakeIds.has(entry.id) || entry.fake ? 'fake' : tried?.hash === entry.hash ? 'adopt-try' : 'run';
    const partial = state.partials?.find((p) => p.migrationId === entry.id && p.hash === entry.hash);
    steps.push({
      id: entry.id,
      action,
      hash: entry.hash,
      when: file.when,
      file,
      hadTry: tried !== undefined,
      ...trackedName(source, entry.id),
      ...(partial && action === 'run' ? { statementsDone: partial.statementsDone } : {}),
    });
  }

  return { steps, plan };
}

/**
 * `baseline`: record committed migrations up to `to` as applied without
 * running them, for a database whose schema already exists.
 */
export function planBaseline(
  source: MigrationSource,
  state: DatabaseState,
  to: string | undefined,
  environment?: string,
): MigrationStep[] {
  const plan = planEnvironment(source, state, environment);
  if (plan.problems.length > 0) throw integrityError(plan.problems, environment);
  const committedIds = source.committed.map((e) => e.id);
  checkIdsCommitted(to ? [to] : [], committedIds, '--to', environment);
  if (source.committed.length === 0) {
    throw new LadderError(ExitCode.usage, 'nothing to baseline: committed.toml lists no migration', {
      environment,
      hint: 'commit the migrations that describe the existing schema first: `ladder commit --untried`',
    });
  }
  const applied = [...plan.appliedRows.keys()];
  if (applied.length > 0) {
    throw new LadderError(
      ExitCode.usage,
      `baseline refused in ${environment ?? 'this environment'}: ${applied.length} migration(s) already applied (${applied.slice(0, 3).join(', ')}${applied.length > 3 ? ', …' : ''})`,
      { environment, hint: 'baseline is for a database that ladder has never migrated; use `ladder migrate --fake <id>` to mark one migration' },
    );
  }
  const stopAt = to ? committedIds.indexOf(to) : committedIds.length - 1;
  const files = indexById(source.migrations);
  return source.committed.slice(0, stopAt + 1).map((entry) => {
    const file = files.get(entry.id)!;
    return { id: entry.id, action: 'fake' as const, hash: entry.hash, when: file.when, file, ...trackedName(source, entry.id) };
  });
}

export function integrityError(problems: Problem[], environment?: string): LadderError {
  return problemsError(ExitCode.integrity, problems, `${problems.length} integrity problems${environment ? ` in ${environment}` : ''}`, { environment });
}

function checkIdsCommitted(ids: string[], committedIds: string[], flag: string, environment?: string): void {
  for (const id of ids) {
    if (!committedIds.includes(id)) {
      throw new LadderError(ExitCode.usage, `${flag} ${id}: no committed migration has that id`, {
        environment,
        migration: id,
        hint: committedIds.length > 0 ? `committed ids run from ${committedIds[0]} to ${committedIds.at(-1)}` : 'nothing is committed yet',
      });
    }
  }
}



/** The tracking row's name, as the drizzle-orm that reads this folder writes it: 1.0 names rows, 0.x does not. */
export function trackedName(source: MigrationSource, id: string): { name?: string } {
  return source.format === 'folders' ? { name: id } : {};
}

export function indexById(migrations: MigrationFile[]): Map<string, MigrationFile> {
  return new Map(migrations.map((m) => [m.id, m]));
}

function short(hash: string): string {
  return hash.slice(0, 12);
}

