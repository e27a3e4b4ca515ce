// Table-driven tests of the pure planner (src/core/plan.ts): which state each
// migration is in, which problems block `migrate`, and what `migrate` and
// `baseline` would do. Plain data in, plain data out: no database, no files.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import {
  integrityError,
  isStale,
  planBaseline,
  planEnvironment,
  planMigrate,
  planOffline,
  verifySource,
} from '../../../src/core/plan.js';
import type {
  AppliedRow,
  CommittedEntry,
  DatabaseState,
  MigrationFile,
  MigrationSource,
  TryRow,
} from '../../../src/core/types.js';
import { thrown } from '../../helpers/errors.js';

// ---------------------------------------------------------------------------
// fixtures

const T0 = Date.UTC(2026, 0, 1);

/** A migration in the folder; `when` is T0 + n minutes unless given. */
function mig(n: number, name: string, sql = `CREATE TABLE "${name}" ("id" serial);`, opts: { when?: number; revert?: string | null } = {}): MigrationFile {
  const id = `${String(n).padStart(4, '0')}_${name}`;
  const revertSql = opts.revert === undefined ? `DROP TABLE "${name}";` : opts.revert;
  const f: MigrationFile = {
    id,
    index: n,
    when: opts.when ?? T0 + n * 60_000,
    sqlPath: `drizzle/${id}.sql`,
    sql,
    hash: sha256Hex(sql),
    revertPath: `drizzle/${id}.revert.sql`,
  };
  if (revertSql !== null) {
    f.revert = { sql: revertSql, hash: sha256Hex(revertSql), todo: false, irreversible: false };
  }
  return f;
}

/** The committed.toml entry for a file as it is now. */
function entry(f: MigrationFile, extra: Partial<CommittedEntry> = {}): CommittedEntry {
  return { id: f.id, hash: f.hash, revertHash: f.revert?.hash ?? '', fake: false, ...extra };
}

function source(migrations: MigrationFile[], committed: CommittedEntry[]): MigrationSource {
  return { directory: '/p/drizzle', format: 'journal', migrations, committed, committedPath: 'drizzle/committed.toml' };
}

/** drizzle's tracking row for a file, as drizzle-orm writes it. */
function row(id: number, f: MigrationFile | { hash: string; when: number | null }): AppliedRow {
  return { id, hash: f.hash, createdAt: 'sqlPath' in f ? f.when : f.when };
}

function state(applied: AppliedRow[] = [], tries: TryRow[] = [], fakeHashes: string[] = []): DatabaseState {
  return { applied, tries, fakeHashes: new Set(fakeHashes) };
}

function tryOf(f: MigrationFile, position: number, over: Partial<TryRow> = {}): TryRow {
  return {
    migrationId: f.id,
    position,
    hash: f.hash,
    revertHash: f.revert?.hash ?? '',
    migrateSql: f.sql,
    revertSql: f.revert?.sql ?? '',
    triedAt: new Date(T0),
    ...over,
  };
}


const A = mig(0, 'users');
const B = mig(1, 'posts');
const C = mig(2, 'comments');
const D = mig(3, 'tags');
/** A with one more statement: the file was edited after commit. */
const A_EDITED = { ...A, sql: `${A.sql}\nALTER TABLE "users" ADD COLUMN "x" int;`, hash: sha256Hex(`${A.sql}\nALTER TABLE "users" ADD COLUMN "x" int;`) };

// ---------------------------------------------------------------------------

describe('verifySource / planOffline (no database)', () => {
  it.each([
    {
      name: 'everything agrees',
      src: source([A, B, C], [entry(A), entry(B)]),
      states: { [A.id]: 'committed', [B.id]: 'committed', [C.id]: 'uncommitted' },
      kinds: [],
    },
    {
      name: 'an edited committed SQL file is modified',
      src: source([A_EDITED, B], [entry(A), entry(B)]),
      states: { [A.id]: 'modified', [B.id]: 'committed' },
      kinds: ['modified'],
    },
    {
      name: 'a committed id gone from the folder is missing',
      src: source([A], [entry(A), entry(B)]),
      states: { [A.id]: 'committed', [B.id]: 'missing' },
      kinds: ['missing'],
    },
    {
      name: 'an edited committed revert file',
      src: source([{ ...A, revert: { ...A.revert!, sql: 'x', hash: sha256Hex('x') } }], [entry(A)]),
      states: { [A.id]: 'committed' },
      kinds: ['revert-modified'],
    },
    {
      name: 'a deleted committed revert file',
      src: source([mig(0, 'users', undefined, { revert: null })], [entry(A)]),
      states: { [A.id]: 'committed' },
      kinds: ['revert-missing'],
    },
    {
      name: 'several problems are all listed',
      src: source([A_EDITED], [entry(A), entry(B), entry(C)]),
      states: { [A.id]: 'modified', [B.id]: 'missing', [C.id]: 'missing' },
      kinds: ['modified', 'missing', 'missing'],
    },
  ])('$name', ({ src, states, kinds }) => {
    const plan = planOffline(src);
    expect(Object.fromEntries(plan.rows.map((r) => [r.id, r.state]))).toEqual(states);
    expect(plan.problems.map((p) => p.kind)).toEqual(kinds);
    expect(verifySource(src).map((p) => p.kind)).toEqual(kinds);
  });

  it('problems name the migration, the file and a hint', () => {
    const [modified] = verifySource(source([A_EDITED], [entry(A)]));
    expect(modified).toMatchObject({ kind: 'modified', migration: A.id, file: A.sqlPath });
    expect(modified!.message).toContain(A.sqlPath);
    expect(modified!.hint).toMatch(/new migration/);
    const [missing] = verifySource(source([], [{ ...entry(A), line: 7 }]));
    expect(missing).toMatchObject({ kind: 'missing', migration: A.id, file: 'drizzle/committed.toml', line: 7 });
  });

  it('rows come in committed order, then uncommitted ones in journal order', () => {
    const plan = planOffline(source([A, B, C, D], [entry(A), entry(B)]));
    expect(plan.rows.map((r) => r.id)).toEqual([A.id, B.id, C.id, D.id]);
    expect(plan.rows.map((r) => r.committed)).toEqual([true, true, false, false]);
  });
});

describe('planEnvironment: states in one database', () => {
  it.each([
    { name: 'nothing applied: committed ones are pending', src: source([A, B, C], [entry(A), entry(B)]), st: state(), expected: ['pending', 'pending', 'uncommitted'] },
    {
      name: 'applied rows match by hash',
      src: source([A, B, C], [entry(A), entry(B)]),
      st: state([row(1, A)]),
      expected: ['applied', 'pending', 'uncommitted'],
    },
    {
      name: 'a row matches by hash even when created_at differs (a hand-made or rewritten journal)',
      src: source([A, B], [entry(A), entry(B)]),
      st: state([row(1, { hash: A.hash, when: 42 })]),
      expected: ['applied', 'pending'],
    },
    {
      name: 'fake = true in committed.toml shows as applied (fake)',
      src: source([A, B], [entry(A), entry(B, { fake: true })]),
      st: state([row(1, A), row(2, B)]),
      expected: ['applied', 'applied (fake)'],
    },
    {
      name: 'a hash recorded fake in __ladder_log shows as applied (fake)',
      src: source([A, B], [entry(A), entry(B)]),
      st: state([row(1, A), row(2, B)], [], [A.hash]),
      expected: ['applied (fake)', 'applied'],
    },
    {
      name: 'an edited committed file is modified, even when applied',
      src: source([A_EDITED, B], [entry(A), entry(B)]),
      st: state([row(1, A)]),
      expected: ['modified', 'pending'],
    },
    { name: 'a committed id gone from the folder is missing', src: source([B], [entry(A), entry(B)]), st: state([row(1, A)]), expected: ['missing', 'pending'] },
    { name: 'an uncommitted migration tried here', src: source([A, B], [entry(A)]), st: state([row(1, A)], [tryOf(B, 1)]), expected: ['applied', 'tried'] },
    {
      name: 'a try whose SQL changed since is stale',
      src: source([A, B], [entry(A)]),
      st: state([row(1, A)], [tryOf(B, 1, { hash: sha256Hex('old sql') })]),
      expected: ['applied', 'tried (stale)'],
    },
    {
      name: 'a try whose revert file changed since is stale',
      src: source([A, B], [entry(A)]),
      st: state([row(1, A)], [tryOf(B, 1, { revertHash: sha256Hex('old revert') })]),
      expected: ['applied', 'tried (stale)'],
    },
  ])('$name', ({ src, st, expected }) => {
    const plan = planEnvironment(src, st, 'dev');
    expect(plan.rows.map((r) => r.state)).toEqual(expected);
  });

  it('pending lists committed, unapplied entries in committed order; appliedRows maps id to row', () => {
    const plan = planEnvironment(source([A, B, C], [entry(A), entry(B), entry(C)]), state([row(7, B)]), 'dev');
    expect(plan.pending.map((e) => e.id)).toEqual([A.id, C.id]);
    expect([...plan.appliedRows]).toEqual([[B.id, row(7, B)]]);
    expect(plan.rows.find((r) => r.id === B.id)?.appliedRowId).toBe(7);
    expect(plan.problems).toEqual([]);
  });

  it('a tracking row that matches no committed migration is unknown, with an environment-named problem', () => {
    const stray = { hash: sha256Hex('from another branch'), when: T0 + 999 };
    const plan = planEnvironment(source([A], [entry(A)]), state([row(1, A), row(2, stray)]), 'prod');
    const unknown = plan.rows.filter((r) => r.state === 'unknown');
    expect(unknown).toEqual([expect.objectContaining({ id: 'row 2', appliedRowId: 2, committed: false })]);
    expect(plan.problems).toEqual([expect.objectContaining({ kind: 'unknown', environment: 'prod' })]);
    expect(plan.problems[0]!.message).toMatch(/tracking row 2 .*matches no committed migration/);
  });

  it('an applied but uncommitted migration (drizzle-kit migrate ran it) is unknown and named, with a commit hint', () => {
    const plan = planEnvironment(source([A, B], [entry(A)]), state([row(1, A), row(2, B)]), 'dev');
    expect(plan.rows.map((r) => [r.id, r.state])).toEqual([
      [A.id, 'applied'],
      [B.id, 'uncommitted'],
      [B.id, 'unknown'],
    ]);
    expect(plan.problems).toEqual([expect.objectContaining({ kind: 'unknown', migration: B.id })]);
    expect(plan.problems[0]!.hint).toMatch(/ladder commit --untried/);
  });

  it('a try of a committed migration with other SQL is a problem; with the same SQL it is not', () => {
    const differs = planEnvironment(source([A], [entry(A)]), state([], [tryOf(A, 1, { hash: sha256Hex('older') })]), 'dev');
    expect(differs.problems.map((p) => p.kind)).toEqual(['tried-differs']);
    expect(differs.problems[0]!.hint).toContain(`ladder untry ${A.id}`);
    const same = planEnvironment(source([A], [entry(A)]), state([], [tryOf(A, 1)]), 'dev');
    expect(same.problems).toEqual([]);
    expect(same.committedTries.map((t) => t.migrationId)).toEqual([A.id]);
  });

  it('a try whose files left the folder is still listed, stale', () => {
    const plan = planEnvironment(source([A], [entry(A)]), state([row(1, A)], [tryOf(B, 1)]), 'dev');
    expect(plan.rows.map((r) => [r.id, r.state])).toEqual([
      [A.id, 'applied'],
      [B.id, 'tried (stale)'],
    ]);
  });

  describe('duplicate hashes (two migrations with identical SQL, e.g. two empty --custom files)', () => {
    const EMPTY = '-- Custom SQL migration file, put your code below! --';
    const X = mig(1, 'custom_a', EMPTY);
    const Y = mig(2, 'custom_b', EMPTY);
    const src = source([A, X, Y], [entry(A), entry(X), entry(Y)]);

    it.each([
      { name: 'both applied: one row each', rows: [row(1, A), row(2, X), row(3, Y)], expected: ['applied', 'applied', 'applied'], pending: [] as string[] },
      { name: 'rows in any id order still match by created_at', rows: [row(1, A), row(2, Y), row(3, X)], expected: ['applied', 'applied', 'applied'], pending: [] },
      { name: 'only the first applied: the second is pending', rows: [row(1, A), row(2, X)], expected: ['applied', 'applied', 'pending'], pending: [Y.id] },
      {
        name: "only the second applied: the row goes to the migration whose `when` it carries",
        rows: [row(1, A), row(2, Y)],
        expected: ['applied', 'pending', 'applied'],
        pending: [X.id],
      },
    ])('$name', ({ rows, expected, pending }) => {
      const plan = planEnvironment(src, state(rows), 'dev');
      expect(plan.rows.map((r) => r.state)).toEqual(expected);
      expect(plan.pending.map((e) => e.id)).toEqual(pending);
      expect(plan.problems).toEqual([]);
    });

    it('three rows with that hash for two migrations: the extra one is a duplicate row', () => {
      const plan = planEnvironment(src, state([row(1, A), row(2, X), row(3, Y), row(4, { hash: X.hash, when: T0 + 10 * 60_000 })]), 'dev');
      expect(plan.rows.filter((r) => r.state === 'unknown').map((r) => r.appliedRowId)).toEqual([4]);
      expect(plan.problems.map((p) => p.kind)).toEqual(['duplicate-row']);
    });
  });
});

describe('planMigrate: what migrate runs', () => {
  const all = source([A, B, C, D], [entry(A), entry(B), entry(C), entry(D)]);

  it.each([
    { name: 'fresh database: everything, in committed order', st: state(), opts: {}, steps: [[A.id, 'run'], [B.id, 'run'], [C.id, 'run'], [D.id, 'run']] },
    { name: 'rerun after everything is applied: nothing', st: state([row(1, A), row(2, B), row(3, C), row(4, D)]), opts: {}, steps: [] },
    { name: 'only what is pending', st: state([row(1, A), row(2, B)]), opts: {}, steps: [[C.id, 'run'], [D.id, 'run']] },
    { name: '--to stops after that id', st: state(), opts: { to: B.id }, steps: [[A.id, 'run'], [B.id, 'run']] },
    { name: '--to an applied id: nothing', st: state([row(1, A), row(2, B)]), opts: { to: A.id }, steps: [] },
    { name: '--fake records without running', st: state(), opts: { fake: [B.id] }, steps: [[A.id, 'run'], [B.id, 'fake'], [C.id, 'run'], [D.id, 'run']] },
    { name: '--fake with --to', st: state(), opts: { fake: [A.id], to: A.id }, steps: [[A.id, 'fake']] },
    { name: 'a matching try is adopted, not run again', st: state([row(1, A)], [tryOf(B, 1)]), opts: {}, steps: [[B.id, 'adopt-try'], [C.id, 'run'], [D.id, 'run']] },
  ])('$name', ({ st, opts, steps }) => {
    const { steps: planned } = planMigrate(all, st, opts, 'dev');
    expect(planned.map((s) => [s.id, s.action])).toEqual(steps);
    for (const s of planned) {
      const f = [A, B, C, D].find((m) => m.id === s.id)!;
      expect(s).toMatchObject({ hash: f.hash, when: f.when, file: f });
    }
  });

  it('fake = true entries are recorded without running', () => {
    const src = source([A, B, C], [entry(A), entry(B, { fake: true }), entry(C)]);
    expect(planMigrate(src, state()).steps.map((s) => [s.id, s.action])).toEqual([
      [A.id, 'run'],
      [B.id, 'fake'],
      [C.id, 'run'],
    ]);
  });

  it.each([
    { name: '--to an id that is not committed', opts: { to: '0009_nope' }, st: state(), re: /--to 0009_nope: no committed migration/ },
    { name: '--fake an id that is not committed', opts: { fake: ['0009_nope'] }, st: state(), re: /--fake 0009_nope: no committed migration/ },
    { name: '--fake an id that is applied already', opts: { fake: [A.id] }, st: state([row(1, A)]), re: /already applied in dev/ },
  ])('usage error (exit 2): $name', ({ opts, st, re }) => {
    const e = thrown(() => planMigrate(all, st, opts, 'dev'));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.message).toMatch(re);
    expect(e.environment).toBe('dev');
  });

  it.each([
    { name: 'a modified committed file', src: source([A_EDITED, B], [entry(A), entry(B)]), st: state(), kinds: ['modified'] },
    { name: 'a committed id missing from the folder', src: source([A, C], [entry(A), entry(B), entry(C)]), st: state(), kinds: ['missing'] },
    { name: 'an unknown applied row', src: source([A, B], [entry(A), entry(B)]), st: state([row(1, { hash: sha256Hex('?'), when: 1 })]), kinds: ['unknown'] },
    { name: 'a modified committed revert file', src: source([{ ...A, revert: { ...A.revert!, hash: sha256Hex('r') } }], [entry(A)]), st: state(), kinds: ['revert-modified'] },
    { name: 'a stale try of a committed migration', src: source([A], [entry(A)]), st: state([], [tryOf(A, 1, { hash: sha256Hex('x') })]), kinds: ['tried-differs'] },
    {
      name: 'every problem at once',
      src: source([A_EDITED, C], [entry(A), entry(B), entry(C)]),
      st: state([row(1, { hash: sha256Hex('?'), when: 1 })]),
      kinds: ['modified', 'missing', 'unknown'],
    },
  ])('integrity error (exit 3), nothing planned: $name', ({ src, st, kinds }) => {
    const e = thrown(() => planMigrate(src, st, {}, 'prod'));
    expect(e.code).toBe(ExitCode.integrity);
    expect(e.problems.map((p) => p.kind)).toEqual(kinds);
    expect(e.environment).toBe('prod');
    if (kinds.length > 1) expect(e.message).toBe(`${kinds.length} integrity problems in prod`);
    else expect(e.message).toBe(e.problems[0]!.message);
  });

  describe('drizzle-orm#5316: a pending migration whose `when` is not newer than the newest applied row', () => {
    // B was merged from a branch after C was deployed: B's `when` is older than C's.
    // drizzle-orm 0.4x would skip B silently; ladder decides by hash, so B is applied.
    const src = source([A, B, C], [entry(A), entry(B), entry(C)]);

    it.each([
      { name: 'older than the newest applied', st: state([row(1, A), row(2, C)]) },
      { name: 'equal to the newest applied', st: state([row(1, A), row(2, { hash: C.hash, when: B.when })]) },
    ])('is applied, never skipped: $name', ({ st }) => {
      expect(planMigrate(src, st, {}, 'prod').steps.map((s) => [s.id, s.action])).toEqual([[B.id, 'run']]);
    });

    it('--fake records it the same way', () => {
      expect(planMigrate(src, state([row(1, A), row(2, C)]), { fake: [B.id] }, 'prod').steps.map((s) => [s.id, s.action])).toEqual([
        [B.id, 'fake'],
      ]);
    });

    it('an unknown row is still refused (exit 3), whatever its created_at', () => {
      const e = thrown(() => planMigrate(source([A, B], [entry(A), entry(B)]), state([row(1, A), row(2, { hash: sha256Hex('?'), when: B.when + 1 })]), {}, 'prod'));
      expect(e.code).toBe(ExitCode.integrity);
      expect(e.problems.map((p) => p.kind)).toEqual(['unknown']);
    });

    it('committed order, not `when` order, within one run', () => {
      const late = mig(1, 'late', undefined, { when: T0 - 1 });
      expect(planMigrate(source([A, late], [entry(A), entry(late)]), state()).steps.map((s) => s.id)).toEqual([A.id, late.id]);
    });
  });
});

describe('planBaseline', () => {
  const all = source([A, B, C], [entry(A), entry(B), entry(C)]);

  it('records every committed migration as fake, in order', () => {
    expect(planBaseline(all, state(), undefined, 'prod').map((s) => [s.id, s.action])).toEqual([
      [A.id, 'fake'],
      [B.id, 'fake'],
      [C.id, 'fake'],
    ]);
  });

  it('--to stops after that id', () => {
    expect(planBaseline(all, state(), B.id, 'prod').map((s) => s.id)).toEqual([A.id, B.id]);
  });

  it.each([
    { name: 'something is applied already', src: all, st: state([row(1, A)]), to: undefined, code: ExitCode.usage, re: /baseline refused in prod: 1 migration\(s\) already applied \(0000_users\)/ },
    { name: 'nothing is committed', src: source([A], []), st: state(), to: undefined, code: ExitCode.usage, re: /nothing to baseline/ },
    { name: '--to is not committed', src: all, st: state(), to: '0009_x', code: ExitCode.usage, re: /--to 0009_x/ },
    { name: 'a committed file was modified', src: source([A_EDITED, B], [entry(A), entry(B)]), st: state(), to: undefined, code: ExitCode.integrity, re: /edited after it was committed/ },
    { name: 'an unknown row', src: all, st: state([row(1, { hash: sha256Hex('?'), when: 5 })]), to: undefined, code: ExitCode.integrity, re: /matches no committed migration/ },
  ])('refused: $name', ({ src, st, to, code, re }) => {
    const e = thrown(() => planBaseline(src, st, to, 'prod'));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(re);
  });
});

describe('integrityError and isStale', () => {
  it('one problem: its message, migration, file and hint become the error', () => {
    const [p] = verifySource(source([A_EDITED], [entry(A)]));
    const e = integrityError([p!], 'ci');
    expect(e).toMatchObject({ code: ExitCode.integrity, message: p!.message, migration: A.id, file: A.sqlPath, hint: p!.hint, environment: 'ci' });
  });

  it('several problems: a count, every problem attached, no single migration', () => {
    const problems = verifySource(source([A_EDITED], [entry(A), entry(B)]));
    const e = integrityError(problems);
    expect(e.message).toBe('2 integrity problems');
    expect(e.problems).toHaveLength(2);
    expect(e.migration).toBeUndefined();
  });

  it.each([
    { name: 'same files', t: tryOf(B, 1), stale: false },
    { name: 'SQL changed', t: tryOf(B, 1, { hash: 'x' }), stale: true },
    { name: 'revert changed', t: tryOf(B, 1, { revertHash: 'x' }), stale: true },
  ])('isStale: $name', ({ t, stale }) => {
    expect(isStale(t, B)).toBe(stale);
  });
});
