// Findings: squawk's reports mapped, the rules ladder satisfies dropped, suppressions.
import { describe, expect, it } from 'vitest';
import { lintMigration, type MigrationToLint, type SquawkReport } from '../../../src/lint/findings.js';
import { transactionMode } from '../../../src/lint/rules.js';

function migration(sql: string, id = '0001_x'): MigrationToLint {
  return { id, file: `drizzle/${id}.sql`, sql, mode: transactionMode(sql) };
}

function run(sql: string, squawk?: SquawkReport[], allow: string[] = []) {
  const m = migration(sql);
  return lintMigration(m, squawk, allow);
}

const report = (rule: string, line: number, column = 1): SquawkReport => ({ rule, level: 'Warning', line, column, message: `${rule} says so`, help: 'squawk help' });

const ADD_NOT_NULL = `ALTER TABLE "users" ADD COLUMN "email" text NOT NULL;--> statement-breakpoint
CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");`;

describe('lintMigration', () => {
  it('maps squawk reports to warnings with ladder safe pattern and a code frame', () => {
    const { findings } = run(ADD_NOT_NULL, [report('adding-required-field', 1, 21)]);
    const f = findings.find((x) => x.rule === 'adding-required-field')!;
    expect(f).toMatchObject({ severity: 'warning', source: 'squawk', file: 'drizzle/0001_x.sql', line: 1, column: 21 });
    expect(f.safe).toMatch(/nullable.*backfill.*SET NOT NULL/);
    expect(f.url).toBe('https://squawkhq.com/docs/adding-required-field');
    expect(f.frame).toContain('> 1 | ALTER TABLE "users" ADD COLUMN "email" text NOT NULL;');
    expect(f.frame).toMatch(/\|\s{21}\^/);
  });

  it("keeps squawk's help for rules ladder has no pattern for", () => {
    const { findings } = run('CREATE TABLE t (id serial);', [report('prefer-identity', 1, 17)]);
    expect(findings[0]!.safe).toBe('squawk help');
  });

  it('drops the squawk rules ladder satisfies or replaces', () => {
    const rules = ['require-lock-timeout', 'require-statement-timeout', 'prefer-robust-stmts', 'ban-concurrent-index-creation-in-transaction', 'transaction-nesting', 'ban-uncommitted-transaction'];
    const { findings } = run('SELECT 1;', rules.map((r) => report(r, 1)));
    expect(findings).toEqual([]);
  });

  it("reports ladder's own findings as errors with the safe pattern", () => {
    const { findings } = run(ADD_NOT_NULL);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'needs-no-transaction', severity: 'error', source: 'ladder', line: 2, safe: expect.stringContaining('-- ladder:no-transaction') }),
    ]);
  });

  it('a squawk syntax error is a warning: PostgreSQL decides', () => {
    const { findings } = run('SELEC 1;', [{ ...report('syntax-error', 1), level: 'Error' }]);
    expect(findings[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('squawk could not parse') });
  });
});

describe('suppressions', () => {
  const SQL = `ALTER TABLE "users" ADD COLUMN "email" text NOT NULL;--> statement-breakpoint
-- ladder:allow needs-no-transaction
CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");`;

  it('-- ladder:allow on the statement allows that rule there only', () => {
    const r = run(SQL, [report('adding-required-field', 1, 21), report('require-concurrent-index-creation', 3)]);
    expect(r.findings.map((f) => f.rule)).toEqual(['adding-required-field', 'require-concurrent-index-creation']);
    expect(r.suppressed).toBe(1);
  });

  it('-- ladder:allow names squawk rules too', () => {
    const sql = 'ALTER TABLE "users" ADD COLUMN "email" text NOT NULL; -- ladder:allow adding-required-field';
    const r = run(sql, [report('adding-required-field', 1, 21)]);
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(1);
  });

  it('an allow for another rule or another statement does not count', () => {
    const sql = '-- ladder:allow prefer-identity\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);';
    expect(run(sql).findings.map((f) => f.rule)).toEqual(['needs-no-transaction']);
  });

  it('[lint] allow: a rule everywhere, or `<id>:<rule>` in one migration', () => {
    const squawk = [report('adding-required-field', 1, 21)];
    expect(run(ADD_NOT_NULL, squawk, ['adding-required-field']).findings.map((f) => f.rule)).toEqual(['needs-no-transaction']);
    expect(run(ADD_NOT_NULL, squawk, ['0001_x:needs-no-transaction']).findings.map((f) => f.rule)).toEqual(['adding-required-field']);
    expect(run(ADD_NOT_NULL, squawk, ['0002_y:needs-no-transaction']).findings).toHaveLength(2);
  });

  it('a file-level finding (empty migration) is allowed by a comment anywhere in the file', () => {
    expect(run('-- ladder:allow empty-migration\n-- kept on purpose').findings).toEqual([]);
    expect(run('-- kept on purpose').findings.map((f) => f.rule)).toEqual(['empty-migration']);
  });
});
