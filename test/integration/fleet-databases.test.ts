// Fleets of tenant databases on real PostgreSQL (issue 19): targets from a
// query (in a control environment), a list, a file and a command printing
// full URLs with a password (never shown), verify and status across the
// fleet, --dry-run per target, baseline of a fleet.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshDatabase, withSql, type FreshDatabase } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { runLadder } from '../helpers/project.js';

const PASSWORD = `Fleet-${randomBytes(6).toString('hex')}`;
const prefix = `fleet_${randomBytes(3).toString('hex')}`;
const dbNames = Array.from({ length: 6 }, (_, i) => `${prefix}_t${i + 1}`);

let admin: string;
let control: FreshDatabase;
let root: string;
let folder: Folder;

function urlOf(database: string, password?: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  if (password !== undefined) {
    u.username = 'ladder_fleet';
    u.password = password;
  }
  return u.toString();
}

beforeAll(async () => {
  admin = inject('pgUrl');
  control = await freshDatabase(admin);
  await withSql(admin, async (sql) => {
    for (const n of dbNames) await sql.unsafe(`create database "${n}"`);
    await sql.unsafe(`do $$ begin if not exists (select from pg_roles where rolname = 'ladder_fleet') then create role ladder_fleet login superuser; end if; end $$`);
    // this run's password, also when an earlier run on the same server created the role
    await sql.unsafe(`alter role ladder_fleet password '${PASSWORD}'`);
  });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-fleetdb-'));
  folder = new Folder(root);
  folder.add('accounts', 'CREATE TABLE "accounts" ("id" serial PRIMARY KEY NOT NULL);');
  folder.add('orders', 'CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL);');
  await folder.write();
});

afterAll(async () => {
  await withSql(admin, async (sql) => {
    for (const n of dbNames) await sql.unsafe(`drop database if exists "${n}" with (force)`);
  });
  await control.drop();
  await fs.rm(root, { recursive: true, force: true });
});

async function toml(fleet: string, extra = ''): Promise<void> {
  await fs.writeFile(
    path.join(root, 'ladder.toml'),
    `[environments.main]\nconnection_url = { env = "DATABASE_URL" }\n\n[environments.tenants]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\nfleet = ${fleet}\n${extra}`,
  );
}

async function tables(database: string): Promise<string[]> {
  const sql = connect(urlOf(database), { max: 1 });
  try {
    const rows = await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    return rows.map((r) => r.table_name as string);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function reset(): Promise<void> {
  await withSql(admin, async (sql) => {
    for (const n of dbNames) {
      await sql.unsafe(`drop database if exists "${n}" with (force)`);
      await sql.unsafe(`create database "${n}"`);
    }
  });
}

describe('a fleet of tenant databases', () => {
  it('from a query run in a control environment: each database migrated; --dry-run first changes nothing', async () => {
    await reset();
    await toml(`{ databases = { query = "select datname from pg_database where datname like '${prefix}\\\\_%' order by 1" }, control = "main" }`);
    const env = { DATABASE_URL: control.url };
    const dry = await runLadder(root, ['migrate', '-e', 'tenants', '--dry-run', '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout).environments[0].fleet.targets;
    expect(planned.map((t: { target: string }) => t.target)).toEqual(dbNames);
    expect(planned[0].planned.map((p: { id: string }) => p.id)).toEqual(['0000_accounts', '0001_orders']);
    expect(planned[0]).toMatchObject({ from: null, to: '0001_orders', applied: [] });
    expect(await tables(dbNames[0]!)).toEqual([]);

    const r = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(r.code, r.stderr).toBe(0);
    // in a log: one line per finished target
    expect(r.stdout.split('\n').filter((l) => l.startsWith('[tenants] ') && l.includes(': 2 migrations applied (0000_accounts .. 0001_orders)'))).toHaveLength(6);
    for (const n of dbNames) expect(await tables(n)).toEqual(['accounts', 'orders']);
    expect(await tables(control.name)).toEqual([]);

    // the listing query runs read-only: one that writes fails, and writes nothing
    await withSql(control.url, (sql) => sql.unsafe('create table fleet_seen (name text)'));
    await toml(`{ databases = { query = "with w as (insert into fleet_seen values ('x') returning name) select name from w" }, control = "main" }`);
    const writes = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(writes.code).toBe(1);
    expect(writes.stderr).toMatch(/^error: tenants: the fleet query failed in main: .*read-only transaction/m);
    expect(await withSql(control.url, (sql) => sql`select count(*)::int as n from fleet_seen`)).toEqual([{ n: 0 }]);
    await withSql(control.url, (sql) => sql.unsafe('drop table fleet_seen'));
  });

  it('from a list and from a file (comments and blank lines skipped); an empty fleet is fine', async () => {
    await reset();
    await toml(`{ databases = { list = ["${dbNames[0]}", "${dbNames[1]}"] } }`);
    const env = { DATABASE_URL: control.url };
    const r = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(await tables(dbNames[1]!)).toEqual(['accounts', 'orders']);
    expect(await tables(dbNames[2]!)).toEqual([]);

    await fs.writeFile(path.join(root, 'tenants.txt'), `# tenants\n${dbNames[2]}\n\n  ${dbNames[3]}  \n`);
    await toml(`{ databases = { file = "tenants.txt" } }`);
    const f = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toContain('2 targets: 2 done');
    expect(await tables(dbNames[3]!)).toEqual(['accounts', 'orders']);

    await fs.writeFile(path.join(root, 'tenants.txt'), '# nobody yet\n');
    const empty = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('0 targets: 0 done');

    await toml(`{ databases = { file = "missing.txt" } }`);
    const missing = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: tenants: fleet file .*missing\.txt does not exist/m);
  });

  it('from a command printing full URLs with a password: the password is never printed, even when a target fails', async () => {
    await reset();
    const lines = [...dbNames.slice(0, 3).map((n) => urlOf(n, PASSWORD)), urlOf(`${prefix}_nosuch`, PASSWORD)];
    await fs.writeFile(path.join(root, 'list.mjs'), `console.log(${JSON.stringify(lines.join('\n'))});\n`);
    await toml(`{ databases = { command = "node list.mjs" } }`);
    const env = { DATABASE_URL: control.url };
    const r = await runLadder(root, ['migrate', '-e', 'tenants', '--continue-on-error'], { env });
    const json = await runLadder(root, ['status', '-e', 'tenants', '--json', '--all'], { env });
    for (const out of [r.stdout, r.stderr, json.stdout, json.stderr]) {
      expect(out).not.toContain(PASSWORD);
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: tenants: 1 target failed \(first: postgres:\/\/ladder_fleet:\*\*\*@.*_nosuch/m);
    expect(r.stdout).toContain(':***@');
    for (const n of dbNames.slice(0, 3)) expect(await tables(n)).toEqual(['accounts', 'orders']);

    await fs.writeFile(path.join(root, 'list.mjs'), `console.error('cannot reach postgres://admin:${PASSWORD}@vault/x'); process.exit(3);\n`);
    const broken = await runLadder(root, ['status', '-e', 'tenants'], { env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: tenants: the fleet command exited with code 3: cannot reach \S+:\/\/admin:\*\*\*@vault\/x$/m);
    expect(broken.stderr).not.toContain(PASSWORD);
  });

  it('verify and status across the fleet: a target whose applied SQL differs is named; exit 3', async () => {
    await reset();
    await toml(`{ databases = { list = ${JSON.stringify(dbNames)} } }`);
    const env = { DATABASE_URL: control.url };
    expect((await runLadder(root, ['migrate', '-e', 'tenants'], { env })).code).toBe(0);
    const ok = await runLadder(root, ['verify', '-e', 'tenants'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('and tenants (6 targets)');
    await withSql(urlOf(dbNames[4]!), (sql) => sql.unsafe(`update drizzle.__drizzle_migrations set hash = repeat('0', 64) where id = 2`));
    const bad = await runLadder(root, ['verify', '-e', 'tenants'], { env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(`tenants/${dbNames[4]}`);
    expect(bad.stderr).toContain('tracking row 2 (hash 000000000000');
    const st = await runLadder(root, ['status', '-e', 'tenants'], { env });
    expect(st.code).toBe(3);
    expect(st.stdout).toMatch(new RegExp(`5 up to date\\n.*1 with 1 unknown, 1 pending \\(next 0001_orders\\): ${dbNames[4]}`));
  });

  it('50 databases with a failing one in the middle: stop (exit 4), continue (exit 1), fixed (exit 0)', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `${prefix}_m${String(i + 1).padStart(2, '0')}`);
    await withSql(admin, async (sql) => {
      for (const n of many) await sql.unsafe(`create database "${n}"`);
    });
    try {
      // the 25th already has an orders table: its second migration fails there
      await withSql(urlOf(many[24]!), (sql) => sql.unsafe('create table orders (x int)'));
      await toml(`{ databases = { query = "select datname from pg_database where datname like '${prefix}\\\\_m%' order by 1" } }`);
      const env = { DATABASE_URL: control.url };
      const stop = await runLadder(root, ['migrate', '-e', 'tenants', '--json'], { env });
      expect(stop.code, stop.stderr + stop.stdout).toBe(4);
      const fleet = JSON.parse(stop.stdout).environments[0].fleet;
      expect(fleet.targets[24]).toMatchObject({ status: 'failed', from: null, to: '0000_accounts', error: { migration: '0001_orders' } });
      expect(fleet.targets[49].status).toBe('not started');
      expect(await tables(many[49]!)).toEqual([]);

      // an environment after a fleet that failed is not started
      await toml(`{ databases = { query = "select datname from pg_database where datname like '${prefix}\\\\_m%' order by 1" } }`, '\n[environments.after]\nconnection_url = { env = "DATABASE_URL" }\n');
      const go = await runLadder(root, ['migrate', '-e', 'tenants,after', '--continue-on-error'], { env });
      expect(go.code).toBe(1);
      expect(await tables(control.name)).toEqual([]);
      expect(go.stderr).toMatch(new RegExp(`^error: tenants: 1 target failed \\(first: ${many[24]} at 0001_orders: .*relation "orders" already exists`, 'm'));
      expect(await tables(many[49]!)).toEqual(['accounts', 'orders']);

      await withSql(urlOf(many[24]!), (sql) => sql.unsafe('drop table orders'));
      const fixed = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stdout).toContain('50 targets: 50 done (1 migration applied, 49 already up to date)');
    } finally {
      await withSql(admin, async (sql) => {
        for (const n of many) await sql.unsafe(`drop database if exists "${n}" with (force)`);
      });
    }
  });

  it('baseline records a fleet as applied without running anything', async () => {
    await reset();
    await toml(`{ databases = { list = ${JSON.stringify(dbNames.slice(0, 2))} } }`);
    const env = { DATABASE_URL: control.url };
    const r = await runLadder(root, ['baseline', '-e', 'tenants', '--to', '0000_accounts'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 targets: 2 done (2 migrations recorded');
    expect(await tables(dbNames[0]!)).toEqual([]);
    const m = await runLadder(root, ['migrate', '-e', 'tenants'], { env });
    expect(m.code, m.stderr).toBe(0);
    expect(await tables(dbNames[0]!)).toEqual(['orders']);
    // a production fleet: rollback refused once, before any target, without --production
    const rb = await runLadder(root, ['rollback', '-e', 'tenants'], { env });
    expect(rb.code).toBe(2);
    expect(rb.stderr).toMatch(/^error: tenants: rollback refused: tenants is a production fleet$/m);
    expect(await tables(dbNames[0]!)).toEqual(['orders']);
  });
});
