// Table-driven tests of rollback's pure rules: which objects a revert's
// statements would drop with their data (core/data-loss.ts), and which
// migrations a rollback reverts, or why not (core/rollback.ts).
import { describe, expect, it } from 'vitest';
import { describeProbe, lossProbes } from '../../../src/core/data-loss.js';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import { planRollback, type RollbackSelect, type RollbackStep } from '../../../src/core/rollback.js';
import type { AppliedRow, CommittedEntry, DatabaseState, MigrationFile, MigrationSource } from '../../../src/core/types.js';
import { thrown } from '../../helpers/errors.js';

const BP = '\n--> statement-breakpoint\n';

describe('lossProbes', () => {
  const cases: { name: string; sql: string; want: string[] }[] = [
    { name: 'drizzle-kit DROP TABLE ... CASCADE', sql: 'DROP TABLE "comments" CASCADE;', want: ['1: table "comments"'] },
    { name: 'qualified, IF EXISTS, a list', sql: 'DROP TABLE IF EXISTS "public"."a", b;', want: ['1: table "public"."a"', '1: table "b"'] },
    { name: 'unquoted names fold to lower case', sql: 'drop table Users;', want: ['1: table "users"'] },
    { name: 'quoted names keep their case and quotes', sql: 'DROP TABLE "We""ird";', want: ['1: table "We""ird"'] },
    { name: 'ALTER TABLE DROP COLUMN', sql: 'ALTER TABLE "users" DROP COLUMN "email";', want: ['1: column "users"."email"'] },
    { name: 'DROP without COLUMN, several actions', sql: 'ALTER TABLE ONLY t DROP a, DROP COLUMN IF EXISTS "B", ADD COLUMN c int;', want: ['1: column "t"."a"', '1: column "t"."B"'] },
    { name: 'DROP CONSTRAINT and DROP DEFAULT are not columns', sql: 'ALTER TABLE "p" DROP CONSTRAINT "p_fk";' + BP + 'ALTER TABLE "p" ALTER COLUMN "x" DROP DEFAULT;', want: [] },
    {
      name: 'an enum re-created with fewer values (drizzle-kit)',
      sql: ['ALTER TABLE "c" ALTER COLUMN "mood" SET DATA TYPE text;', 'DROP TYPE "public"."mood";', `CREATE TYPE "public"."mood" AS ENUM('ok', 'it''s');`].join(BP),
      want: ['2: enum "public"."mood" keep ok,it\'s'],
    },
    { name: 'an enum dropped for good', sql: 'DROP TYPE "public"."status";', want: ['1: enum "public"."status"'] },
    { name: 'a sequence', sql: 'DROP SEQUENCE "s";', want: ['1: sequence "s"'] },
    { name: 'statement numbers are breakpoint pieces', sql: `CREATE TABLE x (id int);${BP}DROP INDEX "i";${BP}DROP TABLE "y";`, want: ['3: table "y"'] },
    { name: 'comments are not read', sql: '-- DROP TABLE "nope";\n/* DROP TABLE "nope2" */ DELETE FROM "t";', want: [] },
    { name: 'two statements in one piece', sql: 'DROP TABLE a; DROP TABLE b;', want: ['1: table "a"', '1: table "b"'] },
    { name: 'nothing dropped', sql: 'CREATE INDEX "i" ON "t" ("a");', want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = lossProbes(c.sql).map(({ statement, probe }) => `${statement}: ${describeProbe(probe)}${probe.kind === 'enum' && probe.keep ? ` keep ${probe.keep.join(',')}` : ''}`);
      expect(got).toEqual(c.want);
    });
  }
});

// ---------------------------------------------------------------------------

function mig(n: number, name: string, opts: { revert?: string; sql?: string } = {}): MigrationFile {
  const id = `${String(n).padStart(4, '0')}_${name}`;
  const sql = opts.sql ?? `CREATE TABLE "${name}" ("id" serial);`;
  const revert = opts.revert ?? `DROP TABLE "${name}";`;
  return {
    id,
    index: n,
    when: 1_790_000_000_000 + n,
    sqlPath: `drizzle/${id}.sql`,
    sql,
    hash: sha256Hex(sql),
    revertPath: `drizzle/${id}.revert.sql`,
    revert: { sql: revert, hash: sha256Hex(revert), todo: revert.startsWith('-- ladder:todo'), irreversible: revert.includes('-- ladder:irreversible') },
  };
}
const entry = (f: MigrationFile, fake = false): CommittedEntry => ({ id: f.id, hash: f.hash, revertHash: f.revert!.hash, fake });
const row = (id: number, f: MigrationFile): AppliedRow => ({ id, hash: f.hash, createdAt: f.when });

const A = mig(0, 'a');
const B = mig(1, 'b');
const C = mig(2, 'c');
const IRR = mig(2, 'irr', { revert: '-- ladder:irreversible data is gone\n' });
// a todo committed by `ladder adopt` (its first line stays a ladder:todo): comments only, nothing to run
const TODO = mig(2, 'todo', { revert: '-- ladder:todo 0002_todo was committed by ladder adopt without revert SQL\n-- why: ambiguous diff\n' });
const NOTX = mig(2, 'notx', { sql: '-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY "i" ON "a" ("id");', revert: 'DROP INDEX CONCURRENTLY "i";' });
const NOTX_REVERT = mig(2, 'notx2', { revert: '-- ladder:no-transaction\nDROP TABLE "notx2";' });

function src(files: MigrationFile[], fake: string[] = []): MigrationSource {
  return { directory: '/p/drizzle', format: 'journal', migrations: files, committed: files.map((f) => entry(f, fake.includes(f.id))), committedPath: 'drizzle/committed.toml' };
}
function st(applied: MigrationFile[], fakeHashes: string[] = []): DatabaseState {
  return { applied: applied.map((f, i) => row(i + 1, f)), tries: [], fakeHashes: new Set(fakeHashes) };
}

describe('planRollback', () => {
  const cases: { name: string; source: MigrationSource; state: DatabaseState; select: RollbackSelect; ids?: string[]; steps?: Partial<RollbackStep>[]; error?: [number, RegExp] }[] = [
    { name: 'default: the newest applied', source: src([A, B, C]), state: st([A, B, C]), select: {}, ids: [C.id] },
    { name: 'only applied ones count (C pending)', source: src([A, B, C]), state: st([A, B]), select: {}, ids: [B.id] },
    { name: '--steps 2, newest first', source: src([A, B, C]), state: st([A, B, C]), select: { steps: 2 }, ids: [C.id, B.id] },
    { name: '--to is exclusive', source: src([A, B, C]), state: st([A, B, C]), select: { to: A.id }, ids: [C.id, B.id] },
    { name: '--to the newest: nothing', source: src([A, B, C]), state: st([A, B, C]), select: { to: C.id }, ids: [] },
    { name: '--to a pending one', source: src([A, B, C]), state: st([A]), select: { to: C.id }, error: [ExitCode.usage, /0002_c is not applied in dev/] },
    { name: '--steps and --to', source: src([A]), state: st([A]), select: { steps: 1, to: A.id }, error: [ExitCode.usage, /not both/] },
    { name: '--steps 0', source: src([A]), state: st([A]), select: { steps: 0 }, error: [ExitCode.usage, /not a positive whole number/] },
    { name: 'nothing applied', source: src([A]), state: st([]), select: {}, error: [ExitCode.usage, /only 0 committed migrations are applied/] },
    { name: 'irreversible, named', source: src([A, IRR]), state: st([A, IRR]), select: {}, error: [ExitCode.usage, /0002_irr cannot be reverted \(.*irreversible\)/] },
    { name: 'a todo revert (adopted), named', source: src([A, TODO]), state: st([A, TODO]), select: {}, error: [ExitCode.usage, /0002_todo cannot be reverted \(.*still a ladder:todo\)/] },
    { name: 'irreversible below --to is not touched', source: src([IRR, B].map((f, i) => ({ ...f, index: i }))), state: st([IRR, B]), select: {}, ids: [B.id] },
    { name: 'fake refused', source: src([A, B], [B.id]), state: st([A, B]), select: {}, error: [ExitCode.usage, /0001_b was recorded without running/] },
    { name: 'fake by the log (baseline) refused', source: src([A, B]), state: st([A, B], [B.hash]), select: {}, error: [ExitCode.usage, /recorded without running/] },
    { name: 'fake with --include-fake', source: src([A, B], [B.id]), state: st([A, B]), select: { includeFake: true }, ids: [B.id] },
    { name: 'no-transaction: its revert runs one by one', source: src([A, NOTX]), state: st([A, NOTX]), select: {}, ids: [NOTX.id], steps: [{ noTransaction: true }] },
    { name: 'the revert file alone says no-transaction', source: src([A, NOTX_REVERT]), state: st([A, NOTX_REVERT]), select: {}, ids: [NOTX_REVERT.id], steps: [{ noTransaction: true }] },
    { name: 'a plain migration runs in a transaction', source: src([A, B]), state: st([A, B]), select: {}, ids: [B.id], steps: [{ noTransaction: false, statementsDone: undefined }] },
    {
      name: 'a stopped rollback resumes (its progress is keyed by the revert hash)',
      source: src([A, NOTX]),
      state: { ...st([A, NOTX]), partials: [{ migrationId: NOTX.id, hash: NOTX.revert!.hash, statementsDone: 1, updatedAt: new Date(0) }] },
      select: {},
      ids: [NOTX.id],
      steps: [{ statementsDone: 1 }],
    },
    {
      name: "a migrate's progress (the migration's hash) is not a rollback's",
      source: src([A, NOTX]),
      state: { ...st([A, NOTX]), partials: [{ migrationId: NOTX.id, hash: NOTX.hash, statementsDone: 1, updatedAt: new Date(0) }] },
      select: {},
      ids: [NOTX.id],
      steps: [{ statementsDone: undefined }],
    },
    {
      name: 'an edited revert file: integrity',
      source: { ...src([A, B]), migrations: [A, { ...B, revert: { ...B.revert!, sql: 'x', hash: sha256Hex('x') } }] },
      state: st([A, B]),
      select: {},
      error: [ExitCode.integrity, /was edited after 0001_b was committed/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        const e = thrown(() => planRollback(c.source, c.state, c.select, 'dev'));
        expect(e.code).toBe(c.error[0]);
        expect(e.message).toMatch(c.error[1]);
      } else {
        const steps = planRollback(c.source, c.state, c.select, 'dev');
        expect(steps.map((s) => s.id)).toEqual(c.ids);
        if (c.steps) expect(steps.map((s, i) => Object.fromEntries(Object.keys(c.steps![i]!).map((k) => [k, s[k as keyof RollbackStep]])))).toEqual(c.steps);
      }
    });
  }
});
