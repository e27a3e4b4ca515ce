// Security of config input, through the built CLI (and the API's inline config):
// - identifiers from ladder.toml (migrations_schema, migrations_table) are validated,
//   so an injection is refused with exit 2 before anything runs; a valid identifier
//   that needs quoting is quoted and creates exactly what it says;
// - a password (connection_params.password = { env = "PGPASSWORD" }, or inside a
//   connection_url) appears in no stdout, stderr, --json document or __ladder_log row,
//   whether the password is wrong, the server unreachable, or a migration fails.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../src/index.js';
import { LadderError } from '../../src/core/errors.js';
import { catalogSnapshot, freshDatabase, queryRows, withSql, type FreshDatabase } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { runLadder, type RunResult } from '../helpers/project.js';

const INIT_SQL = 'CREATE TABLE "items" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL\n);\n';
const INIT_REVERT = 'DROP TABLE "items";\n';

interface Migration {
  tag: string;
  sql: string;
  revert: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const dirs: string[] = [];
const databases: FreshDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop().catch(() => {});
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A project with committed migrations and the given ladder.toml. */
async function project(ladderToml: string, migrations: Migration[] = [{ tag: '0000_init', sql: INIT_SQL, revert: INIT_REVERT }]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-security-'));
  dirs.push(dir);
  await fs.writeFile(path.join(dir, 'ladder.toml'), ladderToml);
  const folder = new Folder(dir);
  for (const m of migrations) folder.add(m.tag.replace(/^\d{4}_/, ''), m.sql, { revert: m.revert });
  await folder.write();
  return dir;
}

async function database(): Promise<FreshDatabase> {
  const db = await freshDatabase(inject('pgUrl'), 'ladder_security');
  databases.push(db);
  return db;
}

async function schemas(url: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    url,
    `select nspname as name from pg_catalog.pg_namespace
      where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg_toast%' and nspname not like 'pg_temp%'
      order by 1`,
  );
  return rows.map((r) => r.name);
}

const tomlString = (s: string) => JSON.stringify(s);

describe('identifiers from ladder.toml', () => {
  const INJECTION = 'x"; drop table victim; --';

  for (const key of ['migrations_schema', 'migrations_table'] as const) {
    it(`refuses an injection through ${key} with exit 2, naming the key, creating nothing`, async () => {
      const db = await database();
      await withSql(db.url, (sql) => sql`create table victim (id integer)`);
      const before = { schemas: await schemas(db.url), public: await catalogSnapshot(db.url) };
      const dir = await project(`${key} = ${tomlString(INJECTION)}\n\n[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n`);

      const commands = [['migrate'], ['status'], ['verify'], ['baseline'], ['migrate', '--json']];
      const results = await Promise.all(commands.map((args) => runLadder(dir, args, { env: { DATABASE_URL: db.url } })));
      for (const [i, args] of commands.entries()) {
        const r = results[i]!;
        expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
        const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
        expect(errorLines).toHaveLength(1);
        expect(errorLines[0]).toMatch(new RegExp(`^error: ladder\\.toml:1: ${key}: ".*" is not a valid identifier`));
        if (args.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 2 } });
        else expect(r.stdout).toBe('');
      }
      expect(await schemas(db.url)).toEqual(before.schemas);
      expect(await catalogSnapshot(db.url)).toBe(before.public);
      expect(before.public).toContain('table victim');
    });
  }

  it('refuses the same injection through the API inline config (LadderError code 2), before connecting', async () => {
    for (const key of ['migrationsSchema', 'migrationsTable'] as const) {
      const error = await migrate({
        config: { [key]: INJECTION, environments: { ci: { connectionUrl: 'postgres://nobody@127.0.0.1:1/none' } } },
        env: 'ci',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LadderError);
      expect((error as LadderError).code).toBe(2);
      expect((error as LadderError).message).toMatch(new RegExp(`${key}: ".*" is not a valid identifier`));
    }
  });

  it('quotes a valid identifier that needs quoting: creates exactly "Ladder$Schema"."Ladder$Migrations"', async () => {
    const db = await database();
    const before = await schemas(db.url);
    const dir = await project(
      'migrations_schema = "Ladder$Schema"\nmigrations_table = "Ladder$Migrations"\n\n[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n',
    );
    const env = { DATABASE_URL: db.url };
    const r = await runLadder(dir, ['migrate'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/applied 0000_init/);

    expect(await schemas(db.url)).toEqual([...before, 'Ladder$Schema'].sort());
    const tables = await queryRows<{ name: string }>(
      db.url,
      `select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'Ladder$Schema' and c.relkind = 'r' order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(['Ladder$Migrations', '__ladder_log', '__ladder_partial', '__ladder_tries']);
    const rows = await queryRows<{ hash: string }>(db.url, 'select hash from "Ladder$Schema"."Ladder$Migrations"');
    expect(rows.map((x) => x.hash)).toEqual([sha256(INIT_SQL)]);

    // read back through the same quoted names
    const again = await runLadder(dir, ['migrate'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/up to date/);
    const status = await runLadder(dir, ['status', '--all', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(status.stdout))).toContain('"applied"');
  });
});

describe('passwords', () => {
  const admin = new URL(inject('pgUrl'));
  const host = admin.hostname;
  const port = Number(admin.port || 5432);
  // characters that need URL encoding, so both spellings must be hidden
  const password = `Pw-${randomBytes(6).toString('hex')}@:/%#`;
  const wrong = `Wrong-${randomBytes(6).toString('hex')}@:/%#`;
  const role = `ladder_sec_${randomBytes(4).toString('hex')}`;
  const forbidden = (pw: string) => [pw, encodeURIComponent(pw)];
  let db: FreshDatabase;
  let passwordAuth = true;

  const url = (pw: string, p = port) => `postgres://${role}:${encodeURIComponent(pw)}@${host}:${p}/${db.name}`;
  const urlToml = (pw: string, p = port) => `[environments.ci]\nconnection_url = ${tomlString(url(pw, p))}\n`;
  const paramsToml = (p = port) =>
    `[environments.ci]\nconnection_params = { host = ${tomlString(host)}, port = ${p}, user = "${role}", password = { env = "PGPASSWORD" }, database = "${db.name}" }\n`;

  beforeAll(async () => {
    db = await database();
    await withSql(inject('pgUrl'), async (sql) => {
      await sql.unsafe(`create role ${role} login password '${password.replace(/'/g, "''")}'`);
      await sql.unsafe(`alter database "${db.name}" owner to ${role}`);
    });
    passwordAuth = await withSql(url(wrong), (sql) => sql`select 1`).then(
      () => false,
      () => true,
    );
  });
  afterAll(async () => {
    // the role owns databases: drop them first
    for (const d of databases) await d.drop().catch(() => {});
    await withSql(inject('pgUrl'), (sql) => sql.unsafe(`drop role if exists ${role}`)).catch(() => {});
  });

  /** Every command that connects, plain, --json and --verbose: nothing may show the password. */
  async function runAll(dir: string, env: Record<string, string>, secrets: string[], exit: number): Promise<RunResult[]> {
    const commands = [['migrate'], ['migrate', '--json'], ['migrate', '--verbose'], ['status'], ['status', '--json'], ['verify'], ['verify', '--json']];
    const runs = await Promise.all(commands.map((args) => runLadder(dir, args, { env })));
    for (const [i, args] of commands.entries()) {
      const r = runs[i]!;
      const shown = `ladder ${args.join(' ')} -> ${r.code}\n${r.stderr}${r.stdout}`;
      expect(r.code, shown).toBe(exit);
      for (const s of secrets) {
        expect(r.stdout, shown).not.toContain(s);
        expect(r.stderr, shown).not.toContain(s);
      }
      if (args.includes('--json')) expect(JSON.parse(r.stdout), shown).toMatchObject({ ok: false, error: { code: exit } });
    }
    return runs;
  }

  it('a wrong password (connection_params, from PGPASSWORD) is in no output', async (ctx) => {
    if (!passwordAuth) ctx.skip();
    const dir = await project(paramsToml());
    const runs = await runAll(dir, { PGPASSWORD: wrong }, forbidden(wrong), 1);
    expect(runs[0]!.stderr).toMatch(/^error: ci: cannot connect \(.*\): password authentication failed/m);
    expect(await schemas(db.url)).not.toContain('drizzle');
  });

  it('a wrong password inside connection_url is in no output, raw or URL-encoded', async (ctx) => {
    if (!passwordAuth) ctx.skip();
    const dir = await project(urlToml(wrong));
    const runs = await runAll(dir, {}, forbidden(wrong), 1);
    expect(runs[0]!.stderr).toContain(`postgres://${role}:***@${host}:${port}/${db.name}`);
  });

  it('an unreachable port: neither spelling of the password is printed', async () => {
    const params = await project(paramsToml(1));
    await runAll(params, { PGPASSWORD: password }, forbidden(password), 1);
    const inUrl = await project(urlToml(password, 1));
    const runs = await runAll(inUrl, {}, forbidden(password), 1);
    expect(runs[0]!.stderr).toMatch(/^error: ci: cannot connect \(postgres:\/\/[^:]+:\*\*\*@/m);
  });

  it('the right password and a failing migration: not in output, --json or __ladder_log', async () => {
    const failing: Migration = { tag: '0001_fails', sql: 'SELECT 1/0;\n', revert: 'SELECT 1;\n' };
    const migrations = [{ tag: '0000_init', sql: INIT_SQL, revert: INIT_REVERT }, failing];
    for (const [toml, env] of [
      [urlToml(password), {}],
      [paramsToml(), { PGPASSWORD: password }],
    ] as const) {
      const dir = await project(toml, migrations);
      for (const args of [['migrate'], ['migrate', '--json'], ['migrate', '--verbose']]) {
        const r = await runLadder(dir, args, { env });
        const shown = `ladder ${args.join(' ')} -> ${r.code}\n${r.stderr}${r.stdout}`;
        expect(r.code, shown).toBe(1);
        expect(r.stderr, shown).toMatch(/0001_fails failed at statement 1 .*division by zero/);
        for (const s of forbidden(password)) {
          expect(r.stdout, shown).not.toContain(s);
          expect(r.stderr, shown).not.toContain(s);
        }
      }
    }
    const log = await queryRows<{ row: string }>(db.url, 'select l::text as row from drizzle.__ladder_log l order by id');
    expect(log.some((l) => l.row.includes('division by zero'))).toBe(true);
    for (const l of log) for (const s of forbidden(password)) expect(l.row).not.toContain(s);
  });

  // KNOWN GAP (reported, src/db/apply.ts): the error text written to __ladder_log is the
  // driver's message unredacted; the CLI redacts what it prints, the log does not. When a
  // Postgres error echoes a value equal to the password, the log keeps it. Remove `.fails`
  // once apply.ts passes the environment's secrets through redactSecrets() before appendLog.
  it('a Postgres error that echoes the password does not put it in __ladder_log', async () => {
    const local = await database();
    await withSql(inject('pgUrl'), (sql) => sql.unsafe(`alter database "${local.name}" owner to ${role}`));
    const echo: Migration = { tag: '0000_echo', sql: `SELECT '${password}'::integer;\n`, revert: 'SELECT 1;\n' };
    const toml = `[environments.ci]\nconnection_url = ${tomlString(`postgres://${role}:${encodeURIComponent(password)}@${host}:${port}/${local.name}`)}\n`;
    const dir = await project(toml, [echo]);
    const r = await runLadder(dir, ['migrate'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(password);
    const log = await queryRows<{ row: string }>(local.url, 'select l::text as row from drizzle.__ladder_log l');
    expect(log.length).toBeGreaterThan(0);
    for (const l of log) expect(l.row).not.toContain(password);
  });
});
