// Issue 18 through the built `ladder` binary with no TTY, as a new user runs
// it: a project whose dev database is PGlite (as `ladder init` writes it)
// and a production environment on PostgreSQL. commit --all, status with
// its apply history and exit codes, `ladder sql` on PGlite, migrate --to,
// rollback in dev and in production, and the hints shown along the way.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, type FreshDatabase } from '../helpers/db.js';
import { ladderBin, makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';

const TOML = `default_environments = ["dev"]
[environments.dev]
pglite = ".ladder/dev"
[environments.production]
connection_url = { env = "PROD_URL" }
is_production = true
`;

let project: string;
let prod: FreshDatabase;

function ladder(args: string[], stdin?: string): Promise<RunResult> {
  return runLadder(project, args, { env: { PROD_URL: prod.url }, stdin });
}

function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).not.toMatch(/error/i);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

beforeAll(async () => {
  prod = await freshDatabase(inject('pgUrl'));
  project = await makeProject({ schema: V1, name: 'init', files: { 'ladder.toml': TOML } });
  await regenerate(project, V2, 'bio');
});

afterAll(async () => {
  await prod?.drop().catch(() => {});
  if (project) await removeProject(project);
});

// Every step spawns the binary on a PGlite data directory (seconds each on a
// loaded runner): a step gets four minutes.
describe('the dev loop through the ladder binary (issue 18)', { timeout: 240_000 }, () => {
  it('commit -e production is refused without sending the user to try there', async () => {
    ok(await ladder(['try', '--all']));
    const r = await ladder(['commit', '-e', 'production']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: production: commit 0000_init refused: it is not tried in production');
    expect(r.stderr).not.toContain('try -e production');
    expect(r.stderr).toContain('--untried');
  });

  it('commit --all commits every tried migration and lists them', async () => {
    const r = ok(await ladder(['commit', '--all']));
    expect(r.stdout).toMatch(/^committed 0000_init: hash [0-9a-f]{12}\ncommitted 0001_bio: hash [0-9a-f]{12}\n\[dev\] 0000_init, 0001_bio: the tries are now applied migrations\n$/);
  });

  it('status --all shows when, how long and by what each migration was applied; exit 0', async () => {
    const r = ok(await ladder(['status', '--all']));
    // --all also shows each migration's transaction mode, last
    expect(r.stdout).toContain('  id         state    file                   applied               took     by        mode\n');
    expect(r.stdout).toMatch(/^ {2}0000_init {2}applied {2}drizzle\/0000_init\.sql {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}(?:\d+ ms|\d+(?:\.\d)? s) +commit +transaction$/m);
  });

  it('ladder sql runs statements on the PGlite dev database: an argument, --json, stdin', async () => {
    ok(await ladder(['sql', `insert into users (name) values ('ann')`]));
    const r = ok(await ladder(['sql', 'select id, name, bio from users']));
    expect(r.stdout).toBe(' id | name | bio\n----+------+-----\n 1  | ann  |\n(1 row)\n');
    const j = ok(await ladder(['--json', 'sql', 'select name from users; select 2 as two']));
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, environment: 'dev', results: [{ rows: [{ name: 'ann' }] }, { rows: [{ two: 2 }] }] });
    const s = ok(await ladder(['sql'], `select 'from stdin' as source;\n`));
    expect(s.stdout).toBe(' source\n------------\n from stdin\n(1 row)\n');
    const bad = await ladder(['sql', 'select nope from users']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: dev: column "nope" does not exist \(SQLSTATE 42703\)$/m);
  });

  // a terminal, through util-linux `script` (a pseudo-TTY): the prompt, a statement over two lines, an error that does not end it
  it.skipIf(!existsSync('/usr/bin/script'))('ladder sql on a terminal is a prompt', async () => {
    const child = spawn('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(ladderBin)} sql`, '/dev/null'], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', PROD_URL: prod.url },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 600 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(text);
    };
    await waitFor('dev=> ');
    child.stdin.write('select name\n');
    await waitFor('dev-> ');
    child.stdin.write('from users;\n');
    await waitFor('(1 row)');
    child.stdin.write('select nope;\n');
    await waitFor('column "nope" does not exist');
    child.stdin.write('\\q\n');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out.replace(/\r/g, '')).toMatch(/ name\n-+\n ann\n\(1 row\)/);
  });

  it('ladder sql is refused in production without --production', async () => {
    const r = await ladder(['sql', '-e', 'production', 'select 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: production: sql refused: production is a production environment');
    ok(await ladder(['sql', '-e', 'production', '--production', 'select 1 as one']));
  });

  it('migrate --to says what is still pending after it instead of "up to date"', async () => {
    const a = ok(await ladder(['migrate', '-e', 'production', '--to', '0000_init']));
    expect(a.stdout).toMatch(/^\[production\] 1 migration applied up to 0000_init \(1 pending after it\) \(/m);
    const b = ok(await ladder(['migrate', '-e', 'production', '--to', '0000_init']));
    expect(b.stdout).toMatch(/^\[production\] nothing to apply up to 0000_init \(1 pending after it\) \(/m);
    ok(await ladder(['migrate', '-e', 'production']));
  });

  it('rollback in production: refused without --production, showing the plan; with it, prints the plan first', async () => {
    const r = await ladder(['rollback', '-e', 'production']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: production: rollback refused: production is a production environment\n  revert 0001_bio with drizzle/0001_bio.revert.sql (1 statement)\n  data-loss check: nothing would be lost\n');
    const p = ok(await ladder(['rollback', '-e', 'production', '--production']));
    expect(p.stderr).toContain('[production] rollback plan (');
    expect(p.stdout).toMatch(/^\[production\] rolled back 0001_bio in \d+ ms\n\[production\] 1 migration rolled back \(.*\); `ladder migrate` applies it again\n$/);
    const cols = await queryRows<{ c: string }>(prod.url, `select column_name as c from information_schema.columns where table_name = 'users' order by 1`);
    expect(cols.map((c) => c.c)).toEqual(['id', 'name']);
  });

  it('rollback in dev: the data-loss check refuses a column with data; --dry-run shows it; --allow-data-loss runs', async () => {
    ok(await ladder(['sql', `update users set bio = 'hi'`]));
    const r = await ladder(['rollback']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: dev: rollback refused: the reverts would drop data (1 object holds some)\n  - 0001_bio (drizzle/0001_bio.revert.sql statement 1): column "users"."bio": 1 row\n');
    const d = ok(await ladder(['rollback', '--dry-run']));
    expect(d.stdout).toContain('ALTER TABLE "users" DROP COLUMN "bio";');
    expect(d.stdout).toContain('-- - 0001_bio (drizzle/0001_bio.revert.sql statement 1): column "users"."bio": 1 row');
    ok(await ladder(['rollback', '--allow-data-loss']));
    const s = ok(await ladder(['status']));
    expect(s.stdout).toMatch(/^ {2}0001_bio {2}pending/m);
  });

  it('status exits 3 on a stray tracking row, with the hint for a PGlite dev database', async () => {
    ok(await ladder(['sql', `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'ab'.repeat(32)}', 1)`]));
    const r = await ladder(['status']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^ {2}row \d+ +unknown/m);
    expect(r.stderr).toContain('error: 1 integrity problem (listed above): verify and migrate exit 3 until they are fixed');
    expect(r.stderr).toContain('hint: a migration from another branch, or one since deleted, was applied to this local dev database: recreate it (delete .ladder/dev, then `ladder migrate` and `ladder try`)');
    ok(await ladder(['sql', 'delete from drizzle.__drizzle_migrations where created_at = 1']));
    ok(await ladder(['status']));
  });
});
