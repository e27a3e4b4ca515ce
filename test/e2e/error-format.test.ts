// Every error in the documented format (issue 14): one `error: <environment>: ...`
// line (the environment once), a SQLSTATE where the server gave one, a hint;
// and a sweep: every error touched here, provoked with a password in the URL,
// in connection_params and in an environment variable, printed in plain,
// --json and --verbose: the password appears in none of them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import postgres from 'postgres';
import { ensureLedger } from '../../src/db/ledger.js';
import { connect as ladderConnect } from '../../src/db/connect.js';
import { tableNames as ledgerNames } from '../../src/db/quote.js';
import { advisoryLockKey } from '../../src/core/lock-key.js';
import { freshDatabase, queryRows, withSql, type FreshDatabase } from '../helpers/db.js';
import { committedProject, errorLines, fakeServer, removeDir, runLadderTimed, startLadder, type Finished } from '../helpers/edges.js';

const SECRET = 'Sweep-Secret-42';
const databases: FreshDatabase[] = [];
const dirs: string[] = [];
const cleanups: (() => unknown)[] = [];
let weakUrl: string;
let db: FreshDatabase;

beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'), 'ladder_errors');
  databases.push(db);
  // a role that may connect, but not use the drizzle schema (made by someone else)
  await withSql(db.url, async (sql) => {
    await sql.unsafe(`do $$ begin if not exists (select from pg_roles where rolname = 'ladder_weak') then create role ladder_weak login password '${SECRET}'; end if; end $$`);
    await sql.unsafe('create schema drizzle');
    await sql.unsafe('revoke all on schema drizzle from public');
  });
  const u = new URL(db.url);
  u.username = 'ladder_weak';
  u.password = SECRET;
  weakUrl = u.toString();
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  for (const d of dirs) removeDir(d);
  for (const d of databases) await d.drop().catch(() => {});
});

function project(toml: string): string {
  const dir = committedProject(toml);
  dirs.push(dir);
  return dir;
}

/** Run in plain, --json and --verbose; none may print the secret. Returns the plain run. */
async function sweep(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const [plain, json, verbose] = await Promise.all([
    runLadderTimed(dir, args, env, 30_000),
    runLadderTimed(dir, [...args, '--json'], env, 30_000),
    runLadderTimed(dir, ['--verbose', ...args], env, 30_000),
  ]);
  for (const [mode, r] of [
    ['plain', plain],
    ['--json', json],
    ['--verbose', verbose],
  ] as const) {
    expect(`${r.stdout}\n${r.stderr}`, `${args.join(' ')} ${mode}`).not.toContain(SECRET);
    expect(`${r.stdout}\n${r.stderr}`, `${args.join(' ')} ${mode}`).not.toContain(encodeURIComponent(SECRET));
  }
  expect(errorLines(plain.stderr), plain.stderr).toHaveLength(1);
  return plain;
}

describe('errors in the documented format', () => {
  it('permission denied for schema drizzle: environment, SQLSTATE, and a hint to README\'s role section', async () => {
    const dir = project(`[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const r = await sweep(dir, ['migrate'], { DATABASE_URL: weakUrl });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/^error: ci: .*permission denied for schema drizzle \(SQLSTATE 42501\)/);
    expect(r.stderr).toMatch(/^hint: .*README, "The database role"/m);
  });

  it('migrations_schema = "pg_catalog" is refused by config validation, exit 2', async () => {
    const dir = project(`migrations_schema = "pg_catalog"\n[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const r = await runLadderTimed(dir, ['status', '--offline'], {}, 20_000);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['error: ladder.toml:1: migrations_schema: "pg_catalog": names starting with pg_ are reserved for PostgreSQL\'s system schemas']);
  });

  it('a duplicated tracking row is named as such', async () => {
    const fresh = await freshDatabase(inject('pgUrl'), 'ladder_dup');
    databases.push(fresh);
    const dir = project(`[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    expect((await runLadderTimed(dir, ['migrate'], { DATABASE_URL: fresh.url })).code).toBe(0);
    await withSql(fresh.url, (sql) => sql.unsafe('insert into drizzle.__drizzle_migrations (hash, created_at) select hash, created_at from drizzle.__drizzle_migrations'));
    const r = await runLadderTimed(dir, ['verify'], { DATABASE_URL: fresh.url });
    expect(r.code).toBe(3);
    expect(errorLines(r.stderr)[0]).toMatch(/^error: ci: 0000_init is recorded twice as applied \(tracking rows 1 and 2\): it may have run twice/);
    expect(r.stderr).not.toMatch(/commit --untried/);
  });

  it('two creators of the ledger at once (CREATE SCHEMA racing) both succeed', async () => {
    const fresh = await freshDatabase(inject('pgUrl'), 'ladder_race');
    databases.push(fresh);
    const env = { name: 'ci', connection: { kind: 'url' as const, url: fresh.url }, isProduction: false, display: 'ci' };
    const clients = await Promise.all(Array.from({ length: 8 }, () => ladderConnect(env, undefined, { attempts: 1 })));
    try {
      await Promise.all(clients.map((c) => ensureLedger(c, ledgerNames('drizzle', '__drizzle_migrations'))));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    expect(await queryRows(fresh.url, `select 1 from pg_namespace where nspname = 'drizzle'`)).toHaveLength(1);
  });

  it('a session ended while waiting for the lock fails at once, saying why; the environment is named once', async () => {
    const fresh = await freshDatabase(inject('pgUrl'), 'ladder_waitlost');
    databases.push(fresh);
    const url = fresh.url.replace(/:\/\/([^:]+):([^@]+)@/, `://$1:$2@`);
    const dir = project(`[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => holder.end({ timeout: 1 }));
    await holder`select pg_advisory_lock(${advisoryLockKey('drizzle', '__drizzle_migrations').toString()}::bigint)`;
    const run = startLadder(dir, ['migrate', '--lock-timeout', '60s'], { DATABASE_URL: url });
    await run.waitFor(/waiting for the migrate lock/);
    const ended = performance.now();
    await holder`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'drizzle-ladder' and datname = ${fresh.name}`;
    const r = await run.done;
    // other test files count advisory locks server-wide: hold ours no longer than needed
    await holder.end({ timeout: 1 });
    expect(performance.now() - ended).toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['error: ci: the database session waiting for the migrate lock ended (terminated, or the server restarted): nothing was applied']);
  });
});

describe('secrets sweep', () => {
  it('a TOML syntax error on or next to a literal password', async () => {
    for (const toml of [
      `[environments.ci]\nconnection_params = { host = "db", password = "${SECRET}" }\nis_production = tru\n`,
      `[environments.ci]\nconnection_params = { host = "db", password = "${SECRET} }\n`,
      `[environments.ci]\nconnection_url = "postgres://app:${SECRET}@db/app\nis_production = true\n`,
    ]) {
      const r = await sweep(project(toml), ['status']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/TOML syntax error/);
    }
  });

  it('a host from { env } equal to the password: the target display masks it', async () => {
    const dir = project(
      `[environments.ci]\nconnection_params = { host = { env = "H" }, port = 1, user = "app", password = { env = "P" }, database = "app" }\n`,
    );
    const r = await sweep(dir, ['status'], { H: SECRET, P: SECRET });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/^error: ci: cannot connect \(\*\*\*:1\/app as app\)/);
  });

  it('a server that is not PostgreSQL, a wrong password, a lock timeout, an interrupt: with the password in the URL', async () => {
    const http = await fakeServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    cleanups.push(() => http.close());
    const notPg = project(`[environments.ci]\nconnection_url = "postgres://app:${SECRET}@127.0.0.1:${http.port}/app"\n`);
    expect((await sweep(notPg, ['migrate'])).code).toBe(1);

    const wrong = new URL(db.url);
    wrong.password = SECRET;
    const wrongPw = project(`[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const w = await sweep(wrongPw, ['status'], { DATABASE_URL: wrong.toString() });
    expect(w.code).toBe(1);
    expect(errorLines(w.stderr)[0]).toMatch(/password authentication failed .*\(SQLSTATE 28P01\)/);

    const fresh = await freshDatabase(inject('pgUrl'), 'ladder_sweep_lock');
    databases.push(fresh);
    await withSql(fresh.url, (sql) => sql.unsafe(`alter role ladder_weak superuser; alter role ladder_weak password '${SECRET}'`));
    const weakFresh = new URL(fresh.url);
    weakFresh.username = 'ladder_weak';
    weakFresh.password = SECRET;
    const holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => holder.end({ timeout: 1 }));
    await holder`select pg_advisory_lock(${advisoryLockKey('drizzle', '__drizzle_migrations').toString()}::bigint)`;
    const locked = project(`[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const l = await sweep(locked, ['migrate', '--lock-timeout', '1s'], { DATABASE_URL: weakFresh.toString() });
    await holder.end({ timeout: 1 });
    expect(l.code).toBe(1);
    expect(errorLines(l.stderr)[0]).toMatch(/^error: ci: lock timeout after 1\.\ds: another migrate holds the lock/);
    await withSql(fresh.url, (sql) => sql.unsafe('alter role ladder_weak nosuperuser'));

    const silent = await fakeServer(undefined);
    cleanups.push(() => silent.close());
    const slow = project(`[environments.ci]\nconnection_params = { host = "127.0.0.1", port = ${silent.port}, user = "app", password = { env = "P" } }\n`);
    const run = startLadder(slow, ['migrate'], { P: SECRET });
    for (let i = 0; i < 100 && silent.connections() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGTERM');
    const s = await run.done;
    expect(s.code).toBe(143);
    expect(`${s.stdout}${s.stderr}`).not.toContain(SECRET);
  });

  it('ladder bundle refuses a literal password, unless --allow-literal-secrets', async () => {
    const dir = project(`[environments.ci]\nconnection_url = "postgres://app:${SECRET}@db/app"\n[environments.prod]\nconnection_params = { host = "db", password = "${SECRET}" }\n`);
    const r = await sweep(dir, ['bundle', '--out', 'migrate.mjs']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)[0]).toBe(
      'error: environments.ci.connection_url holds a password; environments.prod.connection_params.password is written in ladder.toml: use { env = "NAME" } so the bundle holds no secret',
    );
    const allowed = await runLadderTimed(dir, ['bundle', '--out', 'migrate.mjs', '--allow-literal-secrets'], {}, 60_000);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});
