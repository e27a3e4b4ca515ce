// Table-driven tests of the dev-loop rules: which migrations `commit
// --all/--to` and `try` take, when commit and uncommit refuse, and what
// __ladder_log says about when and by what each migration was applied.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import { applyRecords, type ApplyRecord, type LogRow } from '../../../src/core/history.js';
import { checkTriedEverywhere, refuseProduction, selectToCommit, selectToTry, selectToUntry } from '../../../src/core/lifecycle.js';
import type { CommittedEntry, MigrationFile, MigrationSource, TryRow } from '../../../src/core/types.js';
import { uncommitAction, type UncommitAction, type UncommitSite } from '../../../src/core/uncommit.js';
import { thrown } from '../../helpers/errors.js';

function mig(n: number, name: string, revert: string | null = `DROP TABLE "${name}";`): MigrationFile {
  const id = `${String(n).padStart(4, '0')}_${name}`;
  const sql = `CREATE TABLE "${name}" ("id" serial);`;
  const f: MigrationFile = { id, index: n, when: 1_790_000_000_000 + n, sqlPath: `drizzle/${id}.sql`, sql, hash: sha256Hex(sql), revertPath: `drizzle/${id}.revert.sql` };
  if (revert !== null) f.revert = { sql: revert, hash: sha256Hex(revert), todo: revert.startsWith('-- ladder:todo'), irreversible: false };
  return f;
}
const entry = (f: MigrationFile): CommittedEntry => ({ id: f.id, hash: f.hash, revertHash: f.revert?.hash ?? '', fake: false });
const source = (migrations: MigrationFile[], committed: MigrationFile[]): MigrationSource => ({
  directory: '/p/drizzle',
  format: 'journal',
  migrations,
  committed: committed.map(entry),
  committedPath: 'drizzle/committed.toml',
});

const A = mig(0, 'users');
const B = mig(1, 'posts');
const C = mig(2, 'comments');
const TODO = mig(2, 'todo', '-- ladder:todo write the revert SQL for 0002_todo');

describe('selectToCommit', () => {
  const cases: { name: string; src: MigrationSource; opts: { id?: string; to?: string; all?: boolean }; ids?: string[]; error?: RegExp }[] = [
    { name: 'no flag: the first uncommitted', src: source([A, B, C], [A]), opts: {}, ids: [B.id] },
    { name: 'an explicit id: the first uncommitted', src: source([A, B, C], [A]), opts: { id: B.id }, ids: [B.id] },
    { name: 'an explicit id that is not first: refused, naming the first', src: source([A, B, C], [A]), opts: { id: C.id }, error: /^commit 0002_comments refused: 0001_posts comes first in the journal and is not committed yet$/ },
    { name: 'an explicit id already committed', src: source([A, B, C], [A]), opts: { id: A.id }, error: /^0000_users is already committed$/ },
    { name: '--all: every uncommitted, in journal order', src: source([A, B, C], [A]), opts: { all: true }, ids: [B.id, C.id] },
    { name: '--to: up to and including it', src: source([A, B, C], []), opts: { to: B.id }, ids: [A.id, B.id] },
    { name: '--to the first', src: source([A, B, C], []), opts: { to: A.id }, ids: [A.id] },
    { name: '--to an already committed id', src: source([A, B, C], [A]), opts: { to: A.id }, error: /0000_users is already committed/ },
    { name: '--to an unknown id', src: source([A, B], []), opts: { to: '0009_x' }, error: /no migration 0009_x in the journal/ },
    { name: '--all with nothing left', src: source([A], [A]), opts: { all: true }, error: /nothing to commit/ },
    { name: '--all stops at a todo revert, naming it', src: source([A, B, TODO], []), opts: { all: true }, error: /commit 0002_todo refused: .* still a ladder:todo/ },
    { name: '--all and an id together', src: source([A, B], []), opts: { all: true, id: A.id }, error: /give one or the other/ },
    { name: '--all refuses a missing revert file', src: source([A, mig(1, 'norevert', null)], []), opts: { all: true }, error: /revert file .* is missing/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        const e = thrown(() => selectToCommit(c.src, c.opts));
        expect(e.code).toBe(ExitCode.usage);
        expect(e.message).toMatch(c.error);
      } else {
        expect(selectToCommit(c.src, c.opts).map((f) => f.id)).toEqual(c.ids);
      }
    });
  }
});

describe('checkTriedEverywhere hints', () => {
  it('never suggests trying in a production environment', () => {
    const e = thrown(() => checkTriedEverywhere(A, [{ environment: 'production', isProduction: true, tries: [] }]));
    expect(e.message).toBe('commit 0000_users refused: it is not tried in production');
    expect(e.hint).not.toMatch(/try -e production/);
    expect(e.hint).toMatch(/--untried/);
  });
  it('suggests trying in a dev environment', () => {
    const e = thrown(() => checkTriedEverywhere(A, [{ environment: 'ci', isProduction: false, tries: [] }]));
    expect(e.hint).toMatch(/ladder try -e ci/);
  });
});

describe('applyRecords', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
  let n = 0;
  const log = (action: string, id: string, hash: string, extra: Partial<LogRow> = {}): LogRow => ({
    id: ++n,
    action,
    migrationId: id,
    hash,
    fake: false,
    startedAt: at(n),
    durationMs: 10 * n,
    ok: true,
    ...extra,
  });
  const cases: { name: string; rows: () => LogRow[]; want: Record<string, { by: string; durationMs?: number } | undefined> }[] = [
    { name: 'migrate', rows: () => [log('migrate', 'a', 'h1', { durationMs: 42 })], want: { a: { by: 'migrate', durationMs: 42 } } },
    {
      name: 'commit of a try takes the try duration',
      rows: () => [log('try', 'a', 'h1', { durationMs: 7 }), log('commit', 'a', 'h1', { durationMs: 0 })],
      want: { a: { by: 'commit', durationMs: 7 } },
    },
    {
      name: 'migrate adopting a try is a commit of a try',
      rows: () => [log('try', 'a', 'h1', { durationMs: 9 }), log('adopt-try', 'a', 'h1', { durationMs: 1 })],
      want: { a: { by: 'commit', durationMs: 9 } },
    },
    {
      name: 'a try of other SQL gives no duration',
      rows: () => [log('try', 'a', 'h0', { durationMs: 9 }), log('commit', 'a', 'h1')],
      want: { a: { by: 'commit' } },
    },
    { name: 'baseline', rows: () => [log('baseline', 'a', 'h1', { fake: true })], want: { a: { by: 'baseline' } } },
    { name: 'migrate --fake', rows: () => [log('migrate', 'a', 'h1', { fake: true })], want: { a: { by: 'fake' } } },
    { name: 'failed rows are ignored', rows: () => [log('migrate', 'a', 'h1', { ok: false })], want: { a: undefined } },
    { name: 'a rollback takes the record away', rows: () => [log('migrate', 'a', 'h1'), log('rollback', 'a', 'h1')], want: { a: undefined } },
    {
      name: 'applied again after a rollback: the newest',
      rows: () => [log('migrate', 'a', 'h1', { durationMs: 1 }), log('rollback', 'a', 'h1'), log('migrate', 'a', 'h1', { durationMs: 3 })],
      want: { a: { by: 'migrate', durationMs: 3 } },
    },
    { name: 'an uncommit takes it away', rows: () => [log('commit', 'a', 'h1'), log('uncommit', 'a', 'h1')], want: { a: undefined } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const records = applyRecords(c.rows());
      for (const [id, want] of Object.entries(c.want)) {
        const got = records.get(id);
        if (want === undefined) expect(got).toBeUndefined();
        else expect({ by: got?.by, durationMs: got?.durationMs }).toEqual({ by: want.by, durationMs: want.durationMs });
      }
    });
  }
});

describe('checkTriedEverywhere: the try must be of the current files', () => {
  const tryOf = (f: MigrationFile, over: Partial<TryRow> = {}): TryRow => ({
    migrationId: f.id,
    position: 1,
    hash: f.hash,
    revertHash: f.revert?.hash ?? '',
    migrateSql: f.sql,
    revertSql: f.revert?.sql ?? '',
    triedAt: new Date(0),
    ...over,
  });
  it('tried with these files everywhere: committed', () => {
    expect(() => checkTriedEverywhere(A, [{ environment: 'dev', tries: [tryOf(A)] }, { environment: 'ci', tries: [tryOf(A)] }])).not.toThrow();
  });
  it.each<[string, Partial<TryRow>, RegExp]>([
    ['its SQL changed since the try', { hash: sha256Hex('old') }, /commit 0000_users refused: its files changed since it was tried in ci/],
    ['its revert file changed since the try', { revertHash: sha256Hex('old revert') }, /commit 0000_users refused: its files changed since it was tried in ci/],
    ['its revert check failed at try time', { revertUnverified: 'it leaves table "users"' }, /its revert is unverified in ci: it leaves table "users"/],
  ])('refused when %s', (_name, over, message) => {
    const e = thrown(() => checkTriedEverywhere(A, [{ environment: 'dev', tries: [tryOf(A)] }, { environment: 'ci', tries: [tryOf(A, over)] }]));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.message).toMatch(message);
    expect(e.environment).toBe('ci');
  });
  it('--accept-revert commits a try whose revert check failed', () => {
    expect(() => checkTriedEverywhere(A, [{ environment: 'ci', tries: [tryOf(A, { revertUnverified: 'x' })] }], { acceptRevert: true })).not.toThrow();
  });
});

describe('selectToTry: journal order', () => {
  const tryOf = (f: MigrationFile, position: number): TryRow => ({
    migrationId: f.id, position, hash: f.hash, revertHash: f.revert?.hash ?? '', migrateSql: f.sql, revertSql: '', triedAt: new Date(0),
  });
  it.each<[string, TryRow[], { id?: string; all?: boolean }, string[] | RegExp]>([
    ['no id: the first untried', [], {}, [A.id]],
    ['--all: every untried, in order', [tryOf(A, 1)], { all: true }, [B.id, C.id]],
    ['an id whose predecessors are tried', [tryOf(A, 1)], { id: B.id }, [B.id]],
    ['an id before an untried one: refused, naming it', [], { id: B.id }, /try 0001_posts refused: 0000_users comes first and is not tried in dev/],
    ['an untried one before a tried one: refused', [tryOf(B, 1)], {}, /try refused: 0000_users comes before 0001_posts, which is tried already in dev/],
    ['an id already tried', [tryOf(A, 1)], { id: A.id }, /0000_users is already tried in dev/],
  ])('%s', (_name, tries, opts, want) => {
    const src = source([A, B, C], []);
    if (Array.isArray(want)) expect(selectToTry(src, tries, opts, 'dev').map((m) => m.id)).toEqual(want);
    else expect(thrown(() => selectToTry(src, tries, opts, 'dev')).message).toMatch(want);
  });
  it('a committed migration is not tried', () => {
    expect(thrown(() => selectToTry(source([A, B], [A]), [], { id: A.id }, 'dev')).message).toBe('0000_users is committed: it is applied by `ladder migrate`, not tried');
  });
});

describe('uncommitAction: which applied rows may become a try again', () => {
  const record = (by: ApplyRecord['by']): ApplyRecord => ({ appliedAt: new Date(0), by, hash: A.hash });
  const site = (over: Partial<UncommitSite>): UncommitSite => ({ environment: 'dev', isProduction: false, active: true, applied: true, record: record('commit'), ...over });
  it.each<[string, Partial<UncommitSite>, UncommitAction | RegExp]>([
    ['not applied here: nothing to do', { applied: false, record: undefined }, 'none'],
    ['committed from a try here: a try again', {}, 'to-try'],
    ['applied in production: refused', { isProduction: true }, /uncommit 0000_users refused: it is applied in dev, a production environment/],
    ['applied by migrate: refused', { record: record('migrate') }, /refused: it is applied in dev by migrate, not committed from a try there/],
    ['baselined: refused', { record: record('baseline') }, /applied in dev by baseline/],
    ['applied outside ladder: refused', { record: undefined }, /applied in dev outside ladder \(no log record\)/],
    ['applied in an environment not selected: refused', { active: false }, /applied in dev, which this command does not act on/],
  ])('%s', (_name, over, want) => {
    if (typeof want === 'string') expect(uncommitAction(A.id, site(over))).toBe(want);
    else {
      const e = thrown(() => uncommitAction(A.id, site(over)));
      expect(e.code).toBe(ExitCode.usage);
      expect(e.message).toMatch(want);
    }
  });
});

describe('selectToUntry: newest first, down to the one named', () => {
  const tryOf = (f: MigrationFile, position: number): TryRow => ({
    migrationId: f.id, position, hash: f.hash, revertHash: f.revert?.hash ?? '', migrateSql: f.sql, revertSql: '', triedAt: new Date(0),
  });
  const tries = [tryOf(A, 1), tryOf(C, 3), tryOf(B, 2)];
  it.each<[string, string | undefined, string[] | RegExp]>([
    ['no id: the newest', undefined, [C.id]],
    ['an id: every newer one, then it', A.id, [C.id, B.id, A.id]],
    ['the newest by id', C.id, [C.id]],
    ['an id not tried: refused, naming the tried ones', '0009_x', /^0009_x is not tried in dev$/],
  ])('%s', (_name, id, want) => {
    if (Array.isArray(want)) expect(selectToUntry(tries, id, 'dev').map((t) => t.migrationId)).toEqual(want);
    else expect(thrown(() => selectToUntry(tries, id, 'dev')).message).toMatch(want);
  });
  it('nothing tried: refused', () => {
    expect(thrown(() => selectToUntry([], undefined, 'dev', 'retry')).message).toBe('nothing to retry in dev: no migration is tried');
  });
});

describe('refuseProduction: the dev loop never touches a production environment', () => {
  it('dev environments pass', () => {
    expect(() => refuseProduction('try', [{ name: 'dev', isProduction: false }, { name: 'ci', isProduction: false }])).not.toThrow();
  });
  it.each<[string, { name: string; isProduction: boolean }[], string]>([
    ['one production environment, whatever its name', [{ name: 'dev', isProduction: false }, { name: 'live', isProduction: true }], 'try refused: live is a production environment'],
    ['several', [{ name: 'eu', isProduction: true }, { name: 'us', isProduction: true }], 'try refused: eu, us are production environments'],
  ])('%s: refused', (_name, environments, message) => {
    const e = thrown(() => refuseProduction('try', environments));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.message).toBe(message);
  });
});
