// The built `ladder` binary, spawned without a TTY in temp projects made with
// real `drizzle-kit generate`, on PGlite (what `ladder init` sets up) and on
// the real PostgreSQL server (connection_url = { env = "DATABASE_URL" }).
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { abandonedSessions, freshDatabase, queryRows, tableNames, withSql } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { USERS, USERS_AND_POSTS } from '../helpers/schemas.js';

// Generous: each test spawns drizzle-kit and ladder a dozen times, and a busy
// 2-core CI runner can make every spawn take seconds.
const SLOW = 180_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

async function project(schema: string, name: string): Promise<string> {
  const dir = await makeProject({ schema, name });
  cleanups.push(() => removeProject(dir));
  return dir;
}

async function journal(dir: string): Promise<{ tag: string; when: number }[]> {
  return (JSON.parse(await fs.readFile(path.join(dir, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }).entries;
}

/** What drizzle-orm would store for each journal entry: sha256 of the file, created_at = when. */
async function expectedRows(dir: string): Promise<{ hash: string; created_at: string }[]> {
  const rows = [];
  for (const e of await journal(dir)) {
    rows.push({ hash: sha256Hex(await fs.readFile(path.join(dir, 'drizzle', `${e.tag}.sql`))), created_at: String(e.when) });
  }
  return rows;
}

/** Asserts the exit code, showing the output when it differs. */
function expectExit(r: RunResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`).toBe(code);
}

/** stdout is exactly one JSON document. */
function jsonOf(r: RunResult): Record<string, any> {
  expect(r.stdout.trim().startsWith('{'), r.stdout).toBe(true);
  return JSON.parse(r.stdout) as Record<string, any>;
}

function errorLines(r: RunResult): string[] {
  return r.stderr.split('\n').filter((l) => l.startsWith('error:'));
}

// Each test has its own project and database, and mostly waits on child
// processes: run them concurrently.
describe.concurrent('ladder CLI', () => {
  it('PGlite, set up by `ladder init`: init, commit --untried, migrate, status --all; the PGlite database holds drizzle-orm rows', async () => {
    const dir = await project(USERS, 'users');
    expectExit(await runLadder(dir, ['init']), 0);
    expect(await fs.readFile(path.join(dir, 'ladder.toml'), 'utf8')).toContain('pglite = ".ladder/dev"');
    expect(await fs.readFile(path.join(dir, '.gitignore'), 'utf8')).toContain('.ladder/');

    const c1 = await runLadder(dir, ['commit', '--untried']);
    expectExit(c1, 0);
    expect(c1.stdout).toContain('committed 0000_users');
    await regenerate(dir, USERS_AND_POSTS, 'posts');
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    const committed = await fs.readFile(path.join(dir, 'drizzle', 'committed.toml'), 'utf8');
    expect(committed.match(/\[\[migration\]\]/g)).toHaveLength(2);

    const m = await runLadder(dir, ['migrate']);
    expectExit(m, 0);
    // each migration with its duration, then the summary
    expect(m.stdout).toMatch(/^\[dev\] applied 0000_users in \d+(\.\d)? m?s$/m);
    expect(m.stdout).toMatch(/^\[dev\] applied 0001_posts in \d+(\.\d)? m?s$/m);
    expect(m.stdout).toMatch(/\[dev\] 2 migrations applied/);
    expect(m.stderr).not.toContain('error:');

    const s = await runLadder(dir, ['status', '--all']);
    expectExit(s, 0);
    expect(s.stdout).toMatch(/0000_users\s+applied\s+drizzle\/0000_users\.sql/);
    expect(s.stdout).toMatch(/0001_posts\s+applied\s+drizzle\/0001_posts\.sql/);

    const db = await PGlite.create(path.join(dir, '.ladder', 'dev'));
    try {
      expect(await queryRows(db, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id')).toEqual(await expectedRows(dir));
      expect(await tableNames(db)).toEqual(['posts', 'users']);
    } finally {
      await db.close();
    }
  }, SLOW);

  it('real PostgreSQL: dry run, migrate --json, status, verify, a failing migration, a tampered file; every exit code and --json document', async () => {
    const dir = await project(USERS, 'users');
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    expectExit(await runLadder(dir, ['init']), 0);
    await fs.appendFile(path.join(dir, 'ladder.toml'), '\n[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n');
    const env = { DATABASE_URL: db.url };
    const ladder = (...args: string[]) => runLadder(dir, ['-e', 'ci', ...args], { env });

    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    await regenerate(dir, USERS_AND_POSTS, 'posts');
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);

    // --dry-run: the SQL, and nothing changes
    const dry = await ladder('migrate', '--dry-run');
    expectExit(dry, 0);
    expect(dry.stdout).toContain('[ci] -- 0000_users (drizzle/0000_users.sql)');
    expect(dry.stdout).toContain('CREATE TABLE "users"');
    expect(dry.stdout).toContain(`CREATE TYPE "public"."status" AS ENUM('draft', 'published');`);
    expect(await withSql(db.url, (sql) => sql`select nspname from pg_namespace where nspname = 'drizzle'`)).toHaveLength(0);
    expect(await tableNames(db.url)).toEqual([]);

    // migrate --json: one document, the applied migrations with durations
    const m = await ladder('migrate', '--json');
    expectExit(m, 0);
    const doc = jsonOf(m);
    expect(doc.ok).toBe(true);
    expect(doc.environments[0].environment).toBe('ci');
    expect(doc.environments[0].applied.map((a: { id: string }) => a.id)).toEqual(['0000_users', '0001_posts']);
    for (const a of doc.environments[0].applied) expect(typeof a.durationMs).toBe('number');
    expect(await queryRows(db.url, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id')).toEqual(await expectedRows(dir));
    expect(await tableNames(db.url)).toEqual(['posts', 'users']);
    // the target is shown with its password masked (the shared server's password, `postgres`, is
    // also the scheme and user here; test/e2e/security.test.ts greps a distinctive one everywhere)
    const target = new URL(doc.environments[0].target);
    expect(target.password).toBe('***');
    expect(`${target.host}${target.pathname}`).toBe(`${new URL(db.url).host}${new URL(db.url).pathname}`);

    const again = await ladder('migrate');
    expectExit(again, 0);
    expect(again.stdout).toMatch(/\[ci\] up to date/);

    // status hides applied migrations unless --all; --json is one document
    const s = await ladder('status');
    expectExit(s, 0);
    expect(s.stdout).toContain('2 applied');
    expect(s.stdout).toContain('2 applied migrations hidden');
    expect(s.stdout).not.toMatch(/0000_users\s+applied/);
    const sAll = await ladder('status', '--all');
    expect(sAll.stdout).toMatch(/0000_users\s+applied/);
    const sJson = await ladder('status', '--json');
    expectExit(sJson, 0);
    expect(jsonOf(sJson).environments[0].migrations.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      ['0000_users', 'applied'],
      ['0001_posts', 'applied'],
    ]);

    const v = await ladder('verify');
    expectExit(v, 0);
    expect(v.stdout).toContain('ok: 2 committed migrations verified (files and ci)');

    // baseline where something is applied: refused, exit 2
    const b = await ladder('baseline');
    expectExit(b, 2);
    expect(errorLines(b)).toEqual([expect.stringContaining('baseline refused in ci')]);

    // a failing migration: exit 1, one error line naming migration, statement, file:line, SQLSTATE
    const custom = await generate(dir, { custom: true, name: 'backfill' });
    await fs.writeFile(custom.sqlFile!, `UPDATE "users" SET "name" = 'x';\n--> statement-breakpoint\nUPDATE "nope" SET "a" = 1;\n`);
    await fs.writeFile(custom.sqlFile!.replace(/\.sql$/, '.revert.sql'), '-- ladder:irreversible\n');
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    const fail = await ladder('migrate');
    expectExit(fail, 1);
    expect(errorLines(fail)).toEqual([
      'error: ci: 0002_backfill failed at statement 2 (drizzle/0002_backfill.sql:3): relation "nope" does not exist (SQLSTATE 42P01)',
    ]);
    expect(fail.stderr).toMatch(/^hint: /m);
    expect(fail.stderr).not.toMatch(/^\s+at /m); // no stack trace without --verbose
    const failJson = await ladder('migrate', '--json');
    expectExit(failJson, 1);
    const fdoc = jsonOf(failJson);
    expect(fdoc.ok).toBe(false);
    expect(fdoc.error).toMatchObject({ code: 1, environment: 'ci', migration: '0002_backfill', file: 'drizzle/0002_backfill.sql', line: 3 });
    expect((await queryRows(db.url, 'select id from drizzle.__drizzle_migrations')).length).toBe(2);

    // a committed file edited afterwards: verify and migrate exit 3, nothing applied
    await fs.appendFile(path.join(dir, 'drizzle', '0001_posts.sql'), '\nSELECT 1;');
    await fs.writeFile(custom.sqlFile!, `UPDATE "users" SET "name" = 'x';\n`); // would succeed now
    const vBad = await ladder('verify');
    expectExit(vBad, 3);
    expect(errorLines(vBad)).toHaveLength(1);
    expect(vBad.stderr).toContain('drizzle/0001_posts.sql was edited after it was committed');
    expect(vBad.stderr).toContain('drizzle/0002_backfill.sql was edited after it was committed');
    const vJson = await ladder('verify', '--json');
    expectExit(vJson, 3);
    expect(jsonOf(vJson).error.problems.map((p: { kind: string; migration: string }) => [p.kind, p.migration])).toEqual([
      ['modified', '0001_posts'],
      ['modified', '0002_backfill'],
    ]);
    // offline: no database (DATABASE_URL unset), files only
    const vOff = await runLadder(dir, ['-e', 'ci', 'verify', '--offline']);
    expectExit(vOff, 3);
    expect(vOff.stderr).toContain('2 integrity problems');
    const sOff = await runLadder(dir, ['-e', 'ci', 'status', '--offline', '--json']);
    // it shows integrity problems: exit 3, as verify (issue 18), the document still whole on stdout
    expectExit(sOff, 3);
    expect(jsonOf(sOff).ok).toBe(false);
    expect(jsonOf(sOff).environments[0].migrations.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      ['0000_users', 'committed'],
      ['0001_posts', 'modified'],
      ['0002_backfill', 'modified'],
    ]);
    // and without --json: the table, then the same exit 3, said on stderr
    const sText = await runLadder(dir, ['-e', 'ci', 'status', '--offline']);
    expectExit(sText, 3);
    expect(sText.stdout).toMatch(/0001_posts\s+modified/);
    expect(sText.stderr).toContain('error: 2 integrity problems (listed above): verify and migrate exit 3 until they are fixed');
    const mBad = await ladder('migrate', '--json');
    expectExit(mBad, 3);
    expect(jsonOf(mBad).error.code).toBe(3);
    expect(mBad.stderr).toMatch(/^error: /m);
    expect((await queryRows(db.url, 'select id from drizzle.__drizzle_migrations')).length).toBe(2);
    expect((await queryRows(db.url, 'select count(*)::int as n from drizzle.__ladder_log where ok')).map((r) => r.n)).toEqual([2]);

    // ladder exits without waiting for the server to close its connection,
    // but never before its Terminate is sent: the server saw every one of
    // the runs above (failed ones too) say goodbye, none simply vanish.
    expect(await abandonedSessions(inject('pgUrl'), db.name, 'drizzle-ladder')).toBe(0);
  }, SLOW);

  it('real PostgreSQL: baseline --to on a database whose schema exists, then migrate applies only the later migrations', async () => {
    const dir = await project(USERS, 'users');
    await regenerate(dir, USERS_AND_POSTS, 'posts');
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    await fs.writeFile(path.join(dir, 'ladder.toml'), '[environments.legacy]\nconnection_url = { env = "LEGACY_URL" }\n');
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    // the users table was made before ladder, by hand
    await withSql(db.url, (sql) => sql.unsafe('CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL)'));
    const env = { LEGACY_URL: db.url };

    const b = await runLadder(dir, ['baseline', '--to', '0000_users'], { env });
    expectExit(b, 0);
    expect(b.stdout).toContain('[legacy] recorded 0000_users (fake)');
    // --to stops there: what comes after it stays pending
    const upTo = await runLadder(dir, ['migrate', '--to', '0000_users'], { env });
    expectExit(upTo, 0);
    expect(upTo.stdout).toContain('[legacy] nothing to apply up to 0000_users (1 pending after it)');
    expect(await tableNames(db.url)).toEqual(['users']);
    const m = await runLadder(dir, ['migrate'], { env });
    expectExit(m, 0);
    expect(m.stdout).toMatch(/\[legacy\] applied 0001_posts in/);
    expect(m.stdout).not.toContain('0000_users');
    expect(await queryRows(db.url, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id')).toEqual(await expectedRows(dir));

    // hand-written migrations recorded without running: `commit --fake`, and `migrate --fake <id>`
    const hotfix = await generate(dir, { custom: true, name: 'hotfix' });
    const legacy = await generate(dir, { custom: true, name: 'legacy' });
    for (const g of [hotfix, legacy]) {
      await fs.writeFile(g.sqlFile!, 'SELECT * FROM "would_fail_if_run";\n');
      await fs.writeFile(g.sqlFile!.replace(/\.sql$/, '.revert.sql'), '-- ladder:irreversible\n');
    }
    expectExit(await runLadder(dir, ['commit', '--untried']), 0);
    const cf = await runLadder(dir, ['commit', '--fake']);
    expectExit(cf, 0);
    expect(cf.stdout).toContain('committed 0003_legacy (fake)');
    expect(await fs.readFile(path.join(dir, 'drizzle', 'committed.toml'), 'utf8')).toMatch(/id = "0003_legacy"\n(.*\n){2}fake = true/);
    const mf = await runLadder(dir, ['migrate', '--fake', '0002_hotfix'], { env });
    expectExit(mf, 0);
    expect(mf.stdout).toContain('[legacy] recorded (fake) 0002_hotfix');
    expect(mf.stdout).toContain('[legacy] recorded (fake) 0003_legacy');
    expect(await queryRows(db.url, 'select hash, created_at::text from drizzle.__drizzle_migrations order by id')).toEqual(await expectedRows(dir));

    const s = await runLadder(dir, ['status', '--all'], { env });
    expectExit(s, 0);
    expect(s.stdout).toMatch(/0000_users\s+applied \(fake\)/);
    expect(s.stdout).toMatch(/0001_posts\s+applied\s/);
    expect(s.stdout).toMatch(/0002_hotfix\s+applied \(fake\)/);
    expect(s.stdout).toMatch(/0003_legacy\s+applied \(fake\)/);
  }, SLOW);

  it('an unknown command or option is exit 2 with one error: line; with --json, one document', async () => {
    const dir = await project(USERS, 'users');
    for (const args of [['nope'], ['migrate', '--bogus'], ['migrate', '--lock-timeout', 'soon']]) {
      const r = await runLadder(dir, args);
      expectExit(r, 2);
      expect(errorLines(r)).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    const j = await runLadder(dir, ['--json', 'migrate', '--bogus']);
    expectExit(j, 2);
    expect(jsonOf(j)).toEqual({ ok: false, error: { code: 2, message: expect.stringContaining("unknown option '--bogus'") } });
    // a missing environment variable is a config error
    await fs.writeFile(path.join(dir, 'ladder.toml'), '[environments.ci]\nconnection_url = { env = "LADDER_TEST_UNSET_URL" }\n');
    const missing = await runLadder(dir, ['migrate'], { env: { LADDER_TEST_UNSET_URL: undefined } });
    expectExit(missing, 2);
    expect(errorLines(missing)[0]).toContain('LADDER_TEST_UNSET_URL');
  }, SLOW);

  it('an unreachable database: exit 1, an error: line, and the password appears nowhere (also with --json and --verbose)', async () => {
    const dir = await project(USERS, 'users');
    await fs.writeFile(
      path.join(dir, 'ladder.toml'),
      [
        '[environments.url]',
        'connection_url = "postgres://u:s3cretPW@127.0.0.1:1/x"',
        '[environments.encoded]',
        'connection_url = { env = "LADDER_TEST_URL" }',
        '[environments.params]',
        'connection_params = { host = "127.0.0.1", port = 1, user = "u", password = { env = "LADDER_TEST_PW" }, database = "x" }',
        '',
      ].join('\n'),
    );
    expectExit(await runLadder(dir, ['commit', '--untried']), 0); // no database, no variables needed
    const env = { LADDER_TEST_URL: 'postgres://u:p%40ss%2FW0rd@127.0.0.1:1/x', LADDER_TEST_PW: 'Param$ecret99' };
    const secrets = ['s3cretPW', 'p%40ss%2FW0rd', 'p@ss/W0rd', 'Param$ecret99'];
    const cases: [string, string[]][] = [
      ['url', ['migrate']],
      ['url', ['--verbose', 'status']],
      ['encoded', ['migrate', '--json']],
      ['encoded', ['--verbose', 'verify']],
      ['params', ['--verbose', 'migrate', '--json']],
    ];
    const results = await Promise.all(cases.map(([name, cmd]) => runLadder(dir, ['-e', name, ...cmd], { env })));
    for (const [i, [name, cmd]] of cases.entries()) {
      const r = results[i]!;
      expectExit(r, 1);
      const errors = errorLines(r);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^error: (${name}: )?cannot connect \\(`));
      // a URL is shown with its password as ***; params are shown without one
      if (name !== 'params') expect(errors[0]).toMatch(/postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/);
      for (const s of secrets) {
        expect(r.stdout, `${name} ${cmd.join(' ')}: stdout`).not.toContain(s);
        expect(r.stderr, `${name} ${cmd.join(' ')}: stderr`).not.toContain(s);
      }
      if (cmd.includes('--json')) expect(jsonOf(r).error.code).toBe(1);
    }
  }, SLOW);
});
