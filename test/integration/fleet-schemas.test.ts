// Fleets of tenant schemas on real PostgreSQL (issue 19), through the built
// CLI as a deploy runs it: 50 schemas listed by a query, a failure in the
// middle under each failure policy, canaries, overlapping shards at once,
// a SIGKILL mid-fleet and the resume, status across mixed states.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connect, freshDatabase, type FreshDatabase, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { ladderBin, runLadder } from '../helpers/project.js';

const TENANTS = 50;
const names = Array.from({ length: TENANTS }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);

const TOML = `[environments.tenants]
connection_url = { env = "DATABASE_URL" }
fleet = { schemas = { query = "select name from public.tenants where active order by name" } }
`;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

let db: FreshDatabase;
let sql: Sql;
let folder: Folder;
let env: Record<string, string>;

/**
 * Three migrations; the second fails in every schema that has a `blocker`
 * table (a failure injected per tenant, removable without editing a
 * committed file). Each migration also logs its run in public.runs, so a
 * test can count how often it ran in each schema.
 */
beforeEach(async () => {
  db = await freshDatabase(inject('pgUrl'));
  sql = connect(db.url);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-fleet-'));
  const s = sql;
  const d = db;
  cleanups.push(async () => {
    await s.end({ timeout: 5 });
    await d.drop();
    await fs.rm(root, { recursive: true, force: true });
  });
  await sql.unsafe(`create table public.tenants (name text primary key, active boolean not null default true);
    create table public.runs (schema text not null, migration text not null);`);
  await sql.unsafe(`insert into public.tenants (name) select unnest($1::text[])`, [names]);
  await fs.writeFile(path.join(root, 'ladder.toml'), TOML);
  folder = new Folder(root);
  const log = (m: string) => `INSERT INTO public.runs VALUES (current_schema(), '${m}');`;
  folder.add('accounts', ['CREATE TABLE "accounts" ("id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL);', log('0000')]);
  folder.add('orders', [
    'CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL, "account_id" integer NOT NULL REFERENCES "accounts"("id"));',
    `DO $$ BEGIN IF to_regclass('blocker') IS NOT NULL THEN RAISE EXCEPTION 'tenant % is blocked', current_schema(); END IF; END $$;`,
    log('0001'),
  ]);
  folder.add('notes', ['ALTER TABLE "accounts" ADD COLUMN "note" text;', log('0002')]);
  await folder.write();
  env = { DATABASE_URL: db.url };
});

async function block(...schemas: string[]): Promise<void> {
  for (const s of schemas) await sql.unsafe(`create schema if not exists "${s}"; create table "${s}".blocker (x int)`);
}

/** per schema: the migrations that ran there, in order */
async function runsBySchema(): Promise<Map<string, string[]>> {
  const rows = await sql<{ schema: string; migration: string }[]>`select schema, migration from public.runs order by schema, migration`;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.schema, [...(out.get(r.schema) ?? []), r.migration]);
  return out;
}

/** per schema: the drizzle tracking rows there */
async function trackingRows(schema: string): Promise<number> {
  const [row] = await sql.unsafe(`select count(*)::int as n from "${schema}"."__drizzle_migrations"`).catch(() => [{ n: 0 }]);
  return (row as { n: number }).n;
}

describe('a fleet of 50 tenant schemas, listed by a query', () => {
  it('migrates every schema: tables, tracking rows and lock in each schema; a second run does nothing', async () => {
    const first = await runLadder(folder.root, ['migrate', '-e', 'tenants'], { env });
    expect(first.stderr).toContain('50 targets');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('50 targets: 50 done (150 migrations applied, 0 already up to date)');
    const runs = await runsBySchema();
    expect([...runs.keys()]).toEqual(names);
    for (const n of names) expect(runs.get(n)).toEqual(['0000', '0001', '0002']);
    expect(await trackingRows('t17')).toBe(3);
    // nothing in public: each tenant's tables live in its schema
    const [pub] = await sql`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'accounts'`;
    expect(pub!.n).toBe(0);

    const again = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.ok).toBe(true);
    const fleet = doc.environments[0].fleet;
    expect(fleet.targets).toHaveLength(50);
    expect(fleet.targets[0]).toMatchObject({ target: 't01', status: 'ok', from: '0002_notes', to: '0002_notes', applied: [] });
  });

  it('default policy: the first failure stops new targets (exit 4); running ones finish; the rerun picks up', async () => {
    await block('t20');
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--json', '--concurrency', '4'], { env });
    expect(r.code, r.stderr).toBe(4);
    const fleet = JSON.parse(r.stdout).environments[0].fleet;
    const failed = fleet.targets.filter((t: { status: string }) => t.status === 'failed');
    expect(failed.map((t: { target: string }) => t.target)).toEqual(['t20']);
    expect(failed[0]).toMatchObject({ from: null, to: '0000_accounts', applied: ['0000_accounts'], error: { migration: '0001_orders' } });
    expect(failed[0].error.message).toContain('tenant t20 is blocked');
    expect(fleet.stoppedEarly).toBe(true);
    expect(fleet.notStarted).toBeGreaterThan(20);
    const runs = await runsBySchema();
    // t20: its first migration committed, the failed one left nothing (not even its log row)
    expect(runs.get('t20')).toEqual(['0000']);
    expect(runs.has('t50')).toBe(false);
    for (const n of names.slice(0, 19)) expect(runs.get(n)).toEqual(['0000', '0001', '0002']);

    // fix the tenant, run again: only the work left is done, nothing twice
    await sql.unsafe('drop table t20.blocker');
    const again = await runLadder(folder.root, ['migrate', '-e', 'tenants'], { env });
    expect(again.code, again.stderr).toBe(0);
    const after = await runsBySchema();
    for (const n of names) expect(after.get(n), n).toEqual(['0000', '0001', '0002']);
  });

  it('--continue-on-error: every target starts; exit 1 names the failed ones', async () => {
    await block('t05', 't30');
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--continue-on-error'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: tenants: 2 targets failed \(first: t05 at 0001_orders: .*tenant t05 is blocked/m);
    expect(r.stderr).toContain('hint: ');
    expect(r.stdout).toContain('50 targets: 48 done (146 migrations applied, 0 already up to date), 2 failed');
    const runs = await runsBySchema();
    expect(runs.get('t05')).toEqual(['0000']);
    expect(runs.get('t30')).toEqual(['0000']);
    expect(runs.get('t50')).toEqual(['0000', '0001', '0002']);
  });

  it('--max-failures 2: the third failure stops the run (exit 4)', async () => {
    await block('t03', 't06', 't09', 't12');
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--max-failures', '2', '--concurrency', '1', '--json'], { env });
    expect(r.code, r.stderr).toBe(4);
    const fleet = JSON.parse(r.stdout).environments[0].fleet;
    expect(fleet.targets.filter((t: { status: string }) => t.status === 'failed').map((t: { target: string }) => t.target)).toEqual(['t03', 't06', 't09']);
    expect(fleet.targets.find((t: { target: string }) => t.target === 't10').status).toBe('not started');
  });

  it('--canary 3: a failed canary stops the fleet before any other target starts', async () => {
    await block('t02');
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--canary', '3', '--continue-on-error', '--json'], { env });
    expect(r.code, r.stderr).toBe(4);
    const runs = await runsBySchema();
    expect([...runs.keys()].sort()).toEqual(['t01', 't02', 't03']);
    // and healthy canaries let the rest run
    await sql.unsafe('drop table t02.blocker');
    const ok = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--canary', '3'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await runsBySchema()).size).toBe(50);
  });

  it('overlapping shards run at once (two halves and a full run): each migration runs once per schema', async () => {
    const runsAll = await Promise.all([
      runLadder(folder.root, ['migrate', '-e', 'tenants', '--shard', '1/2'], { env }),
      runLadder(folder.root, ['migrate', '-e', 'tenants', '--shard', '2/2'], { env }),
      runLadder(folder.root, ['migrate', '-e', 'tenants'], { env }),
    ]);
    for (const r of runsAll) expect(r.code, r.stderr).toBe(0);
    // the two shards split the fleet without overlap
    const sizes = runsAll.slice(0, 2).map((r) => Number(/(\d+) targets in shard/.exec(r.stdout)?.[1]));
    expect(sizes[0]! + sizes[1]!).toBe(50);
    expect(Math.min(...sizes)).toBeGreaterThan(10);
    const runs = await runsBySchema();
    for (const n of names) expect(runs.get(n), n).toEqual(['0000', '0001', '0002']);
  });

  it('a SIGKILL mid-fleet leaves nothing half-applied; the next run completes every schema', async () => {
    // slow enough to be killed in the middle
    folder.add('slow', ['SELECT pg_sleep(0.05);', `INSERT INTO public.runs VALUES (current_schema(), '0003');`]);
    await folder.write();
    const child = spawn(process.execPath, [ladderBin, 'migrate', '-e', 'tenants', '--concurrency', '2'], {
      cwd: folder.root,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // until some schemas are done and others not
    for (let i = 0; i < 200; i++) {
      const [row] = await sql`select count(distinct schema)::int as n from public.runs where migration = '0003'`;
      if (row!.n >= 5) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await exited;
    const mid = await runsBySchema();
    expect(mid.size).toBeLessThan(50);
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants'], { env });
    expect(r.code, r.stderr).toBe(0);
    const runs = await runsBySchema();
    for (const n of names) expect(runs.get(n), n).toEqual(['0000', '0001', '0002', '0003']);
    for (const n of names) expect(await trackingRows(n)).toBe(4);
  });

  it('--concurrency 3: never more than 3 + 1 ladder sessions on the server', async () => {
    folder.add('slow', ['SELECT pg_sleep(0.03);', `INSERT INTO public.runs VALUES (current_schema(), '0003');`]);
    await folder.write();
    let max = 0;
    let done = false;
    const sampler = (async () => {
      while (!done) {
        const [row] = await sql`select count(*)::int as n from pg_stat_activity where application_name = 'drizzle-ladder' and datname = current_database()`;
        max = Math.max(max, row!.n);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const r = await runLadder(folder.root, ['migrate', '-e', 'tenants', '--concurrency', '3'], { env });
    done = true;
    await sampler;
    expect(r.code, r.stderr).toBe(0);
    expect(max).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThanOrEqual(4);
  });

  it('status across the fleet groups targets by state; --json has one entry per target', async () => {
    await block('t10');
    await runLadder(folder.root, ['migrate', '-e', 'tenants', '--continue-on-error'], { env });
    await sql.unsafe('insert into public.tenants (name) values ($1)', ['t51']);
    const st = await runLadder(folder.root, ['status', '-e', 'tenants'], { env });
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toContain('49 up to date');
    expect(st.stdout).toMatch(/1 with 2 pending \(next 0001_orders\): t10/);
    expect(st.stdout).toMatch(/1 with 3 pending \(next 0000_accounts\): t51/);
    const json = JSON.parse((await runLadder(folder.root, ['status', '-e', 'tenants', '--json'], { env })).stdout);
    const targets = json.environments[0].fleet.targets;
    expect(targets).toHaveLength(51);
    expect(targets.find((t: { target: string }) => t.target === 't10')).toMatchObject({ status: 'ok', applied: 1, pending: ['0001_orders', '0002_notes'] });
  });

  it('rollback on a fleet: every schema reverted, --dry-run first; then migrate applies it again', async () => {
    await fs.writeFile(path.join(folder.root, 'drizzle', '0002_notes.revert.sql'), 'ALTER TABLE "accounts" DROP COLUMN "note";');
    folder.get('0002_notes').revert = 'ALTER TABLE "accounts" DROP COLUMN "note";';
    await folder.write();
    expect((await runLadder(folder.root, ['migrate', '-e', 'tenants'], { env })).code).toBe(0);
    const dry = await runLadder(folder.root, ['rollback', '-e', 'tenants', '--dry-run', '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout).environments[0].fleet.targets;
    expect(planned).toHaveLength(50);
    expect(planned[0].planned.map((p: { id: string }) => p.id)).toEqual(['0002_notes']);
    expect(await trackingRows('t09')).toBe(3);

    const r = await runLadder(folder.root, ['rollback', '-e', 'tenants'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('50 targets: 50 done (50 migrations rolled back, 0 already up to date)');
    for (const n of ['t01', 't25', 't50']) expect(await trackingRows(n)).toBe(2);
    const [col] = await sql`select count(*)::int as n from information_schema.columns where table_name = 'accounts' and column_name = 'note'`;
    expect(col!.n).toBe(0);

    const again = await runLadder(folder.root, ['migrate', '-e', 'tenants'], { env });
    expect(again.code, again.stderr).toBe(0);
    for (const n of ['t01', 't50']) expect(await trackingRows(n)).toBe(3);
  });

  it('try refuses a fleet; fleet options without a fleet are refused', async () => {
    const t = await runLadder(folder.root, ['try', '-e', 'tenants'], { env });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/^error: tenants: tenants is a fleet \(many schemas\), and this command works on one database$/m);
    const sq = await runLadder(folder.root, ['sql', '-e', 'tenants', 'select 1'], { env });
    expect(sq.code).toBe(2);
    await fs.writeFile(path.join(folder.root, 'ladder.toml'), `${TOML}\n[environments.one]\nconnection_url = { env = "DATABASE_URL" }\n`);
    const opt = await runLadder(folder.root, ['migrate', '-e', 'one', '--canary', '2'], { env });
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/^error: --canary applies to fleets only, and no active environment is a fleet$/m);
  });
});
