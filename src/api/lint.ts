/**
 * `ladder lint`: squawk's rules plus ladder's own, on each migration with the
 * transaction mode ladder will really run it in. No database is opened.
 */
import { ExitCode, LadderError, type Problem } from '../core/errors.js';
import type { MigrationFile, MigrationSource } from '../core/types.js';
import { lintMigration, ownRuleInfo, type LintFinding, type MigrationToLint, type SquawkReport } from '../lint/findings.js';
import { transactionMode, type TransactionMode } from '../lint/rules.js';
import { findSquawk, runSquawk, SQUAWK_INSTALL_HINT } from '../lint/squawk.js';
import { openProject, readSource, type CommonOptions } from './context.js';

export interface LintOptions extends CommonOptions {
  /** migration ids; default: the uncommitted migrations (all of them with `all`) */
  ids?: string[];
  /** every migration of the folder, committed ones included (fake ones never run: skipped) */
  all?: boolean;
  /**
   * 'run' (default): run squawk when it is installed; 'skip': ladder's own
   * rules only (try, commit and verify skip it quietly when it is missing).
   */
  squawk?: 'run' | 'skip';
}

export interface LintedMigration {
  id: string;
  file: string;
  mode: TransactionMode;
  committed: boolean;
}

export interface LintResult {
  migrations: LintedMigration[];
  findings: LintFinding[];
  errors: number;
  warnings: number;
  /** findings dropped by `-- ladder:allow` comments or `[lint] allow` */
  suppressed: number;
  /** whether squawk ran, and why not */
  squawk: { ran: boolean; reason?: string; hint?: string };
}

/** Lint migrations of the project (see LintOptions for which). */
export async function lint(opts: LintOptions = {}): Promise<LintResult> {
  const project = openProject({ ...opts, db: undefined }, { environments: false });
  const source = readSource(project);
  const chosen = chooseMigrations(source, opts);
  return lintFiles(chosen, source, {
    root: project.config.root,
    allow: project.config.lint?.allow ?? [],
    squawk: opts.squawk ?? 'run',
  });
}

function chooseMigrations(source: MigrationSource, opts: LintOptions): MigrationFile[] {
  const committed = new Map(source.committed.map((e) => [e.id, e]));
  if (opts.ids && opts.ids.length > 0) {
    const byId = new Map(source.migrations.map((m) => [m.id, m]));
    const unknown = opts.ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new LadderError(ExitCode.usage, `no migration ${unknown.map((id) => `"${id}"`).join(', ')} in ${source.directory}`, {
        hint: 'ids are journal tags, as `ladder status --offline` lists them',
      });
    }
    return opts.ids.map((id) => byId.get(id)!);
  }
  if (opts.all) return source.migrations.filter((m) => !committed.get(m.id)?.fake);
  return source.migrations.filter((m) => !committed.has(m.id));
}

export interface LintFilesOptions {
  root: string;
  allow: readonly string[];
  squawk: 'run' | 'skip';
}

/** Lint the given migrations of `source`. */
export async function lintFiles(migrations: MigrationFile[], source: MigrationSource, opts: LintFilesOptions): Promise<LintResult> {
  const committedIds = new Set(source.committed.map((e) => e.id));
  const toLint: MigrationToLint[] = migrations.map((m) => ({ id: m.id, file: m.sqlPath, sql: m.sql, mode: transactionMode(m.sql) }));

  let squawkReports: Map<string, SquawkReport[]> | undefined;
  let squawkState: LintResult['squawk'] = { ran: false };
  if (opts.squawk === 'run' && toLint.length > 0) {
    const found = findSquawk(opts.root);
    if (!found.ok) {
      squawkState = { ran: false, reason: found.reason, hint: SQUAWK_INSTALL_HINT };
    } else {
      try {
        squawkReports = new Map();
        for (const inTransaction of [true, false]) {
          const files = toLint.filter((m) => (m.mode === 'transaction') === inTransaction).map((m) => m.file);
          for (const [file, reports] of await runSquawk(found, files, { cwd: opts.root, inTransaction })) squawkReports.set(file, reports);
        }
        squawkState = { ran: true };
      } catch (e) {
        squawkReports = undefined;
        squawkState = { ran: false, reason: e instanceof Error ? e.message : String(e) };
      }
    }
  }

  const findings: LintFinding[] = [];
  let suppressed = 0;
  for (const m of toLint) {
    const reports = squawkReports?.get(normalize(m.file)) ?? (squawkReports ? [] : undefined);
    const one = lintMigration(m, reports, opts.allow);
    findings.push(...one.findings);
    suppressed += one.suppressed;
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    migrations: toLint.map((m) => ({ id: m.id, file: m.file, mode: m.mode, committed: committedIds.has(m.id) })),
    findings,
    errors,
    warnings: findings.length - errors,
    suppressed,
    squawk: squawkState,
  };
}

function normalize(file: string): string {
  return file.split(/[\\/]/).join('/').replace(/^\.\//, '');
}

/**
 * What `verify` fails on, as problems (exit 3): error-level findings of
 * ladder's own rules on uncommitted migrations, and on committed ones (not
 * fake) only the rules whose finding means `ladder migrate` will fail there.
 * Committed history is not re-judged for style: its files are frozen by their
 * hashes. squawk is not run: none of its findings is error-level.
 */
export async function lintProblemsForVerify(source: MigrationSource, root: string, allow: readonly string[]): Promise<Problem[]> {
  const committed = new Map(source.committed.map((e) => [e.id, e]));
  const migrations = source.migrations.filter((m) => !committed.get(m.id)?.fake);
  const result = await lintFiles(migrations, source, { root, allow, squawk: 'skip' });
  return result.findings
    .filter((f) => f.severity === 'error' && (!committed.has(f.migration) || ownRuleInfo(f.rule)?.breaksMigrate === true))
    .map((f) => ({
      kind: `lint-${f.rule}`,
      message: `${f.file}:${f.line}: ${f.message} [${f.rule}]`,
      migration: f.migration,
      file: f.file,
      line: f.line,
      hint: f.safe,
    }));
}
