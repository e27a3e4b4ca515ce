// The migrate lock (drizzle-orm#874), on real PostgreSQL only: PGlite is one
// session and its advisory locks never block (electric-sql/pglite#704).
// Processes are the built `ladder` binary, as a deploy runs it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { advisoryLockKey, lockKeyParts } from '../../src/core/lock-key.js';
import { isLadderError, migrate } from '../../src/index.js';
import { connect, freshDatabase, type FreshDatabase, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { runLadder } from '../helpers/project.js';

const LADDER_TOML = `[environments.prod]
connection_url = { env = "DATABASE_URL" }
is_production = true
`;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

/** A fresh database, a client on it, and a project whose ladder.toml points at it. */
async function setup(build: (f: Folder) => void): Promise<{ db: FreshDatabase; sql: Sql; folder: Folder; env: NodeJS.ProcessEnv }> {
  const db = await freshDatabase(inject('pgUrl'));
  const sql = connect(db.url);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-lock-'));
  cleanups.push(async () => {
    await sql.end({ timeout: 5 });
    await db.drop();
    await fs.rm(root, { recursive: true, force: true });
  });
  await fs.writeFile(path.join(root, 'ladder.toml'), LADDER_TOML);
  const folder = new Folder(root);
  build(folder);
  await folder.write();
  return { db, sql, folder, env: { DATABASE_URL: db.url } };
}

const { classid, objid } = lockKeyParts(advisoryLockKey('drizzle', '__drizzle_migrations'));

async function advisoryLocks(sql: Sql): Promise<{ pid: number; application_name: string | null }[]> {
  return sql`select l.pid, a.application_name from pg_locks l left join pg_stat_activity a on a.pid = l.pid
              where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`;
}

describe('the migrate lock on real PostgreSQL', () => {
  it('8 `ladder migrate` processes at once: all exit 0 and each migration runs exactly once', async () => {
    const { sql, folder, env } = await setup((f) => {
      f.add('runs', ['CREATE TABLE "runs" ("tag" text NOT NULL, "pid" integer NOT NULL DEFAULT pg_backend_pid());', `INSERT INTO "runs" ("tag") VALUES ('0000');`]);
      for (let i = 1; i < 10; i++) {
        const tag = String(i).padStart(4, '0');
        const stmts = [`CREATE TABLE "t${i}" ("id" serial PRIMARY KEY NOT NULL);`, `INSERT INTO "runs" ("tag") VALUES ('${tag}');`];
        if (i === 4) stmts.push('SELECT pg_sleep(0.3);'); // slowish: the others pile up on the lock
        f.add(`step${i}`, stmts);
      }
    });

    const results = await Promise.all(Array.from({ length: 8 }, () => runLadder(folder.root, ['migrate'], { env, timeoutMs: 60_000 })));
    for (const r of results) {
      expect(r.code, `stderr: ${r.stderr}\nstdout: ${r.stdout}`).toBe(0);
      expect(r.stderr).not.toMatch(/error:/);
    }
    // one process applied all ten; the others found nothing to do
    const applied = results.map((r) => (/(\d+) migrations? applied/.exec(r.stdout)?.[1] ?? '0')).map(Number);
    expect(applied.reduce((a, b) => a + b, 0)).toBe(10);

    const rows = await sql`select hash, created_at::text from drizzle.__drizzle_migrations order by id`;
    expect(rows.length).toBe(10);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(10);
    expect(rows.map((r) => r.hash)).toEqual(folder.migs.map((m) => folder.hash(m.tag)));
    // each migration's SQL ran once: one row per tag in a table the migrations write
    const runs = await sql`select tag, count(*)::int as n from runs group by tag order by tag`;
    expect(runs).toEqual(folder.migs.map((m) => ({ tag: m.tag.slice(0, 4), n: 1 })));
    const log = await sql`select migration_id, count(*)::int as n from drizzle.__ladder_log where action = 'migrate' and ok group by migration_id order by migration_id`;
    expect(log).toEqual(folder.migs.map((m) => ({ migration_id: m.tag, n: 1 })));
    expect((await sql`select count(*)::int as n from drizzle.__ladder_log where not ok`)[0]!.n).toBe(0);
    expect(await advisoryLocks(sql)).toEqual([]);
  }, 120_000);

  it('--lock-timeout 1s while another session holds the lock: exit 1 naming the holder pid, nothing applied', async () => {
    const { db, sql, folder, env } = await setup((f) => {
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
    });
    const holder = connect(db.url, { max: 1 });
    try {
      const key = advisoryLockKey('drizzle', '__drizzle_migrations');
      const [me] = await holder`select pg_backend_pid() as pid, pg_advisory_lock(${key.toString()}::bigint) is not null as locked`;
      const started = Date.now();
      const r = await runLadder(folder.root, ['migrate', '--lock-timeout', '1s'], { env });
      const took = Date.now() - started;

      expect(r.code, r.stderr).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: prod: lock timeout after 1\.\d+s: another migrate holds the lock/);
      expect(errors[0]).toContain(`pid ${me!.pid}`);
      expect(errors[0]).toMatch(/since \d{4}-\d\d-\d\d/);
      expect(r.stderr).toMatch(/^hint: /m);
      expect(r.stderr).toContain(`waiting for the migrate lock held by pid ${me!.pid}`);
      expect(took).toBeLessThan(15_000);
      // verify ran, but nothing was created or applied
      expect((await sql`select to_regclass('drizzle.__drizzle_migrations')::text as r`)[0]!.r).toBeNull();
      expect((await sql`select to_regclass('public.users')::text as r`)[0]!.r).toBeNull();

      // once the holder lets go, migrate goes through
      await holder`select pg_advisory_unlock(${key.toString()}::bigint)`;
      const ok = await runLadder(folder.root, ['migrate', '--lock-timeout', '1s'], { env });
      expect(ok.code, ok.stderr).toBe(0);
      expect((await sql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]!.n).toBe(1);
    } finally {
      await holder.end({ timeout: 5 });
    }
  });

  it('while a slow migration runs: the lock is held by ladder, a second migrate times out naming it, "still running" is shown; afterwards no lock is left', async () => {
    const { sql, folder, env } = await setup((f) => {
      // long enough for a second process to start while it runs, even on a busy runner
      f.add('slow', ['CREATE TABLE "slow" ("id" integer);', 'SELECT pg_sleep(4);']);
    });
    const first = runLadder(folder.root, ['migrate'], { env });

    let held: { pid: number; application_name: string | null } | undefined;
    for (let i = 0; i < 100 && !held; i++) {
      const locks = await sql`select l.pid, a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                               where l.locktype = 'advisory' and l.granted and l.classid = ${classid} and l.objid = ${objid} and l.objsubid = 1
                                 -- other tests' databases use the same key at the same time
                                 and l.database = (select oid from pg_database where datname = current_database())`;
      held = locks[0] as typeof held;
      if (!held) await new Promise((r) => setTimeout(r, 50));
    }
    expect(held, 'ladder never took the advisory lock').toBeDefined();
    expect(held!.application_name).toBe('drizzle-ladder');

    const second = await runLadder(folder.root, ['migrate', '--lock-timeout', '300ms'], { env });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain(`pid ${held!.pid}`);
    expect(second.stderr).toContain('application_name drizzle-ladder');

    const r = await first;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[prod\] 0000_slow: statement 2 still running \(2\.\d s\)/);
    expect(r.stdout).toMatch(/\[prod\] applied 0000_slow in [4-9]\.\d s/);
    expect(await advisoryLocks(sql)).toEqual([]);
  });

  it('the lock is released after a failed run too, on a client ladder was given and did not close', async () => {
    const { db, sql, folder } = await setup((f) => {
      f.add('ok', ['CREATE TABLE "ok" ("id" integer);']);
      f.add('bad', ['SELECT * FROM "nope";']);
    });
    const given = connect(db.url, { max: 2 });
    try {
      const config = { root: folder.root, environments: { prod: { connectionUrl: db.url } } };
      const e = await migrate({ config, db: given }).catch((x: unknown) => x);
      expect(isLadderError(e) && e.code).toBe(1);
      // the given client is still open, and holds no advisory lock
      expect((await given`select 1 as one`)[0]!.one).toBe(1);
      expect(await advisoryLocks(sql)).toEqual([]);
      expect((await sql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]!.n).toBe(1);
    } finally {
      await given.end({ timeout: 5 });
    }
  });
});
