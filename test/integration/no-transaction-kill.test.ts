// Issue 13: a -- ladder:no-transaction migration interrupted at every
// statement (SIGKILL of ladder, pg_terminate_backend of its session, SIGTERM),
// then run again: each statement ran once, the invalid index left by an
// interrupted CREATE INDEX CONCURRENTLY is cleaned up, the tracking row
// appears once. And 16 deployers at once on a history with CREATE INDEX
// CONCURRENTLY on a table with data: all exit 0. Real PostgreSQL only (the
// built CLI, spawned; PGlite is one session in one process).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { connect, freshDatabase, queryRows, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { ladderBin, type RunResult } from '../helpers/project.js';

const temps: string[] = [];
afterAll(async () => {
  for (const t of temps.splice(0)) await fs.rm(t, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  result: Promise<RunResult>;
}

function startLadder(t: TestContext, cwd: string, args: string[], databaseUrl: string, timeoutMs = 90_000): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DATABASE_URL: databaseUrl };
  delete env.FORCE_COLOR;
  delete env.LADDER_ENV;
  const child = spawn(process.execPath, [ladderBin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
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
  return { child, result };
}

async function project(migrations: [string, string | string[]][]): Promise<Folder> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-kill-'));
  temps.push(root);
  await fs.writeFile(path.join(root, 'ladder.toml'), '[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n');
  const folder = new Folder(root);
  for (const [name, sql] of migrations) folder.add(name, sql);
  await folder.write();
  return folder;
}

/** Waits until ladder's session waits for a lock; returns its pid. */
async function ladderWaiting(admin: Sql, database: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const rows = await queryRows<{ pid: number }>(
      admin,
      `select pid from pg_stat_activity where datname = $1 and application_name = 'drizzle-ladder' and wait_event_type = 'Lock'`,
      [database],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('ladder never waited for the lock');
}

// Each statement of the migration: what it does, and how a test session makes it wait.
const STATEMENTS = [
  { sql: `INSERT INTO "c1" VALUES (1);`, block: 'LOCK TABLE "c1" IN ACCESS EXCLUSIVE MODE' },
  { sql: `CREATE INDEX CONCURRENTLY "big_v_idx" ON "big" ("v");`, block: `INSERT INTO "big" VALUES (-1)` },
  { sql: `INSERT INTO "c2" VALUES (1);`, block: 'LOCK TABLE "c2" IN ACCESS EXCLUSIVE MODE' },
  { sql: `INSERT INTO "c3" VALUES (1);`, block: 'LOCK TABLE "c3" IN ACCESS EXCLUSIVE MODE' },
];
const NOTX = `-- ladder:no-transaction\n-- ladder:lock-timeout 0\n${STATEMENTS.map((s) => s.sql).join('\n--> statement-breakpoint\n')}`;
const BASE = [
  'CREATE TABLE "c1" ("n" integer); CREATE TABLE "c2" ("n" integer); CREATE TABLE "c3" ("n" integer);',
  'CREATE TABLE "big" ("v" integer); INSERT INTO "big" SELECT g FROM generate_series(1, 20000) g;',
];

describe('no-transaction migration interrupted at every statement (PostgreSQL)', () => {
  const cases = (['SIGKILL', 'terminate', 'SIGTERM'] as const).flatMap((how) => STATEMENTS.map((_, i) => [how, i] as const));
  it.concurrent.for(cases)('%s at statement %i, then a rerun: each statement once, tracking row once', async ([how, at], t) => {
    const db = await freshDatabase(inject('pgUrl'));
    const admin = connect(db.url, { max: 2 });
    const blocker = connect(db.url, { max: 1 });
    t.onTestFinished(async () => {
      await blocker.end({ timeout: 1 }).catch(() => {});
      await admin.end({ timeout: 1 });
      await db.drop();
    });
    const folder = await project([
      ['base', BASE],
      ['notx', NOTX],
    ]);
    const first = await startLadder(t, folder.root, ['migrate', '--to', folder.migs[0]!.tag], db.url).result;
    expect(first.code, first.stderr).toBe(0);

    const reserved = await blocker.reserve();
    await reserved.unsafe('BEGIN');
    await reserved.unsafe(STATEMENTS[at]!.block);
    const run = startLadder(t, folder.root, ['migrate'], db.url);
    const pid = await ladderWaiting(admin, db.name);
    if (how === 'SIGKILL') run.child.kill('SIGKILL');
    else if (how === 'SIGTERM') run.child.kill('SIGTERM');
    else await queryRows(admin, 'select pg_terminate_backend($1)', [pid]);
    const interrupted = await run.result;
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await reserved.unsafe('ROLLBACK');
    reserved.release();

    const rerun = await startLadder(t, folder.root, ['migrate'], db.url).result;
    expect(rerun.code, rerun.stderr).toBe(0);
    for (const c of ['c1', 'c2', 'c3']) expect(await queryRows(admin, `select n from "${c}"`), c).toEqual([{ n: 1 }]);
    expect(await queryRows(admin, `select i.indisvalid as valid from pg_index i where i.indexrelid = 'big_v_idx'::regclass`)).toEqual([{ valid: true }]);
    const rows = await queryRows<{ hash: string }>(admin, 'select hash from drizzle.__drizzle_migrations order by id');
    expect(rows.map((r) => r.hash)).toEqual([folder.hash(folder.migs[0]!.tag), folder.hash(folder.migs[1]!.tag)]);
    expect(await queryRows(admin, 'select * from drizzle.__ladder_partial')).toEqual([]);
  });

  it('16 deployers at once on a history with CREATE INDEX CONCURRENTLY on a table with data: all exit 0, applied once', async (t) => {
    const db = await freshDatabase(inject('pgUrl'));
    const admin = connect(db.url, { max: 1 });
    t.onTestFinished(async () => {
      await admin.end({ timeout: 1 });
      await db.drop();
    });
    const folder = await project([
      ['base', BASE],
      ['legacy', ['CREATE TABLE "d" ("v" integer);', 'COMMIT;', 'CREATE INDEX CONCURRENTLY "big_v2_idx" ON "big" ("v");']],
      ['notx', NOTX],
    ]);
    const runs = Array.from({ length: 16 }, () => startLadder(t, folder.root, ['migrate'], db.url, 150_000).result);
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await queryRows(admin, 'select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: 3 }]);
    for (const c of ['c1', 'c2', 'c3']) expect(await queryRows(admin, `select n from "${c}"`), c).toEqual([{ n: 1 }]);
  }, 180_000);
});
