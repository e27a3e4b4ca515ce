// Failures `ladder migrate` must survive, each proven on real PostgreSQL with
// the built CLI (dist/cli/bin.cjs) spawned in a temp project: SIGKILL, a
// terminated backend, a server restart, lock contention (timeout, CREATE
// INDEX CONCURRENTLY, 16 deployers), a migration failing halfway, and
// SIGINT/SIGTERM. Every case has its own database, so they run concurrently.
//
// Slow migrations sleep for `ladder_test.sleep` seconds, a setting the test
// puts on the database (ALTER DATABASE ... SET) before the run it interrupts
// and removes before the rerun: the migration's bytes (and hash) stay the
// same, the interrupted run sleeps long enough to be caught mid-statement,
// and the rerun does not wait.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, inject, it, type ExpectStatic, type TestContext } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { advisoryLockKey } from '../../src/core/lock-key.js';
import { connect, freshDatabase, queryRows, tableNames, type FreshDatabase, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { ladderBin, type RunResult } from '../helpers/project.js';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

const LOCK_KEY = advisoryLockKey('drizzle', '__drizzle_migrations').toString();
const SLEEP = `SELECT pg_sleep(coalesce(nullif(current_setting('ladder_test.sleep', true), ''), '0')::float8);`;

// ---------------------------------------------------------------------------
// A project as a user has it: ladder.toml, a hand-written drizzle/ folder,
// committed.toml written by `ladder commit --untried`, one call per migration.

interface Mig {
  name: string;
  statements: string[];
}

interface LadderProject {
  dir: string;
  tags: string[];
  sql: Map<string, string>;
}

async function makeLadderProject(t: TestContext, migs: Mig[]): Promise<LadderProject> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-reliability-'));
  t.onTestFinished(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.writeFile(path.join(dir, 'ladder.toml'), '[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n');
  const folder = new Folder(dir);
  const tags = migs.map((m) => folder.add(m.name, m.statements, { commit: false }));
  const sql = new Map(folder.migs.map((m) => [m.tag, m.sql]));
  await folder.write();
  for (const tag of tags) {
    const r = await runLadder(t, dir, ['commit', '--untried'], undefined);
    if (r.code !== 0 || !r.stdout.includes(`committed ${tag}`)) {
      throw new Error(`ladder commit --untried for ${tag}: exit ${r.code}\n${r.stderr}\n${r.stdout}`);
    }
  }
  return { dir, tags, sql };
}

// ---------------------------------------------------------------------------
// The CLI, spawned without a TTY; a handle to signal it while it runs.

interface Running {
  child: ChildProcess;
  result: Promise<RunResult>;
  stderr(): string;
}

function startLadder(t: TestContext, cwd: string, args: string[], databaseUrl: string | undefined, timeoutMs = 60_000): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.LADDER_ENV;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, [ladderBin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms: ladder ${args.join(' ')}]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : null), stdout, stderr });
    });
  });
  t.onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, result, stderr: () => stderr };
}

function runLadder(t: TestContext, cwd: string, args: string[], databaseUrl: string | undefined, timeoutMs?: number): Promise<RunResult> {
  return startLadder(t, cwd, args, databaseUrl, timeoutMs).result;
}

const migrate = (t: TestContext, p: LadderProject, db: { url: string }, extra: string[] = []) => startLadder(t, p.dir, ['migrate', ...extra], db.url);

/** After a lost connection: with the sleep lifted, a rerun applies the slow migration and the one after it (three tracking rows). */
async function expectRerunCompletes(t: TestContext, p: LadderProject, db: FreshDatabase, admin: Sql): Promise<void> {
  await setSleep(admin, db, null);
  const rerun = await migrate(t, p, db).result;
  t.expect(rerun.code, rerun.stderr).toBe(0);
  t.expect(rerun.stdout).toContain('applied 0001_slow');
  t.expect(await tableNames(db.url)).toEqual(t.expect.arrayContaining(['t', 'after_slow']));
  t.expect(await trackingRows(db)).toHaveLength(3);
}

// ---------------------------------------------------------------------------
// What the server says (read through the admin connection of its cluster).

/** The shared server's admin client, for pg_stat_activity and pg_locks. */
let admin: Sql;
beforeAll(() => {
  admin = connect(inject('pgUrl'), { max: 6 });
});
afterAll(async () => {
  await admin?.end({ timeout: 5 });
});

async function testDatabase(t: TestContext, adminUrl = inject('pgUrl')): Promise<FreshDatabase> {
  const db = await freshDatabase(adminUrl, 'ladder_rel');
  t.onTestFinished(() => db.drop());
  return db;
}

async function setSleep(sql: Sql, db: FreshDatabase, seconds: number | null): Promise<void> {
  if (seconds === null) await sql.unsafe(`alter database "${db.name}" reset ladder_test.sleep`);
  else await sql.unsafe(`alter database "${db.name}" set ladder_test.sleep = '${seconds}'`);
}

interface Backend {
  pid: number;
  state: string | null;
  query: string;
  wait_event_type: string | null;
}

/** ladder's backends in db currently running a pg_sleep. */
async function sleepingLadderBackends(sql: Sql, db: FreshDatabase): Promise<Backend[]> {
  return queryRows<Backend>(
    sql,
    `select pid, state, query, wait_event_type from pg_stat_activity
      where datname = $1 and application_name = 'drizzle-ladder' and state = 'active' and query like '%pg_sleep%'`,
    [db.name],
  );
}

async function ladderBackends(sql: Sql, db: FreshDatabase): Promise<Backend[]> {
  return queryRows<Backend>(
    sql,
    `select pid, state, query, wait_event_type from pg_stat_activity where datname = $1 and application_name = 'drizzle-ladder'`,
    [db.name],
  );
}

/** Advisory locks held or awaited in db (advisory locks are per database). */
async function advisoryLocks(sql: Sql, db: FreshDatabase): Promise<{ pid: number; granted: boolean }[]> {
  return queryRows(
    sql,
    `select l.pid, l.granted from pg_locks l join pg_database d on d.oid = l.database
      where l.locktype = 'advisory' and d.datname = $1`,
    [db.name],
  );
}

async function trackingRows(db: { url: string }): Promise<{ hash: string; created_at: string }[]> {
  const [exists] = await queryRows<{ t: string | null }>(db.url, `select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return [];
  return queryRows(db.url, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id');
}

interface LogRow {
  action: string;
  migration_id: string;
  ok: boolean;
  error: string | null;
}

async function logRows(db: { url: string }): Promise<LogRow[]> {
  const [exists] = await queryRows<{ t: string | null }>(db.url, `select to_regclass('drizzle.__ladder_log')::text as t`);
  if (!exists?.t) return [];
  return queryRows(db.url, 'select action, migration_id, ok, error from drizzle.__ladder_log order by id');
}

/** Polls fn until it returns a truthy value; fails after timeoutMs naming what it waited for. */
async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits for ladder to be inside the sleeping statement; fails early if ladder exits first. */
async function waitForSleep(sql: Sql, db: FreshDatabase, run: Running): Promise<Backend> {
  return waitFor('ladder to run pg_sleep', async () => {
    if (run.child.exitCode !== null) throw new Error(`ladder exited ${run.child.exitCode} before sleeping:\n${run.stderr()}`);
    return (await sleepingLadderBackends(sql, db))[0];
  });
}

function expectCleanError(expect: ExpectStatic, stderr: string): void {
  const errorLines = stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(errorLines, stderr).toHaveLength(1);
  expect(stderr, 'no stack trace without --verbose').not.toMatch(/^\s+at /m);
  expect(stderr, 'no Node warnings').not.toMatch(/\(node:\d+\) \w*Warning/);
}

const slowMigrations: Mig[] = [
  { name: 'first', statements: ['CREATE TABLE first (id int);'] },
  { name: 'slow', statements: ['CREATE TABLE t (id int);', SLEEP] },
  { name: 'after', statements: ['CREATE TABLE after_slow (id int);'] },
];

// ---------------------------------------------------------------------------

describe.concurrent('migrate survives', () => {
  it('SIGKILL mid-migration: nothing of it stays, the lock frees within seconds, a rerun applies it', async (t) => {
    const db = await testDatabase(t);
    const p = await makeLadderProject(t, slowMigrations);
    // Long enough that only client_connection_check_interval (not the end of
    // the sleep) can explain the backend going away within 5 s.
    await setSleep(admin, db, 60);
    const run = migrate(t, p, db);
    const backend = await waitForSleep(admin, db, run);
    t.expect((await advisoryLocks(admin, db)).filter((l) => l.granted)).toHaveLength(1);
    const killedAt = Date.now();
    run.child.kill('SIGKILL');
    t.expect((await run.result).code).toBe(-1);

    await waitFor('the advisory lock to be free', async () => (await advisoryLocks(admin, db)).length === 0, 5_000);
    await waitFor(
      `backend ${backend.pid} to stop its pg_sleep`,
      async () => (await queryRows(admin, 'select 1 from pg_stat_activity where pid = $1 and state = $2', [backend.pid, 'active'])).length === 0,
      5_000,
    );
    const freedAfterMs = Date.now() - killedAt;
    t.expect(freedAfterMs).toBeLessThan(5_000);

    t.expect(await tableNames(db.url)).not.toContain('t');
    t.expect((await trackingRows(db)).map((r) => r.hash)).toEqual([sha256Hex(p.sql.get('0000_first')!)]);

    await setSleep(admin, db, null);
    const rerun = await migrate(t, p, db).result;
    t.expect(rerun.code, rerun.stderr).toBe(0);
    t.expect(rerun.stdout).toContain('applied 0001_slow');
    t.expect(rerun.stdout).not.toContain('applied 0000_first');
    t.expect(await tableNames(db.url)).toEqual(t.expect.arrayContaining(['first', 't', 'after_slow']));
    t.expect((await trackingRows(db)).map((r) => r.hash)).toEqual(p.tags.map((tag) => sha256Hex(p.sql.get(tag)!)));
  }, 40_000);

  it('pg_terminate_backend mid-migration: exit 1 with one error line, nothing half-applied, a rerun completes', async (t) => {
    const db = await testDatabase(t);
    const p = await makeLadderProject(t, slowMigrations);
    await setSleep(admin, db, 30);
    const run = migrate(t, p, db);
    const backend = await waitForSleep(admin, db, run);
    const [terminated] = await queryRows<{ ok: boolean }>(admin, 'select pg_terminate_backend($1) as ok', [backend.pid]);
    t.expect(terminated?.ok).toBe(true);
    const r = await run.result;
    t.expect(r.code, r.stderr).toBe(1);
    expectCleanError(t.expect, r.stderr);
    t.expect(r.stderr).toMatch(/^error: ci: 0001_slow failed at statement 2 \(drizzle\/0001_slow\.sql:3\): .*connection to the database was lost/m);
    t.expect(r.stderr).toMatch(/^hint: its transaction was rolled back/m);
    t.expect(r.stdout).toContain('applied 0000_first');

    t.expect(await tableNames(db.url)).not.toContain('t');
    t.expect(await trackingRows(db)).toHaveLength(1);
    t.expect(await advisoryLocks(admin, db)).toEqual([]);
    const failed = (await logRows(db)).filter((l) => !l.ok);
    t.expect(failed.map((l) => l.migration_id)).toEqual(['0001_slow']);
    t.expect(failed[0]!.error).toContain('connection to the database was lost');

    await expectRerunCompletes(t, p, db, admin);
  }, 40_000);

  it('server restart mid-migration: exit 1 with a clear error, a rerun completes', async (t) => {
    const server = await startDedicatedPostgres();
    t.onTestFinished(() => server.destroy());
    const serverAdmin = connect(server.url, { max: 2 });
    t.onTestFinished(() => serverAdmin.end({ timeout: 1 }).catch(() => {}));
    const db = await freshDatabase(server.url, 'ladder_rel');
    const p = await makeLadderProject(t, slowMigrations);
    await setSleep(serverAdmin, db, 30);
    const run = migrate(t, p, db);
    await waitForSleep(serverAdmin, db, run);
    await serverAdmin.end({ timeout: 1 }).catch(() => {});

    await server.stop();
    await server.start();
    const r = await run.result;
    t.expect(r.code, r.stderr).toBe(1);
    expectCleanError(t.expect, r.stderr);
    t.expect(r.stderr).toMatch(/^error: ci: 0001_slow failed at statement 2 \(drizzle\/0001_slow\.sql:3\): .*connection to the database was lost/m);
    t.expect(r.stderr, 'no warning about the lock that died with its session').not.toMatch(/Warning/);

    const again = connect(server.url, { max: 2 });
    t.onTestFinished(() => again.end({ timeout: 1 }).catch(() => {}));
    t.expect(await tableNames(db.url)).not.toContain('t');
    t.expect(await trackingRows(db)).toHaveLength(1);
    await expectRerunCompletes(t, p, db, again);
  }, 60_000);

  it('lock timeout: exit 1 naming the holder (pid, application_name, since when, its query)', async (t) => {
    const db = await testDatabase(t);
    const p = await makeLadderProject(t, [{ name: 'one', statements: ['CREATE TABLE one (id int);'] }]);
    // Advisory locks are per database: the same key held in another database
    // (another app on the server) is not the holder to name.
    const other = await testDatabase(t);
    const decoy = postgres(other.url, { max: 1, onnotice: () => {}, connection: { application_name: 'decoy-elsewhere' } });
    t.onTestFinished(() => decoy.end({ timeout: 1 }).catch(() => {}));
    await decoy.unsafe(`select pg_advisory_lock(${LOCK_KEY}::bigint)`);
    const holder = postgres(db.url, { max: 1, onnotice: () => {}, connection: { application_name: 'holder-test' } });
    t.onTestFinished(() => holder.end({ timeout: 1 }).catch(() => {}));
    const [{ pid } = { pid: 0 }] = await holder.unsafe<{ pid: number }[]>(`select pg_backend_pid() as pid, pg_advisory_lock(${LOCK_KEY}::bigint)`);
    const busy = holder.unsafe(`select 'holder-test-marker' as marker, pg_sleep(60)`).catch(() => undefined);
    await waitFor('the holder to be running its query', async () =>
      (await queryRows(admin, `select 1 from pg_stat_activity where pid = $1 and state = 'active' and query like '%holder-test-marker%'`, [pid])).length > 0,
    );

    const started = Date.now();
    const r = await migrate(t, p, db, ['--lock-timeout', '1s']).result;
    const took = Date.now() - started;
    t.expect(r.code, r.stderr).toBe(1);
    expectCleanError(t.expect, r.stderr);
    const error = r.stderr.split('\n').find((l) => l.startsWith('error:'))!;
    t.expect(error).toMatch(/lock timeout after 1\.\ds/);
    t.expect(error).toContain(`pid ${pid}`);
    t.expect(error).toContain('application_name holder-test');
    t.expect(error).toMatch(/since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    t.expect(error).toContain(`query: select 'holder-test-marker' as marker, pg_sleep(60)`);
    t.expect(r.stderr).toContain(`waiting for the migrate lock held by pid ${pid}, application_name holder-test`);
    t.expect(r.stderr).not.toContain('decoy-elsewhere');
    t.expect(took).toBeLessThan(10_000);
    t.expect(await tableNames(db.url)).not.toContain('one');

    await queryRows(admin, 'select pg_cancel_backend($1)', [pid]);
    await busy;
  }, 30_000);

  it('waiting deployers never deadlock against CREATE INDEX CONCURRENTLY run by the lock holder', async (t) => {
    const db = await testDatabase(t);
    const p = await makeLadderProject(t, [
      { name: 'a', statements: ['CREATE TABLE a (id int);'] },
      { name: 'b', statements: ['CREATE TABLE b (id int);', 'INSERT INTO b SELECT generate_series(1, 100);'] },
    ]);
    const holder = postgres(db.url, { max: 1, onnotice: () => {}, connection: { application_name: 'holder-test' } });
    t.onTestFinished(() => holder.end({ timeout: 1 }).catch(() => {}));
    await holder.unsafe('create table big (id int, v text)');
    await holder.unsafe(`insert into big select g, md5(g::text) from generate_series(1, 50000) g`);
    await holder.unsafe(`select pg_advisory_lock(${LOCK_KEY}::bigint)`);

    const runs = Array.from({ length: 4 }, () => migrate(t, p, db, ['--lock-timeout', '60s']));
    await waitFor(
      'all 4 deployers to wait for the lock',
      async () => runs.every((r) => r.stderr().includes('waiting for the migrate lock held by')) && (await ladderBackends(admin, db)).length === 4,
      30_000,
    );
    // Polling, not blocked in pg_advisory_lock: no ladder backend waits on a heavyweight lock.
    t.expect((await advisoryLocks(admin, db)).filter((l) => !l.granted)).toEqual([]);

    await holder.unsafe(`set statement_timeout = '20s'`);
    const t0 = Date.now();
    await holder.unsafe('create index concurrently big_id_idx on big (id)');
    const cicMs = Date.now() - t0;
    t.expect(cicMs).toBeLessThan(10_000);
    const [idx] = await queryRows<{ valid: boolean }>(db.url, `select indisvalid as valid from pg_index where indexrelid = 'big_id_idx'::regclass`);
    t.expect(idx?.valid).toBe(true);
    const exited = runs.filter((r) => r.child.exitCode !== null);
    t.expect(exited.map((r) => r.stderr()), 'every deployer still waiting after the index was built').toEqual([]);

    await holder.unsafe(`select pg_advisory_unlock(${LOCK_KEY}::bigint)`);
    const results = await Promise.all(runs.map((r) => r.result));
    for (const r of results) t.expect(r.code, r.stderr).toBe(0);
    t.expect(results.filter((r) => r.stdout.includes('2 migrations applied'))).toHaveLength(1);
    t.expect(results.filter((r) => r.stdout.includes('up to date'))).toHaveLength(3);
    t.expect(await trackingRows(db)).toHaveLength(2);
    t.expect((await logRows(db)).filter((l) => l.action === 'migrate' && l.ok)).toHaveLength(2);
  }, 60_000);

  it('16 parallel deployers: every one exits 0, every migration runs once', async (t) => {
    const db = await testDatabase(t);
    const migs: Mig[] = Array.from({ length: 8 }, (_, i) => ({
      name: `m${i}`,
      statements:
        i === 3
          ? [`CREATE TABLE m${i} (id int);`, 'SELECT pg_sleep(1);']
          : [`CREATE TABLE m${i} (id int);`, `INSERT INTO m${i} VALUES (${i});`],
    }));
    const p = await makeLadderProject(t, migs);
    const results = await Promise.all(Array.from({ length: 16 }, () => migrate(t, p, db).result));
    for (const r of results) t.expect(r.code, r.stderr).toBe(0);
    const rows = await trackingRows(db);
    t.expect(rows).toHaveLength(8);
    t.expect(new Set(rows.map((r) => r.hash)).size).toBe(8);
    t.expect(rows.map((r) => r.hash)).toEqual(p.tags.map((tag) => sha256Hex(p.sql.get(tag)!)));
    const log = await logRows(db);
    t.expect(log.filter((l) => !l.ok)).toEqual([]);
    for (const tag of p.tags) t.expect(log.filter((l) => l.action === 'migrate' && l.ok && l.migration_id === tag), tag).toHaveLength(1);
    // each table has its one row: no migration ran twice
    for (let i = 0; i < 8; i++) {
      if (i === 3) continue;
      t.expect(await queryRows(db.url, `select id from m${i}`)).toEqual([{ id: i }]);
    }
    const applied = results.flatMap((r) => [...r.stdout.matchAll(/applied (\d{4}_m\d)/g)].map((m) => m[1]));
    t.expect(applied.sort()).toEqual(p.tags);
  }, 60_000);

  it('a migration failing halfway rolls back, is logged with its error, and fails at the same place again', async (t) => {
    const db = await testDatabase(t);
    const p = await makeLadderProject(t, [
      { name: 'good', statements: ['CREATE TABLE good (id int);'] },
      { name: 'bad', statements: ['CREATE TABLE half (id int);', 'INSERT INTO half VALUES (1 / 0);', 'CREATE TABLE never (id int);'] },
      { name: 'later', statements: ['CREATE TABLE later (id int);'] },
    ]);
    const check = async (r: RunResult) => {
      t.expect(r.code, r.stderr).toBe(1);
      expectCleanError(t.expect, r.stderr);
      t.expect(r.stderr).toMatch(/^error: ci: 0001_bad failed at statement 2 \(drizzle\/0001_bad\.sql:3\): division by zero \(SQLSTATE 22012\)/m);
      const tables = await tableNames(db.url);
      t.expect(tables).toContain('good');
      t.expect(tables).not.toContain('half');
      t.expect(tables).not.toContain('never');
      t.expect(tables).not.toContain('later');
      t.expect((await trackingRows(db)).map((r) => r.hash)).toEqual([sha256Hex(p.sql.get('0000_good')!)]);
    };

    const first = await migrate(t, p, db).result;
    await check(first);
    t.expect(first.stdout).toContain('applied 0000_good');
    let log = await logRows(db);
    t.expect(log.map((l) => [l.migration_id, l.ok])).toEqual([
      ['0000_good', true],
      ['0001_bad', false],
    ]);
    t.expect(log[1]!.error).toContain('division by zero');
    t.expect(log[1]!.error).toContain('statement 2');

    const second = await migrate(t, p, db).result;
    await check(second);
    t.expect(second.stdout).not.toContain('applied 0000_good');
    log = await logRows(db);
    t.expect(log.map((l) => [l.migration_id, l.ok])).toEqual([
      ['0000_good', true],
      ['0001_bad', false],
      ['0001_bad', false],
    ]);
    t.expect(log[2]!.error).toBe(log[1]!.error);
  }, 30_000);

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} mid-migration: exit ${code}, says what was applied and what not, rolls back, frees the lock`, async (t) => {
      const db = await testDatabase(t);
      const p = await makeLadderProject(t, slowMigrations);
      await setSleep(admin, db, 30);
      const run = migrate(t, p, db);
      const backend = await waitForSleep(admin, db, run);
      run.child.kill(signal);
      const r = await run.result;
      t.expect(r.code, r.stderr).toBe(code);
      expectCleanError(t.expect, r.stderr);
      t.expect(r.stderr).toMatch(
        new RegExp(`^error: ci: interrupted by ${signal}: applied 0000_first; not applied: 0001_slow, 0002_after$`, 'm'),
      );
      t.expect(r.stdout).toContain('applied 0000_first');

      // The connection is dropped on interrupt; the server then ends the statement and frees the lock.
      await waitFor('the advisory lock to be free', async () => (await advisoryLocks(admin, db)).length === 0, 5_000);
      await waitFor(
        `backend ${backend.pid} to end`,
        async () => (await queryRows(admin, 'select 1 from pg_stat_activity where pid = $1', [backend.pid])).length === 0,
        5_000,
      );
      t.expect(await tableNames(db.url)).not.toContain('t');
      t.expect(await trackingRows(db)).toHaveLength(1);

      await setSleep(admin, db, null);
      const rerun = await migrate(t, p, db).result;
      t.expect(rerun.code, rerun.stderr).toBe(0);
      t.expect(rerun.stdout).toContain('applied 0001_slow');
      t.expect(rerun.stdout).toContain('applied 0002_after');
      t.expect(await trackingRows(db)).toHaveLength(3);
    }, 40_000);
  }
});

// ---------------------------------------------------------------------------
// A dedicated embedded-postgres for the restart case (the shared server must
// not be restarted under the other tests). persistent: true, so stop() keeps
// the data dir and start() brings the same cluster back on the same port.

interface DedicatedServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function startDedicatedPostgres(): Promise<DedicatedServer> {
  return startEmbeddedPostgres({ prefix: 'ladder-pg-restart-', settings: { fsync: 'off', max_connections: '50' } });
}

