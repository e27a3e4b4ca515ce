// Issue 13: transaction control inside migrations, on PostgreSQL and PGlite
// (one shared suite). The rule under test: a failed statement is the last
// statement of its migration that runs, and a migration is recorded as
// applied only when every statement of it succeeded. After each run the
// tracking rows, __ladder_log and the tables must agree, and the error must
// tell the truth.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, status } from '../../src/index.js';
import { tryMigrations, untry } from '../../src/api/tries.js';
import type { MigrateOptions } from '../../src/index.js';
import { connect, freshDatabase } from '../helpers/db.js';
import { pgliteDialect, postgresDialect, type Target } from '../helpers/dialects.js';
import { rejection } from '../helpers/errors.js';
import { Folder } from '../helpers/folder.js';

const temps: string[] = [];
afterAll(async () => {
  for (const t of temps.splice(0)) await fs.rm(t, { recursive: true, force: true });
});

describe.each([postgresDialect, pgliteDialect])('transaction control on $name', (dialect) => {
  let t: Target;
  let folder: Folder;

  beforeAll(() => dialect.beforeAll());
  afterAll(() => dialect.afterAll());
  afterEach(async () => {
    await t?.cleanup();
  });

  /** A folder: `base` (a counter table), the migrations given, then `after` (creates table after_t). */
  async function setup(migrations: [string, string | string[]][]): Promise<void> {
    t = await dialect.target();
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-tx-'));
    temps.push(root);
    folder = new Folder(root);
    folder.add('base', ['CREATE TABLE "counter" ("n" text NOT NULL);']);
    for (const [name, sql] of migrations) folder.add(name, sql);
    folder.add('after', ['CREATE TABLE "after_t" ("id" integer);']);
    await folder.write();
  }
  const run = (opts: Partial<MigrateOptions> = {}) =>
    migrate({ config: { root: folder.root, migrationsDirectory: 'drizzle', environments: { t: t.environment } }, env: 't', db: t.db, ...opts });

  async function tracked(): Promise<string[]> {
    const exists = await t.query<{ r: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as r`);
    if (!exists[0]?.r) return [];
    const rows = await t.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations order by id');
    return rows.map((r) => folder.migs.find((m) => folder.hash(m.tag) === r.hash)?.tag ?? r.hash);
  }
  async function log(): Promise<{ migration_id: string; ok: boolean }[]> {
    const exists = await t.query<{ r: string | null }>(`select to_regclass('drizzle.__ladder_log')::text as r`);
    if (!exists[0]?.r) return [];
    return t.query(`select migration_id, ok from drizzle.__ladder_log order by id`);
  }
  async function exists(name: string): Promise<boolean> {
    const [r] = await t.query<{ r: string | null }>('select to_regclass($1)::text as r', [name]);
    return !!r?.r;
  }
  async function counter(): Promise<string[]> {
    return (await t.query<{ n: string }>('select n from counter order by n')).map((r) => r.n);
  }
  const tags = () => folder.migs.map((m) => m.tag);

  for (const single of [false, true]) {
    const how = single ? ' (--single-transaction)' : '';
    it(`SAVEPOINT / ROLLBACK TO after a failed statement: nothing after it runs, nothing recorded${how}`, async () => {
      await setup([
        ['sp', ['SAVEPOINT s;', 'INSERT INTO "counter" SELECT * FROM "no_such_table";', 'ROLLBACK TO SAVEPOINT s;', 'CREATE TABLE "s_b" ("id" integer);']],
      ]);
      const e = await rejection(run({ singleTransaction: single }));
      expect(e.code).toBe(1);
      expect(e.message).toMatch(/0001_sp failed at statement 2 .*no_such_table/);
      expect(await exists('s_b')).toBe(false);
      expect(await exists('after_t')).toBe(false);
      expect(await tracked()).toEqual(single ? [] : [tags()[0]]);
      expect((await log()).filter((r) => r.ok).map((r) => r.migration_id)).toEqual(single ? [] : [tags()[0]]);
    });

    it(`SAVEPOINT / RELEASE / ROLLBACK TO that succeed are applied with their migration${how}`, async () => {
      await setup([['sp_ok', ["SAVEPOINT a;", "INSERT INTO counter VALUES ('x');", 'ROLLBACK TO SAVEPOINT a;', "SAVEPOINT b; INSERT INTO counter VALUES ('y'); RELEASE SAVEPOINT b;"]]]);
      const r = await run({ singleTransaction: single });
      expect(r.environments[0]!.applied.map((a) => a.id)).toEqual(tags());
      expect(await counter()).toEqual(['y']);
      expect(await tracked()).toEqual(tags());
    });
  }

  it('COPY ... FROM STDIN is refused before anything runs, with an error line and exit 2', async () => {
    await setup([['copy', ['CREATE TABLE "c" ("id" integer);', 'COPY "c" (id) FROM STDIN;']]]);
    const e = await rejection(run());
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/0001_copy is refused .*ladder does not feed COPY data/);
    expect(e.hint).toMatch(/INSERT/);
    expect(await tracked()).toEqual([]);
    expect(await exists('counter')).toBe(false);
  });

  it('DO blocks with BEGIN ... EXCEPTION ... END and $$ functions with semicolons stay pipelined and apply', async () => {
    const doBlock = `DO $$ BEGIN\n ALTER TABLE "counter" ADD CONSTRAINT "n_chk" CHECK (n <> '');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`;
    const fn = `CREATE FUNCTION bump() RETURNS void LANGUAGE sql AS $$ INSERT INTO counter VALUES ('f1'); INSERT INTO counter VALUES ('f2'); $$;`;
    await setup([['do', [doBlock, fn, 'SELECT bump();']]]);
    const dry = await run({ dryRun: true });
    expect(dry.environments[0]!.planned.map((p) => p.mode)).toEqual(['transaction', 'transaction', 'transaction']);
    await run();
    expect(await counter()).toEqual(['f1', 'f2']);
    expect(await tracked()).toEqual(tags());
  });

  it('legacy COMMIT; before CREATE INDEX CONCURRENTLY (drizzle-orm#860) applies with drizzle-orm\'s boundaries, once', async () => {
    await setup([['cic', ['CREATE TABLE "t1" ("id" integer);', "INSERT INTO counter VALUES ('a');", 'COMMIT;', 'CREATE INDEX CONCURRENTLY "t1_idx" ON "t1" ("id");', "INSERT INTO counter VALUES ('b');"]]]);
    const dry = await run({ dryRun: true });
    expect(dry.environments[0]!.planned[1]!.mode).toBe('segmented');
    await run();
    expect(await exists('t1_idx')).toBe(true);
    expect(await counter()).toEqual(['a', 'b']);
    expect(await tracked()).toEqual(tags());
    expect(await exists('drizzle.__ladder_partial')).toBe(true);
    expect(await t.query('select * from drizzle.__ladder_partial')).toEqual([]);
  });

  it('legacy COMMIT; with a failure after it: never recorded, status partial, the rerun resumes at the failed statement and runs each statement once', async () => {
    await setup([
      ['cic_fail', ['CREATE TABLE "t1" ("id" integer);', "INSERT INTO counter VALUES ('a');", 'COMMIT;', "INSERT INTO counter VALUES ('b');", 'INSERT INTO "fixme" VALUES (1);', "INSERT INTO counter VALUES ('c');"]],
    ]);
    const e = await rejection(run());
    expect(e.code).toBe(1);
    expect(e.message).toMatch(/0001_cic_fail failed at statement 5 .*fixme/);
    expect(e.hint).toMatch(/statements 1-4 of 6 ran and stay committed .*resumes at statement 5/);
    expect(await tracked()).toEqual([tags()[0]]);
    expect(await exists('after_t')).toBe(false);
    expect(await counter()).toEqual(['a', 'b']);
    expect((await log()).filter((r) => r.migration_id === tags()[1]).map((r) => r.ok)).toEqual([false]);
    const st = await status({ config: { root: folder.root, migrationsDirectory: 'drizzle', environments: { t: t.environment } }, env: 't', db: t.db, modes: true });
    const row = st.environments[0]!.migrations.find((r) => r.id === tags()[1])!;
    expect(row.state).toBe('partial');
    expect(row.statementsDone).toBe(4);
    expect(row.mode).toBe('segmented');

    await t.exec('CREATE TABLE "fixme" ("id" integer)');
    await run();
    expect(await counter()).toEqual(['a', 'b', 'c']);
    expect(await tracked()).toEqual(tags());
    expect((await log()).filter((r) => r.migration_id === tags()[1]).map((r) => r.ok)).toEqual([false, true]);
  });

  it('a ROLLBACK in the middle: its segment is undone as drizzle-orm does it; --single-transaction refuses the plan (exit 2) before anything changes', async () => {
    await setup([['rb', ['CREATE TABLE "r1" ("id" integer);', 'ROLLBACK;', 'CREATE TABLE "r2" ("id" integer);']]]);
    const e = await rejection(run({ singleTransaction: true }));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/--single-transaction refused .*0001_rb is a segmented migration/);
    expect(await tracked()).toEqual([]);
    await run();
    expect(await exists('r1')).toBe(false);
    expect(await exists('r2')).toBe(true);
    expect(await tracked()).toEqual(tags());
  });

  it('BEGIN ... END in the middle: a failure inside the segment rolls the segment back and stops', async () => {
    await setup([['seg', ["INSERT INTO counter VALUES ('a');", 'COMMIT;', 'BEGIN;', "INSERT INTO counter VALUES ('b');", 'INSERT INTO "nope" VALUES (1);', 'END;', "INSERT INTO counter VALUES ('c');"]]]);
    const e = await rejection(run());
    expect(e.message).toMatch(/statement 5/);
    expect(await counter()).toEqual(['a']);
    expect(await tracked()).toEqual([tags()[0]]);
    await t.exec('CREATE TABLE "nope" ("id" integer)');
    await run();
    expect(await counter()).toEqual(['a', 'b', 'c']);
    expect(await tracked()).toEqual(tags());
  });

  it('-- ladder:no-transaction: statement by statement, resume after a failure, each statement once', async () => {
    await setup([
      [
        'notx',
        `-- ladder:no-transaction\nINSERT INTO counter VALUES ('1');\n--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "counter_n" ON "counter" ("n");\n--> statement-breakpoint\nINSERT INTO "gate" VALUES (1); INSERT INTO counter VALUES ('2');`,
      ],
    ]);
    const dry = await run({ dryRun: true });
    expect(dry.environments[0]!.planned[1]!.mode).toBe('no-transaction');
    const e = await rejection(run());
    expect(e.message).toMatch(/0001_notx failed at statement 3 .*gate/);
    expect(await counter()).toEqual(['1']);
    expect(await exists('counter_n')).toBe(true);
    expect(await tracked()).toEqual([tags()[0]]);
    await t.exec('CREATE TABLE "gate" ("id" integer)');
    await run();
    expect(await counter()).toEqual(['1', '2']);
    expect(await tracked()).toEqual(tags());
  });

  // (CREATE and DROP INDEX CONCURRENTLY look at the index before running again: DETACH does not)
  it.skipIf(dialect.name === 'pglite')('-- ladder:no-transaction: a statement run alone (DETACH PARTITION CONCURRENTLY) is recorded, so the resume does not run it again', async () => {
    await setup([
      ['parts', ['CREATE TABLE "p" ("n" integer) PARTITION BY LIST ("n");', 'CREATE TABLE "p1" PARTITION OF "p" FOR VALUES IN (1);']],
      ['notx', `-- ladder:no-transaction\nALTER TABLE "p" DETACH PARTITION "p1" CONCURRENTLY;\n--> statement-breakpoint\nINSERT INTO "gate" VALUES (1);`],
    ]);
    const e = await rejection(run());
    expect(e.message).toMatch(/0002_notx failed at statement 2 .*gate/);
    await t.exec('CREATE TABLE "gate" ("id" integer)');
    await run();
    expect(await tracked()).toEqual(tags());
    expect(await t.query(`select inhrelid::regclass::text as p from pg_inherits where inhparent = 'p'::regclass`)).toEqual([]);
  });

  /** A folder of uncommitted migrations only, for the dev loop. */
  async function setupUncommitted(migrations: [string, string | string[], string?][]): Promise<void> {
    t = await dialect.target();
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-try-'));
    temps.push(root);
    folder = new Folder(root);
    for (const [name, sql, revert] of migrations) folder.add(name, sql, { commit: false, ...(revert ? { revert } : {}) });
    await folder.write();
  }
  const devOpts = () => ({ config: { root: folder.root, migrationsDirectory: 'drizzle', environments: { t: t.environment } }, env: 't', db: t.db });
  async function tried(): Promise<string[]> {
    return (await t.query<{ migration_id: string }>('select migration_id from drizzle.__ladder_tries order by position')).map((r) => r.migration_id);
  }

  it('try --all: each try in its own transaction (an enum value added by one is usable by the next); a failure keeps the earlier tries and nothing of the failed one', async () => {
    await setupUncommitted([
      ['mood', [`CREATE TYPE "mood" AS ENUM('ok');`, 'CREATE TABLE "feelings" ("m" "mood");']],
      ['great', [`ALTER TYPE "mood" ADD VALUE 'great';`]],
      ['use', [`INSERT INTO "feelings" VALUES ('great');`]],
      ['bad', ['CREATE TABLE "half" ("id" integer);', 'INSERT INTO "no_such_table" VALUES (1);']],
    ]);
    const e = await rejection(tryMigrations({ ...devOpts(), all: true }));
    expect(e.code).toBe(1);
    expect(e.message).toMatch(/0003_bad: try failed at statement 2/);
    expect(e.hint).toMatch(/tried before it, and still tried: 0000_mood, 0001_great, 0002_use/);
    expect(await tried()).toEqual(tags().slice(0, 3));
    expect(await t.query('select m::text from feelings')).toEqual([{ m: 'great' }]);
    expect(await exists('half')).toBe(false);
  });

  it('try and untry of a -- ladder:no-transaction migration (CREATE / DROP INDEX CONCURRENTLY) run statement by statement', async () => {
    await setupUncommitted([
      ['t', ['CREATE TABLE "t" ("id" integer);']],
      ['idx', '-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY "t_id_idx" ON "t" ("id");', '-- ladder:no-transaction\nDROP INDEX CONCURRENTLY "t_id_idx";'],
    ]);
    await tryMigrations({ ...devOpts(), all: true });
    expect(await tried()).toEqual(tags());
    expect(await exists('t_id_idx')).toBe(true);
    await untry({ ...devOpts(), id: tags()[1] });
    expect(await tried()).toEqual([tags()[0]]);
    expect(await exists('t_id_idx')).toBe(false);
  });

  it('--single-transaction refuses (exit 2) an enum value added in one migration and used in a later one', async () => {
    await setup([
      ['mood', [`CREATE TYPE "mood" AS ENUM('ok');`]],
      ['great', [`ALTER TYPE "mood" ADD VALUE 'great';`]],
      ['use', [`SELECT 'great'::mood;`]],
    ]);
    // created in the same transaction, a new value is usable at once: PostgreSQL allows it
    await run({ to: tags()[1] });
    const e = await rejection(run({ singleTransaction: true }));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/0002_great adds the enum value 'great' and 0003_use uses it/);
    expect(await tracked()).toEqual(tags().slice(0, 2));
    await run();
    expect(await tracked()).toEqual(tags());
  });
});

describe('lock_timeout on PostgreSQL', () => {
  it('a migration blocked by a long-held ACCESS SHARE lock is retried, then fails (exit 1) naming the blocker; released between retries it succeeds', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    const holder = connect(db.url, { max: 1, connection: { application_name: 'long_report' } });
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-lt-'));
    temps.push(root);
    try {
      const folder = new Folder(root);
      folder.add('base', ['CREATE TABLE "busy" ("id" integer);']);
      folder.add('alter', '-- ladder:lock-timeout 1s\nALTER TABLE "busy" ADD COLUMN "x" integer;');
      await folder.write();
      const config = { root, migrationsDirectory: 'drizzle', environments: { t: { connectionUrl: db.url } } };
      await migrate({ config, env: 't', to: folder.migs[0]!.tag });

      const notices: string[] = [];
      const events = { notice: (_env: unknown, m: string) => notices.push(m) };
      const reserved = await holder.reserve();
      await reserved.unsafe('BEGIN');
      await reserved.unsafe('SELECT * FROM busy');
      const e = await rejection(migrate({ config, env: 't', events }));
      expect(e.code).toBe(1);
      expect(e.message).toMatch(/0001_alter failed at statement 1 .*lock timeout \(SQLSTATE 55P03\); gave up after 3 retries; blocked by pid \d+ \(application_name 'long_report'/);
      expect(notices.filter((n) => /retry \d of 3/.test(n))).toHaveLength(3);

      // the blocker ends during the first retry's wait: the retry succeeds
      setTimeout(() => void reserved.unsafe('COMMIT').then(() => {}), 1500); // postgres.js sends a query once it is awaited
      const r = await migrate({ config, env: 't' });
      expect(r.environments[0]!.applied.map((a) => a.id)).toEqual([folder.migs[1]!.tag]);
      reserved.release();
    } finally {
      await holder.end({ timeout: 5 });
      await db.drop();
    }
  }, 60_000);
});
