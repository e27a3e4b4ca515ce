// The dev loop as the README tells it, through the built `ladder` binary with
// no TTY, in a temp project whose migrations come from REAL drizzle-kit
// generate: try, status, edit -> stale, retry, untry, try, commit, generate
// again, try, reset, a custom migration whose revert is a ladder:todo, a
// migration with a broken statement, and `try --watch` until Ctrl-C.
//
// The steps run in order on one project and one database, each from the state
// the previous one left. dev is a PostgreSQL database here (a PGlite dev
// database opens in seconds, and this file spawns the binary some thirty
// times); one step at the end runs the loop on PGlite, as `ladder init` writes it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, tableNames, type FreshDatabase } from '../helpers/db.js';
import { generate, ladderBin, makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';


const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let project: string;
let db: FreshDatabase;
const cleanups: (() => Promise<void>)[] = [];

function ladder(args: string[]): Promise<RunResult> {
  return runLadder(project, args, { env: { DATABASE_URL: db.url } });
}
const sqlPath = (name: string) => path.join(project, 'drizzle', name);
const read = (name: string) => fs.readFile(sqlPath(name), 'utf8');
const write = (name: string, text: string) => fs.writeFile(sqlPath(name), text);
const columns = async (table: string) =>
  (
    await queryRows<{ c: string }>(
      db.url,
      `select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
      [table],
    )
  ).map((r) => r.c);
const tries = async () =>
  (await queryRows<{ id: string }>(db.url, 'select migration_id as id from drizzle.__ladder_tries order by position')).map((r) => r.id);

/** a successful command: exit 0, nothing on stderr that says error */
function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).not.toMatch(/error/i);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'));
  cleanups.push(db.drop);
  project = await makeProject({
    schema: V1,
    name: 'init',
    files: { 'ladder.toml': '[environments.dev]\nconnection_url = { env = "DATABASE_URL" }\n' },
  });
  cleanups.push(() => removeProject(project));
});

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

describe('the dev loop through the ladder binary', () => {
  it('try writes the revert file and applies the migration; status says tried', async () => {
    const r = ok(await ladder(['try']));
    expect(r.stdout).toBe('wrote drizzle/0000_init.revert.sql (generated from drizzle-kit snapshots)\n[dev] tried 0000_init\n');
    expect(await tableNames(db.url)).toEqual(['posts', 'users']);
    expect(await read('0000_init.revert.sql')).toContain('DROP TABLE "posts" CASCADE;');

    const s = ok(await ladder(['status']));
    expect(s.stdout).toMatch(/^ {2}0000_init {2}tried {2}drizzle\/0000_init\.sql$/m);
  });

  it('an edited SQL file shows as tried (stale); retry applies the new version', async () => {
    const original = await read('0000_init.sql');
    await write('0000_init.sql', `${original}--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "nick" text;`);
    const s = ok(await ladder(['status']));
    expect(s.stdout).toMatch(/^ {2}0000_init {2}tried \(stale\) {2}drizzle\/0000_init\.sql$/m);
    expect(s.stdout).toContain('1 tried (stale)');

    const r = ok(await ladder(['retry']));
    expect(r.stdout).toBe('[dev] untried 0000_init\n[dev] tried 0000_init\n');
    expect(await columns('users')).toEqual(['id', 'name', 'nick']);
    expect(ok(await ladder(['status'])).stdout).toMatch(/^ {2}0000_init {2}tried {2}/m);
  });

  it('untry reverts it; try applies it again', async () => {
    expect(ok(await ladder(['untry'])).stdout).toBe('[dev] untried 0000_init\n');
    expect(await tableNames(db.url)).toEqual([]);
    expect(await queryRows(db.url, `select 1 from pg_type where typname = 'status'`)).toEqual([]);
    expect(ok(await ladder(['try'])).stdout).toBe('[dev] tried 0000_init\n');
    expect(await columns('users')).toEqual(['id', 'name', 'nick']);
  });

  it('commit freezes it: committed.toml, the try becomes a tracking row', async () => {
    const r = ok(await ladder(['commit']));
    const hash = sha256(await read('0000_init.sql'));
    expect(r.stdout).toBe(`committed 0000_init: hash ${hash.slice(0, 12)}\n[dev] 0000_init: the try is now an applied migration\n`);
    const toml = await read('committed.toml');
    expect(toml).toContain(`id = "0000_init"\nhash = "${hash}"\nrevert_hash = "${sha256(await read('0000_init.revert.sql'))}"\n`);
    expect(await queryRows(db.url, 'select hash from drizzle.__drizzle_migrations')).toEqual([{ hash }]);
    expect(await tries()).toEqual([]);
    expect(ok(await ladder(['status'])).stdout).toContain('(1 applied migration hidden; --all shows them)');
  });

  it('generate again, try, reset', async () => {
    await regenerate(project, V2, 'bio');
    expect(ok(await ladder(['try'])).stdout).toBe('wrote drizzle/0001_bio.revert.sql (generated from drizzle-kit snapshots)\n[dev] tried 0001_bio\n');
    expect(await columns('users')).toEqual(['id', 'name', 'nick', 'bio']);
    expect(ok(await ladder(['reset'])).stdout).toBe('[dev] untried 0001_bio\n');
    expect(await columns('users')).toEqual(['id', 'name', 'nick']); // the committed migration stays
    expect(await tries()).toEqual([]);
  });

  it('a custom migration gets a ladder:todo revert; commit is refused until it is written', async () => {
    const custom = await generate(project, { custom: true, name: 'seed' });
    expect(custom.tag).toBe('0002_seed');
    await fs.writeFile(custom.sqlFile!, `INSERT INTO "users" ("name") VALUES ('seed');`);
    const t = ok(await ladder(['try', '--all']));
    expect(t.stdout).toMatch(/^wrote drizzle\/0002_seed\.revert\.sql \(ladder:todo: custom migration/m);
    expect(t.stdout).toContain('[dev] tried 0001_bio\n[dev] tried 0002_seed\n');
    expect(await read('0002_seed.revert.sql')).toMatch(/^-- ladder:todo write the revert SQL for 0002_seed\n/);

    ok(await ladder(['commit'])); // 0001_bio
    const refused = await ladder(['commit']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: commit 0002_seed refused: drizzle\/0002_seed\.revert\.sql is still a ladder:todo\n/);
    expect(refused.stderr).toMatch(/^hint: write the revert SQL/m);
    expect(await read('committed.toml')).not.toContain('0002_seed');

    await write('0002_seed.revert.sql', `DELETE FROM "users" WHERE "name" = 'seed';\n`);
    const stale = await ladder(['commit']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/^error: dev: commit 0002_seed refused: its files changed since it was tried in dev\n/);
    expect(ok(await ladder(['retry'])).stdout).toBe(
      '[dev] untried 0002_seed (with the current revert file: the stored one was a ladder:todo)\n[dev] tried 0002_seed\n',
    );
    expect(await queryRows(db.url, 'select name from users')).toEqual([{ name: 'seed' }]);
    expect(ok(await ladder(['commit'])).stdout).toMatch(/^committed 0002_seed: hash [0-9a-f]{12}\n/);
    expect(await queryRows(db.url, 'select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: 3 }]);
  });

  it('a broken statement: exit 1, statement number, file:line, code frame, hint; nothing changed', async () => {
    const custom = await generate(project, { custom: true, name: 'orders' });
    const sql = [
      'CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL, "user_id" integer);',
      '--> statement-breakpoint',
      'INSERT INTO "orders" ("user_id")',
      '  SELECT "id" FROM "user";',
      '--> statement-breakpoint',
      'CREATE INDEX "orders_user_idx" ON "orders" ("user_id");',
    ].join('\n');
    await fs.writeFile(custom.sqlFile!, sql);
    await write('0003_orders.revert.sql', 'DROP TABLE "orders";\n');
    const before = await tableNames(db.url);

    const r = await ladder(['try']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'error: dev: 0003_orders: try failed at statement 2 (drizzle/0003_orders.sql:4): relation "user" does not exist (SQLSTATE 42P01)',
    );
    // Postgres points at "user", on the statement's second line: the frame marks that line
    expect(r.stderr).toMatch(/^ +> 4 \| {3}SELECT "id" FROM "user";$/m);
    expect(r.stderr).toMatch(/^ +3 \| INSERT INTO "orders" \("user_id"\)$/m);
    expect(lines.at(-1)).toBe('hint: its transaction was rolled back: the database is as it was before');
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(await tableNames(db.url)).toEqual(before);
    expect(await tries()).toEqual([]);
    expect(ok(await ladder(['status'])).stdout).toMatch(/^ {2}0003_orders {2}uncommitted {2}/m);
  });

  it('try --watch retries on every save until Ctrl-C', async () => {
    // from: 0003_orders untried and broken: fix it and watch
    await write('0003_orders.sql', (await read('0003_orders.sql')).replace('FROM "user"', 'FROM "users"'));
    const child = spawn(process.execPath, [ladderBin, 'try', '--watch'], {
      cwd: project,
      env: { ...withoutColor(process.env), DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 2 : null))));
    try {
      await waitFor(() => /watching 0003_orders\.sql, 0003_orders\.revert\.sql; Ctrl-C to stop/.test(out), () => out);
      expect(out).toContain('[dev] tried 0003_orders\n');
      expect(await columns('orders')).toEqual(['id', 'user_id']);

      await write('0003_orders.sql', `${await read('0003_orders.sql')}\n--> statement-breakpoint\nALTER TABLE "orders" ADD COLUMN "note" text;`);
      await waitFor(() => /retried 0003_orders: ok/.test(out), () => out);
      expect(out).toContain('[dev] untried 0003_orders\n[dev] tried 0003_orders\n');
      expect(await columns('orders')).toEqual(['id', 'user_id', 'note']);

      // a save that breaks it: shown, not fatal, the database keeps the last good version
      await write('0003_orders.sql', `${await read('0003_orders.sql')}\n--> statement-breakpoint\nALTER TABLE "nope" ADD COLUMN "x" text;`);
      await waitFor(() => /retry failed; still watching/.test(out), () => out);
      expect(out).toMatch(/error: dev: 0003_orders: try failed at statement 5 \(drizzle\/0003_orders\.sql:\d+\): relation "nope" does not exist/);
      expect(await columns('orders')).toEqual(['id', 'user_id', 'note']);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGINT');
    }
    expect([0, 130]).toContain(await exited);
    expect(await tries()).toEqual(['0003_orders']);
  });
});

describe('the production guard through the binary', () => {
  it('try, untry, retry, reset exit 2 before connecting; status against the same URL exits 1', async () => {
    await fs.writeFile(
      path.join(project, 'prod.toml'),
      '[environments.production]\nconnection_url = "postgres://app:s3cret@127.0.0.1:1/app"\nis_production = true\n',
    );
    for (const args of [['try'], ['try', '--all', '--watch'], ['untry', '0000_init'], ['retry'], ['reset']]) {
      const r = await runLadder(project, ['--config', 'prod.toml', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: production: ${args[0]} refused: production is a production environment\n`));
      expect(r.stderr).toMatch(/^hint: try\/untry\/retry\/reset are for development databases/m);
      expect(r.stdout).toBe('');
    }
    const s = await runLadder(project, ['--config', 'prod.toml', 'status']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/^error: production: cannot connect \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app\)/m);
    expect(s.stderr).not.toContain('s3cret');
  });
});

describe('try where committed migrations are pending', () => {
  it('applies them first, as migrate would; --no-migrate refuses, naming them', async () => {
    const pending = await freshDatabase(inject('pgUrl'));
    cleanups.push(pending.drop);
    const dir = await makeProject({ schema: V1, name: 'init', files: { 'ladder.toml': '[environments.dev]\nconnection_url = { env = "DATABASE_URL" }\n' } });
    cleanups.push(() => removeProject(dir));
    const run = (args: string[]) => runLadder(dir, args, { env: { DATABASE_URL: pending.url } });
    ok(await run(['commit', '--untried']));
    await regenerate(dir, V2, 'bio');
    const refused = await run(['try', '--no-migrate']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('try refused: committed migration 0000_init is not applied in dev');
    expect(await tableNames(pending.url)).toEqual([]);
    const r = ok(await run(['try']));
    expect(r.stdout).toContain('[dev] applied 0000_init: committed, pending here (as `ladder migrate`)\n');
    expect(r.stdout).toContain('[dev] tried 0001_bio\n');
    expect(await queryRows(pending.url, 'select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: 1 }]);
  });
});

describe('on PGlite, as `ladder init` sets it up', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeProject({ schema: V1, name: 'init' });
    cleanups.push(() => removeProject(dir));
  });

  it('init, try, status, untry (the catalog is read once, at the end: a PGlite open costs seconds)', async () => {
    ok(await runLadder(dir, ['init']));
    expect(await fs.readFile(path.join(dir, 'ladder.toml'), 'utf8')).toMatch(/\[environments\.dev\]\npglite = "\.ladder\/dev"/);
    expect(ok(await runLadder(dir, ['try'])).stdout).toContain('[dev] tried 0000_init\n');
    expect(ok(await runLadder(dir, ['status'])).stdout).toMatch(/^\[dev\] pglite:.*\n {2}id +state +file\n {2}0000_init {2}tried {2}drizzle\/0000_init\.sql$/m);
    expect(ok(await runLadder(dir, ['untry'])).stdout).toBe('[dev] untried 0000_init\n');
    const again = new PGlite(path.join(dir, '.ladder', 'dev'));
    try {
      expect(await tableNames(again)).toEqual([]);
      expect(await queryRows(again, 'select count(*)::int as n from drizzle.__ladder_tries')).toEqual([{ n: 0 }]);
    } finally {
      await again.close();
    }
  });
});

function withoutColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...env, NO_COLOR: '1' };
  delete copy.FORCE_COLOR;
  return copy;
}

async function waitFor(cond: () => boolean, output: () => string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
