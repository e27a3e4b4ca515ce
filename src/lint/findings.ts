/**
 * Lint findings: ladder's own rule hits and squawk's reports as one shape,
 * with suppressions (`-- ladder:allow <rule>` on the statement, `[lint] allow`
 * in ladder.toml) and the code frame. Pure.
 */
import { codeFrame } from '../core/parse.js';
import { MigrationChecker, OWN_RULES, type OwnRule, type RuleHit, type Severity, type TransactionMode } from './rules.js';
import { lexMigration, type LexedMigration, type Statement } from './statements.js';

export interface LintFinding {
  rule: string;
  severity: Severity;
  /** who found it */
  source: 'ladder' | 'squawk';
  migration: string;
  /** the SQL file, relative to the project root */
  file: string;
  line: number;
  column?: number;
  message: string;
  /** the safe pattern to follow instead */
  safe?: string;
  /** squawk's page for its rule */
  url?: string;
  /** the SQL around `line` (core/parse.ts codeFrame) */
  frame: string;
}

/** One report of squawk's JSON reporter, already 1-based. */
export interface SquawkReport {
  rule: string;
  level: string;
  line: number;
  column: number;
  message: string;
  help?: string;
}

/**
 * squawk rules ladder does not report, because ladder satisfies them or has
 * its own rule that knows the migration's transaction mode:
 * - require-lock-timeout: ladder sets lock_timeout for every migration (default 5s);
 * - require-statement-timeout: ladder's `statement_timeout` setting and
 *   `-- ladder:statement-timeout` directive are where it is set;
 * - prefer-robust-stmts: no-transaction-not-idempotent (ladder resumes a
 *   no-transaction migration at the failed statement, so only interrupted
 *   statements repeat, and a single-statement migration never does);
 * - ban-concurrent-index-creation-in-transaction: needs-no-transaction
 *   (squawk skips single-statement files; ladder runs them in a transaction);
 * - transaction-nesting, ban-uncommitted-transaction: transaction-control.
 */
export const SQUAWK_RULES_LADDER_SATISFIES = new Set([
  'require-lock-timeout',
  'require-statement-timeout',
  'prefer-robust-stmts',
  'ban-concurrent-index-creation-in-transaction',
  'transaction-nesting',
  'ban-uncommitted-transaction',
]);

const EXPAND_CONTRACT =
  'expand/contract: add the new column or table alongside the old, backfill, switch the application, then drop the old in a later migration';
const NOT_VALID =
  'add the constraint with NOT VALID in one migration (a brief lock), then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later one (no write lock)';
const CONCURRENT_INDEX = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS in its own `-- ladder:no-transaction` migration';

/** ladder's safe pattern for squawk rules it knows; squawk's own help otherwise. */
const SQUAWK_SAFE: Record<string, string> = {
  'adding-required-field': `add the column nullable (or with a constant DEFAULT), backfill it, then SET NOT NULL in a later migration`,
  'adding-not-nullable-field': `add a CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan)`,
  'adding-field-with-default': `add the column without the volatile default, backfill in batches, then set the default`,
  'constraint-missing-not-valid': NOT_VALID,
  'adding-foreign-key-constraint': NOT_VALID,
  'adding-check-constraint': NOT_VALID,
  'disallowed-unique-constraint': `CREATE UNIQUE INDEX CONCURRENTLY in a \`-- ladder:no-transaction\` migration, then ADD CONSTRAINT ... UNIQUE USING INDEX`,
  'adding-primary-key-constraint': `CREATE UNIQUE INDEX CONCURRENTLY in a \`-- ladder:no-transaction\` migration, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX`,
  'require-concurrent-index-creation': CONCURRENT_INDEX,
  'require-concurrent-index-deletion': 'DROP INDEX CONCURRENTLY IF EXISTS in its own `-- ladder:no-transaction` migration',
  'changing-column-type': EXPAND_CONTRACT,
  'renaming-column': EXPAND_CONTRACT,
  'renaming-table': EXPAND_CONTRACT,
  'ban-drop-column': `${EXPAND_CONTRACT}; drop it only once no deployed code reads it`,
  'ban-drop-table': 'drop it only once no deployed code reads it, in a migration of its own',
};

export function ownRuleInfo(rule: string): (typeof OWN_RULES)[OwnRule] | undefined {
  return Object.hasOwn(OWN_RULES, rule) ? OWN_RULES[rule as OwnRule] : undefined;
}

export interface MigrationToLint {
  id: string;
  /** the SQL file relative to the project root */
  file: string;
  sql: string;
  mode: TransactionMode;
}

export interface MigrationLint {
  findings: LintFinding[];
  /** findings dropped by a `-- ladder:allow` comment or `[lint] allow` */
  suppressed: number;
}

/**
 * Lint one migration: ladder's own rules, plus squawk's reports when squawk
 * ran on it, minus what is allowed.
 */
export function lintMigration(m: MigrationToLint, squawk: SquawkReport[] | undefined, projectAllow: readonly string[]): MigrationLint {
  const checker = new MigrationChecker(m.mode);
  const lexed = lexMigration(m.sql, (stmt) => checker.visit(stmt));
  const own = checker.finish();
  const findings: LintFinding[] = [];
  let suppressed = 0;
  own.forEach((hit) => {
    const f = ownFinding(m, hit);
    const allowed =
      allowedByProject(f, projectAllow) ||
      (hit.statement ? hit.statement.allow.includes(f.rule) : lexed.allowAnywhere.includes(f.rule));
    if (allowed) suppressed++;
    else findings.push(f);
  });
  for (const f of squawkFindings(m, squawk ?? [])) {
    if (isAllowed(f, lexed, projectAllow)) suppressed++;
    else findings.push(f);
  }
  return { findings: sortFindings(findings), suppressed };
}

function allowedByProject(f: LintFinding, projectAllow: readonly string[]): boolean {
  return projectAllow.includes(f.rule) || projectAllow.includes(`${f.migration}:${f.rule}`);
}

/** A hit of ladder's own rules as a finding (before suppression). */
function ownFinding(m: MigrationToLint, hit: RuleHit): LintFinding {
  const info = OWN_RULES[hit.rule];
  return {
      rule: hit.rule,
      severity: info.severity,
      source: 'ladder',
      migration: m.id,
      file: m.file,
      line: hit.line,
      message: hit.message,
      safe: info.safe,
    frame: codeFrame(m.sql, hit.line),
  };
}

/** squawk's reports on one migration, as findings, minus the rules ladder satisfies. */
export function squawkFindings(m: MigrationToLint, reports: SquawkReport[]): LintFinding[] {
  const out: LintFinding[] = [];
  for (const r of reports) {
    if (SQUAWK_RULES_LADDER_SATISFIES.has(r.rule)) continue;
    out.push({
      rule: r.rule,
      // squawk reports everything as a warning except what it cannot parse; PostgreSQL is
      // the judge of syntax (try), and squawk's parser is not PostgreSQL's: a warning too
      severity: 'warning',
      source: 'squawk',
      migration: m.id,
      file: m.file,
      line: r.line,
      column: r.column,
      message: r.rule === 'syntax-error' ? `squawk could not parse this: ${r.message}` : r.message,
      safe: SQUAWK_SAFE[r.rule] ?? r.help,
      url: r.rule === 'syntax-error' ? undefined : `https://squawkhq.com/docs/${r.rule}`,
      frame: codeFrame(m.sql, r.line, 2, r.column),
    });
  }
  return out;
}

/**
 * Whether a finding is allowed: by the project (`[lint] allow`, a rule name or
 * `<migration id>:<rule>` for one migration, the way to quiet a committed
 * migration whose file may not change), or by a `-- ladder:allow <rule>`
 * comment on the statement at the finding's line (for a finding about the
 * whole file, anywhere in the file).
 */
export function isAllowed(f: LintFinding, lexed: LexedMigration, projectAllow: readonly string[]): boolean {
  if (allowedByProject(f, projectAllow)) return true;
  const stmt = statementAt(lexed.statements, f.line);
  if (stmt) return stmt.allow.includes(f.rule);
  return lexed.allowAnywhere.includes(f.rule);
}

function statementAt(statements: Statement[], line: number): Statement | undefined {
  return statements.find((s) => s.startLine <= line && line <= s.endLine);
}

/** By file, then line. */
export function sortFindings(findings: LintFinding[]): LintFinding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule),
  );
}
