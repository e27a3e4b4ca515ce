// `migrate`, `status`, `verify` and `baseline` through the programmatic API,
// one shared suite over two dialects (style.md, Tests): real PostgreSQL (a
// fresh database per test, ladder opens it from the URL) and PGlite (ladder is
// given the instance; one test lets ladder open the data dir itself).
// Assertions are on what a user sees in the database: drizzle's tracking rows,
// tables, __ladder_log, and the LadderError's code and words.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { baseline, migrate, status, verify } from '../../src/index.js';
import type { InlineConfig, MigrateOptions, StatusOptions, VerifyOptions, BaselineOptions } from '../../src/index.js';
import { connect, freshDatabase, type Sql } from '../helpers/db.js';
import { pgliteDialect, postgresDialect, type Target } from '../helpers/dialects.js';
import { rejection } from '../helpers/errors.js';
import { BASE_WHEN, Folder } from '../helpers/folder.js';

// Four migrations that look like drizzle-kit's output; 0001..0003 are the
// drizzle-orm#3466 shape: an enum value added in one migration, used in the next.
function standardFolder(root: string): Folder {
  const f = new Folder(root);
  f.add('users', ['CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL\n);']);
  f.add('mood', [`CREATE TYPE "public"."mood" AS ENUM('ok');`, 'CREATE TABLE "feelings" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"m" "mood" NOT NULL\n);']);
  f.add('mood_great', [`ALTER TYPE "public"."mood" ADD VALUE 'great';`]);
  f.add('use_great', [`INSERT INTO "feelings" ("m") VALUES ('great');`, `CREATE TABLE "posts" ("id" serial PRIMARY KEY NOT NULL, "user_id" integer REFERENCES "users"("id"));`]);
  return f;
}

// ---------------------------------------------------------------------------

const temps: string[] = [];
afterAll(async () => {
  for (const t of temps.splice(0)) await fs.rm(t, { recursive: true, force: true });
});

async function tempRoot(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-migrate-'));
  temps.push(dir);
  return dir;
}

describe.each([postgresDialect, pgliteDialect])('migrate on $name', (dialect) => {
  let t: Target;
  let folder: Folder;

  beforeAll(() => dialect.beforeAll());
  afterAll(() => dialect.afterAll());
  afterEach(async () => {
    await t?.cleanup();
  });

  async function setup(make: (root: string) => Folder = standardFolder): Promise<void> {
    t = await dialect.target();
    folder = make(await tempRoot());
    await folder.write();
  }

  function config(extra: Partial<InlineConfig> = {}): InlineConfig {
    return { root: folder.root, migrationsDirectory: 'drizzle', environments: { t: t.environment }, ...extra };
  }
  const common = () => ({ config: config(), env: 't', db: t.db });
  const run = (opts: Partial<MigrateOptions> = {}) => migrate({ ...common(), ...opts });
  const st = (opts: Partial<StatusOptions> = {}) => status({ ...common(), ...opts });
  const ver = (opts: Partial<VerifyOptions> = {}) => verify({ ...common(), ...opts });
  const base = (opts: Partial<BaselineOptions> = {}) => baseline({ ...common(), ...opts });

  async function tracking(schema = 'drizzle', table = '__drizzle_migrations'): Promise<{ id: number; hash: string; created_at: number }[]> {
    const exists = await t.query<{ r: string | null }>('select to_regclass($1)::text as r', [`"${schema}"."${table}"`]);
    if (!exists[0]?.r) return [];
    const rows = await t.query<{ id: number; hash: string; created_at: string }>(`select id, hash, created_at::text from "${schema}"."${table}" order by id`);
    return rows.map((r) => ({ id: Number(r.id), hash: r.hash, created_at: Number(r.created_at) }));
  }
  async function log(): Promise<{ action: string; migration_id: string | null; hash: string | null; fake: boolean; ok: boolean; error: string | null; duration_ms: number | null }[]> {
    const exists = await t.query<{ r: string | null }>(`select to_regclass('drizzle.__ladder_log')::text as r`);
    if (!exists[0]?.r) return [];
    return t.query(`select action, migration_id, hash, fake, ok, error, duration_ms from drizzle.__ladder_log order by id`);
  }
  /** Tracking rows as [tag, created_at] pairs, by hash: exactly what drizzle-orm would have written. */
  function expectedRows(tags: string[]): { hash: string; created_at: number }[] {
    return tags.map((tag) => ({ hash: folder.hash(tag), created_at: folder.get(tag).when }));
  }
  const rowsOf = (rows: { hash: string; created_at: number }[]) => rows.map((r) => ({ hash: r.hash, created_at: r.created_at }));

  async function tables(schema = 'public'): Promise<string[]> {
    const rows = await t.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'p') order by c.relname`,
      [schema],
    );
    return rows.map((r) => r.name);
  }
  async function schemaExists(name: string): Promise<boolean> {
    return (await t.query(`select 1 from pg_namespace where nspname = $1`, [name])).length > 0;
  }
  const ALL_TABLES = ['feelings', 'posts', 'users'];

  it('applies every committed migration, writing tracking rows exactly as drizzle-orm does', async () => {
    await setup();
    const started = performance.now();
    const result = await run();
    const elapsed = performance.now() - started;

    const tags = folder.migs.map((m) => m.tag);
    expect(result.environments).toHaveLength(1);
    const env = result.environments[0]!;
    expect(env).toMatchObject({ environment: 't', dryRun: false });
    expect(env.applied.map((a) => [a.id, a.fake, a.adopted])).toEqual(tags.map((id) => [id, false, false]));
    // each migration's own time: measured, and within the run's
    for (const a of env.applied) expect(a.durationMs).toBeGreaterThanOrEqual(0);
    expect(env.applied.reduce((sum, a) => sum + a.durationMs, 0)).toBeLessThanOrEqual(elapsed);

    // hash = sha256 of the file, created_at = the journal's `when`, in order
    expect(rowsOf(await tracking())).toEqual(expectedRows(tags));
    // the table drizzle-orm 0.x creates: no 1.0 columns in a journal project
    const columns = await t.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = 'drizzle.__drizzle_migrations'::regclass and attnum > 0 and not attisdropped order by attnum`,
    );
    expect(columns.map((c) => c.name)).toEqual(['id', 'hash', 'created_at']);
    expect(await tables()).toEqual(ALL_TABLES);
    expect(await t.query(`select m::text from feelings`)).toEqual([{ m: 'great' }]);
    // one ok 'migrate' row per migration in the audit log
    expect((await log()).map((l) => [l.action, l.migration_id, l.hash, l.fake, l.ok])).toEqual(
      tags.map((tag) => ['migrate', tag, folder.hash(tag), false, true]),
    );
  });

  it('a second run is a no-op: nothing applied, no new rows anywhere', async () => {
    await setup();
    await run();
    const rows = await tracking();
    const logged = await log();
    const again = await run();
    expect(again.environments[0]!.applied).toEqual([]);
    expect(await tracking()).toEqual(rows);
    expect(await log()).toEqual(logged);
  });

  it('--to applies up to and including that migration; the next run applies the rest', async () => {
    await setup();
    const [a, b, c, d] = folder.migs.map((m) => m.tag) as [string, string, string, string];
    const first = await run({ to: b });
    expect(first.environments[0]!.applied.map((x) => x.id)).toEqual([a, b]);
    expect(rowsOf(await tracking())).toEqual(expectedRows([a, b]));
    expect(await tables()).toEqual(['feelings', 'users']);

    const rest = await run();
    expect(rest.environments[0]!.applied.map((x) => x.id)).toEqual([c, d]);
    expect(rowsOf(await tracking())).toEqual(expectedRows([a, b, c, d]));

    const e = await rejection(run({ to: '0099_nope' }));
    expect(e.code).toBe(2);
    expect(e.message).toContain('--to 0099_nope');
  });

  it('--fake records a migration as applied without running it', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('legacy', ['CREATE TABLE "legacy" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('orders', ['CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL);']);
      return f;
    });
    const [a, b, c] = folder.migs.map((m) => m.tag) as [string, string, string];
    const result = await run({ fake: [b] });
    expect(result.environments[0]!.applied.map((x) => [x.id, x.fake])).toEqual([
      [a, false],
      [b, true],
      [c, false],
    ]);
    expect(rowsOf(await tracking())).toEqual(expectedRows([a, b, c]));
    expect(await tables()).toEqual(['orders', 'users']); // legacy never ran
    expect((await log()).map((l) => [l.migration_id, l.fake, l.ok])).toEqual([
      [a, false, true],
      [b, true, true],
      [c, false, true],
    ]);
    const s = await st();
    expect(s.environments[0]!.migrations.map((r) => [r.id, r.state])).toEqual([
      [a, 'applied'],
      [b, 'applied (fake)'],
      [c, 'applied'],
    ]);
    // faking what is applied is refused
    const e = await rejection(run({ fake: [a] }));
    expect(e.code).toBe(2);
    expect(e.migration).toBe(a);
  });

  it('fake = true entries in committed.toml are recorded, never run', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('legacy', ['CREATE TABLE "legacy" ("id" serial PRIMARY KEY NOT NULL);'], { commit: 'fake' });
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      return f;
    });
    const [a, b] = folder.migs.map((m) => m.tag) as [string, string];
    const result = await run();
    expect(result.environments[0]!.applied.map((x) => [x.id, x.fake])).toEqual([
      [a, true],
      [b, false],
    ]);
    expect(rowsOf(await tracking())).toEqual(expectedRows([a, b]));
    expect(await tables()).toEqual(['users']);
    expect((await st()).environments[0]!.migrations.map((r) => r.state)).toEqual(['applied (fake)', 'applied']);
  });

  it('--dry-run lists the SQL that would run and changes nothing (no schema, no table)', async () => {
    await setup();
    const result = await run({ dryRun: true });
    const env = result.environments[0]!;
    expect(env.dryRun).toBe(true);
    expect(env.applied).toEqual([]);
    expect(env.planned.map((p) => [p.id, p.action, p.file])).toEqual(folder.migs.map((m) => [m.tag, 'run', `drizzle/${m.tag}.sql`]));
    expect(env.planned[1]!.statements).toEqual([`CREATE TYPE "public"."mood" AS ENUM('ok');`, expect.stringContaining('CREATE TABLE "feelings"')]);
    expect(await schemaExists('drizzle')).toBe(false);
    expect(await tables()).toEqual([]);

    // after a partial run, a dry run shows only what is left, and still writes nothing
    await run({ to: folder.migs[0]!.tag });
    const logged = await log();
    const rest = await run({ dryRun: true });
    expect(rest.environments[0]!.planned.map((p) => p.id)).toEqual(folder.migs.slice(1).map((m) => m.tag));
    expect(await tables()).toEqual(['users']);
    expect(await tracking()).toHaveLength(1);
    expect(await log()).toEqual(logged);
  });

  it('drizzle-orm#3466: by default each migration has its own transaction, so an enum value added in one is usable in the next', async () => {
    await setup();
    await run();
    expect(await t.query(`select m::text from feelings`)).toEqual([{ m: 'great' }]);
    expect(await tracking()).toHaveLength(4);
  });

  it('--single-transaction refuses (exit 2, nothing changed) an enum value added by one migration and used by a later one (drizzle-orm#3466)', async () => {
    await setup();
    // the enum exists already (PostgreSQL allows a new value in the transaction that created the type)
    await run({ to: '0001_mood' });
    const rowsBefore = await tracking();
    // 0002 adds a value, 0003 uses it: in one transaction that is drizzle-orm#3466
    const e = await rejection(run({ singleTransaction: true }));
    expect(e.code).toBe(2);
    expect(e.environment).toBe('t');
    expect(e.migration).toBe('0003_use_great');
    expect(e.message).toContain("0002_mood_great adds the enum value 'great' and 0003_use_great uses it");
    expect(await tracking()).toEqual(rowsBefore);
    expect(await tables()).toEqual(['feelings', 'users']); // no posts
    expect(await t.query(`select e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'mood'`)).toEqual([
      { enumlabel: 'ok' },
    ]);

    // one transaction per migration (the default) applies both
    expect((await run()).environments[0]!.applied.map((a) => a.id)).toEqual(['0002_mood_great', '0003_use_great']);
    expect(await tables()).toEqual(ALL_TABLES);
  });

  it('--single-transaction applies everything in one go when it all works', async () => {
    await setup();
    const r = await run({ singleTransaction: true });
    expect(r.environments[0]!.applied.map((a) => a.id)).toEqual(folder.migs.map((m) => m.tag));
    expect(rowsOf(await tracking())).toEqual(expectedRows(folder.migs.map((m) => m.tag)));
    expect(await tables()).toEqual(ALL_TABLES);
  });

  it('a failing statement in the middle: earlier migrations stay, the failing one leaves nothing, the error names statement, file:line and SQLSTATE', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('broken', [
        'CREATE TABLE "half" ("id" serial PRIMARY KEY NOT NULL);',
        'INSERT INTO "half" ("id")\nSELECT "id"\n  FROM "no_such_table";',
        'CREATE TABLE "never" ("id" integer);',
      ]);
      f.add('after', ['CREATE TABLE "after" ("id" integer);']);
      return f;
    });
    const e = await rejection(run());
    expect(e.code).toBe(1);
    expect(e.environment).toBe('t');
    expect(e.migration).toBe('0001_broken');
    expect(e.file).toBe('drizzle/0001_broken.sql');
    // line 1: CREATE TABLE half; 2: breakpoint; 3: INSERT; 4: SELECT; 5: FROM "no_such_table"
    // the environment is data, the CLI puts it in front of the message
    expect(`${e.environment}: ${e.message}`).toBe(
      't: 0001_broken failed at statement 2 (drizzle/0001_broken.sql:5): relation "no_such_table" does not exist (SQLSTATE 42P01)',
    );
    expect(e.line).toBe(5);
    expect(e.detail).toContain('no_such_table');
    // partial results: what was applied before the failure
    const partial = e.partial as { environments: unknown[]; current: { applied: { id: string }[] } };
    expect(partial.current.applied.map((a) => a.id)).toEqual(['0000_users']);

    expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users']));
    expect(await tables()).toEqual(['users']);
    expect((await log()).map((l) => [l.migration_id, l.ok])).toEqual([
      ['0000_users', true],
      ['0001_broken', false],
    ]);
    const s = await st();
    expect(s.environments[0]!.migrations.map((r) => r.state)).toEqual(['applied', 'pending', 'pending']);
  });

  // BEGIN goes alone in its message: the server parses a message whole before
  // running any of it, so a syntax error sharing BEGIN's message would skip it,
  // and the statements after it, already sent, would commit one by one.
  it('a syntax error in a migration\'s first statement runs none of its statements and records nothing', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" integer PRIMARY KEY);']);
      f.add('typo', ['CREAT TABLE "typo" ("id" integer);', 'CREATE TABLE "second" ("id" integer);']);
      f.add('after', ['CREATE TABLE "after" ("id" integer);']);
      return f;
    });
    const e = await rejection(run());
    expect(e.code).toBe(1);
    expect(e.migration).toBe('0001_typo');
    expect(`${e.environment}: ${e.message}`).toMatch(/^t: 0001_typo failed at statement 1 \(drizzle\/0001_typo\.sql:1\): syntax error at or near "CREAT" \(SQLSTATE 42601\)/);
    expect(await tables()).toEqual(['users']);
    expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users']));
  });

  it('an error without a position points at the first non-blank line of the failing statement', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('div', ['CREATE TABLE "d" ("id" integer);', '\n-- a comment\nSELECT 1 / 0;']);
      return f;
    });
    const e = await rejection(run());
    expect(e.code).toBe(1);
    // line 1: CREATE; 2: breakpoint; 3: blank; 4: the statement's comment; 5: SELECT
    // (the old count added the blank line twice and said :6)
    expect(`${e.environment}: ${e.message}`).toBe('t: 0000_div failed at statement 2 (drizzle/0000_div.sql:4): division by zero (SQLSTATE 22012)');
    expect(await tables()).toEqual([]);
  });

  // A deferred constraint is checked at COMMIT, which ladder sends in one
  // message with the unit's record: the error must still name COMMIT, and the
  // next unit, already sent, must not run.
  const deferredFolder = (root: string, thenMore: boolean) => {
    const f = new Folder(root);
    f.add('users', ['CREATE TABLE "users" ("id" integer PRIMARY KEY);']);
    f.add('deferred', [
      'CREATE TABLE "posts" ("id" integer, "user_id" integer REFERENCES "users"("id") DEFERRABLE INITIALLY DEFERRED);',
      'INSERT INTO "posts" VALUES (1, 42);',
    ]);
    if (thenMore) f.add('after', ['CREATE TABLE "after" ("id" integer);']);
    return f;
  };

  for (const thenMore of [true, false]) {
    it(`a deferred constraint failing at COMMIT is blamed on COMMIT (${thenMore ? 'a migration after it' : 'the last migration'}); later ones never run`, async () => {
      await setup((root) => deferredFolder(root, thenMore));
      const e = await rejection(run());
      expect(e.code).toBe(1);
      expect(e.migration).toBe('0001_deferred');
      expect(`${e.environment}: ${e.message}`).toMatch(/^t: 0001_deferred failed at COMMIT \(a deferred constraint\?\): .*SQLSTATE 23503/);
      expect(await tables()).toEqual(['users']);
      expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users']));
      expect((await log()).map((l) => [l.migration_id, l.ok])).toEqual([
        ['0000_users', true],
        ['0001_deferred', false],
      ]);
    });
  }

  for (const thenMore of [true, false]) {
    it(`a record that cannot be written (${thenMore ? 'a migration after it' : 'the last migration'}) says so, and rolls its migration back`, async () => {
      await setup((root) => {
        const f = new Folder(root);
        f.add('users', ['CREATE TABLE "users" ("id" integer PRIMARY KEY);']);
        f.add('posts', ['CREATE TABLE "posts" ("id" integer);', 'CREATE INDEX "posts_id" ON "posts" ("id");']);
        if (thenMore) f.add('after', ['CREATE TABLE "after" ("id" integer);']);
        return f;
      });
      await run({ to: '0000_users' });
      // a trigger stands in for a role without INSERT on ladder's tables
      await t.exec(`
        create function refuse() returns trigger language plpgsql as $$ begin raise exception 'no log for you'; end $$;
        create trigger refuse before insert on drizzle.__ladder_log for each row when (new.migration_id = '0001_posts' and new.ok) execute function refuse();`);
      const e = await rejection(run());
      expect(e.code).toBe(1);
      expect(`${e.environment}: ${e.message}`).toMatch(/^t: 0001_posts could not be recorded in the tracking table: no log for you/);
      expect(await tables()).toEqual(['users']);
      expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users']));
    });
  }

  it('verifies first: a modified file, a committed id missing from the folder and an unknown row are all listed, exit 3, nothing applied', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('posts', ['CREATE TABLE "posts" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('tags', ['CREATE TABLE "tags" ("id" serial PRIMARY KEY NOT NULL);']);
      return f;
    });
    await run({ to: '0000_users' });
    // edit a committed, pending file; drop another from the journal; add a stray tracking row
    await folder.tamper('0001_posts', 'CREATE TABLE "posts" ("id" bigserial PRIMARY KEY NOT NULL);');
    const journalPath = path.join(folder.dir, 'meta', '_journal.json');
    const journal = JSON.parse(await fs.readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((x) => x.tag !== '0002_tags');
    await fs.writeFile(journalPath, JSON.stringify(journal, null, 2));
    await fs.rm(path.join(folder.dir, '0002_tags.sql'));
    await fs.rm(path.join(folder.dir, '0002_tags.revert.sql'));
    await t.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('${sha256Hex('from a branch')}', 1)`);
    const rowsBefore = await tracking();
    const logBefore = await log();

    const e = await rejection(run());
    expect(e.code).toBe(3);
    expect(e.problems.map((p) => p.kind).sort()).toEqual(['missing', 'modified', 'unknown']);
    expect(e.message).toBe('3 integrity problems in t');
    expect(e.problems.find((p) => p.kind === 'modified')).toMatchObject({ migration: '0001_posts', file: 'drizzle/0001_posts.sql' });
    expect(e.problems.find((p) => p.kind === 'missing')).toMatchObject({ migration: '0002_tags' });
    expect(e.problems.every((p) => typeof p.hint === 'string' && p.hint.length > 0)).toBe(true);
    expect(await tracking()).toEqual(rowsBefore);
    expect(await log()).toEqual(logBefore);
    expect(await tables()).toEqual(['users']);
  });

  it('an unknown tracking row alone refuses migrate with exit 3', async () => {
    await setup();
    await run({ to: '0000_users' });
    await t.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('${sha256Hex('elsewhere')}', 2)`);
    const e = await rejection(run());
    expect(e.code).toBe(3);
    expect(e.problems.map((p) => p.kind)).toEqual(['unknown']);
    expect(e.message).toMatch(/tracking row \d+ .*matches no committed migration/);
    expect(e.hint).toMatch(/a migration (was applied from|from) another branch/);
    expect(await tracking()).toHaveLength(2);
    expect(await tables()).toEqual(['users']);
  });

  it('drizzle-orm#5316: a committed migration older than the newest applied is applied, not skipped', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);'], { when: BASE_WHEN });
      f.add('orders', ['CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL);'], { when: BASE_WHEN + 3000 });
      return f;
    });
    await run();
    // a branch merged later brings a migration generated before 0001_orders was deployed
    folder.add('branch', ['CREATE TABLE "branch" ("id" integer);'], { when: BASE_WHEN + 2000 });
    await folder.write();
    const result = await run();
    expect(result.environments[0]!.applied.map((a) => a.id)).toEqual(['0002_branch']);
    expect(await tables()).toEqual(['branch', 'orders', 'users']);
    // its row carries its own `when`, as drizzle writes it; status and verify are clean
    expect((await tracking()).map((r) => Number(r.created_at))).toEqual([BASE_WHEN, BASE_WHEN + 3000, BASE_WHEN + 2000]);
    expect((await st()).environments[0]!.problems).toEqual([]);
    expect((await ver()).problems).toEqual([]);
  });

  it('baseline on an existing schema, then migrate applies only the later migrations', async () => {
    await setup();
    // the schema of 0000 and 0001 exists already (made before ladder)
    for (const m of folder.migs.slice(0, 2)) await t.exec(m.sql.split('--> statement-breakpoint').join('\n'));
    const b = await base({ to: '0001_mood' });
    expect(b.environments[0]!.applied.map((a) => [a.id, a.fake])).toEqual([
      ['0000_users', true],
      ['0001_mood', true],
    ]);
    expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users', '0001_mood']));
    expect((await log()).map((l) => [l.action, l.migration_id, l.fake, l.ok])).toEqual([
      ['baseline', '0000_users', true, true],
      ['baseline', '0001_mood', true, true],
    ]);

    const m = await run();
    expect(m.environments[0]!.applied.map((a) => [a.id, a.fake])).toEqual([
      ['0002_mood_great', false],
      ['0003_use_great', false],
    ]);
    expect(await tables()).toEqual(ALL_TABLES);
    expect((await st()).environments[0]!.migrations.map((r) => r.state)).toEqual(['applied (fake)', 'applied (fake)', 'applied', 'applied']);

    // baseline is refused once anything is applied
    const e = await rejection(base());
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/baseline refused in t: 4 migration\(s\) already applied/);
    expect(await tracking()).toHaveLength(4);
  });

  it('status: every state, with the problems; status does not write to the database', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('legacy', ['CREATE TABLE "legacy" ("id" integer);']);
      f.add('posts', ['CREATE TABLE "posts" ("id" integer);']);
      f.add('tags', ['CREATE TABLE "tags" ("id" integer);']);
      f.add('draft', ['CREATE TABLE "draft" ("id" integer);'], { commit: false });
      return f;
    });
    const fresh = await st();
    expect(fresh.offline).toBe(false);
    expect(fresh.environments[0]!.migrations.map((r) => r.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'uncommitted']);
    expect(await schemaExists('drizzle')).toBe(false);

    await run({ to: '0001_legacy', fake: ['0001_legacy'] });
    await folder.tamper('0002_posts', 'CREATE TABLE "posts" ("id" bigint);');
    await t.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('${sha256Hex('stray')}', 5)`);
    const s = await st();
    const env = s.environments[0]!;
    expect(env.environment).toBe('t');
    expect(env.migrations.map((r) => [r.id, r.state])).toEqual([
      ['0000_users', 'applied'],
      ['0001_legacy', 'applied (fake)'],
      ['0002_posts', 'modified'],
      ['0003_tags', 'pending'],
      ['0004_draft', 'uncommitted'],
      [expect.stringMatching(/^row \d+$/), 'unknown'],
    ]);
    expect(env.problems.map((p) => p.kind).sort()).toEqual(['modified', 'unknown']);

    const offline = await st({ offline: true });
    expect(offline.offline).toBe(true);
    expect(offline.environments[0]!.migrations.map((r) => r.state)).toEqual(['committed', 'committed', 'modified', 'committed', 'uncommitted']);
  });

  it('verify: ok on a clean project; lists file and database problems; --offline checks files only', async () => {
    await setup();
    await run();
    expect(await ver()).toEqual({ ok: true, problems: [], branches: [], committed: 4, environments: ['t'], warnings: [] });

    await folder.tamper('0003_use_great', 'SELECT 1;');
    await fs.writeFile(path.join(folder.dir, '0000_users.revert.sql'), 'DROP TABLE users CASCADE;');
    await t.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('${sha256Hex('x')}', 7)`);
    const r = await ver();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.kind).sort()).toEqual(['modified', 'revert-modified', 'unknown']);
    // each problem is listed once, not once per source
    expect(new Set(r.problems.map((p) => p.message)).size).toBe(r.problems.length);

    const offline = await ver({ offline: true });
    expect(offline.ok).toBe(false);
    expect(offline.environments).toEqual([]);
    expect(offline.problems.map((p) => p.kind).sort()).toEqual(['modified', 'revert-modified']);
  });

  it('interop: after ladder migrate, drizzle-orm migrate() on the same database finds nothing to do', async () => {
    await setup();
    await run();
    const rows = await tracking();
    await t.drizzleMigrate(folder.dir);
    expect(await tracking()).toEqual(rows);
    expect(await t.query(`select m::text from feelings`)).toEqual([{ m: 'great' }]); // not run twice
  });

  it('interop: after drizzle-orm migrate(), ladder sees every migration as applied and runs nothing; both keep taking turns', async () => {
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('posts', ['CREATE TABLE "posts" ("id" serial PRIMARY KEY NOT NULL);']);
      return f;
    });
    await t.drizzleMigrate(folder.dir);
    const s = await st();
    expect(s.environments[0]!.migrations.map((r) => r.state)).toEqual(['applied', 'applied']);
    expect(s.environments[0]!.problems).toEqual([]);
    expect((await run()).environments[0]!.applied).toEqual([]);
    expect((await ver()).ok).toBe(true);

    // a new migration: ladder applies it, then drizzle finds nothing
    folder.add('tags', ['CREATE TABLE "tags" ("id" integer);']);
    await folder.write();
    expect((await run()).environments[0]!.applied.map((a) => a.id)).toEqual(['0002_tags']);
    await t.drizzleMigrate(folder.dir);
    expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users', '0001_posts', '0002_tags']));
  });

  it('interop with a custom migrations table and schema (drizzle migrationsTable/migrationsSchema)', async () => {
    await setup();
    const custom = { migrationsTable: 'ledger', migrationsSchema: 'ops' };
    await migrate({ config: config(custom), env: 't', db: t.db, to: '0002_mood_great' });
    expect(rowsOf(await tracking('ops', 'ledger'))).toEqual(expectedRows(['0000_users', '0001_mood', '0002_mood_great']));
    expect(await schemaExists('drizzle')).toBe(false);
    expect(await tables('ops')).toEqual(['__ladder_log', '__ladder_partial', '__ladder_tries', 'ledger']);
    // drizzle continues from where ladder stopped
    await t.drizzleMigrate(folder.dir, custom);
    expect(rowsOf(await tracking('ops', 'ledger'))).toEqual(expectedRows(folder.migs.map((m) => m.tag)));
    expect((await status({ config: config(custom), env: 't', db: t.db })).environments[0]!.migrations.map((r) => r.state)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('identical SQL in two migrations (two empty custom ones) gets one tracking row each', async () => {
    const EMPTY = '-- Custom SQL migration file, put your code below! --';
    await setup((root) => {
      const f = new Folder(root);
      f.add('users', ['CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);']);
      f.add('custom_a', EMPTY);
      f.add('custom_b', EMPTY);
      return f;
    });
    await run({ to: '0001_custom_a' });
    expect((await st()).environments[0]!.migrations.map((r) => r.state)).toEqual(['applied', 'applied', 'pending']);
    await run();
    expect(rowsOf(await tracking())).toEqual(expectedRows(['0000_users', '0001_custom_a', '0002_custom_b']));
    expect((await ver()).ok).toBe(true);
  });

  it('ladder opens the environment itself and closes it (no db given)', async () => {
    await setup();
    const go = () => migrate({ config: config(), env: 't' });
    const result = t.withoutGiven ? await t.withoutGiven(go) : await go();
    expect(result.environments[0]!.applied).toHaveLength(4);
    expect(result.environments[0]!.target).not.toBe('');
    expect(rowsOf(await tracking())).toEqual(expectedRows(folder.migs.map((m) => m.tag)));
  });
});

describe('postgres.js client given as db', () => {
  it('is used and left open; the lock is taken on a reserved connection and released', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    const root = await tempRoot();
    const folder = standardFolder(root);
    await folder.write();
    const sql = connect(db.url, { max: 3 });
    try {
      const config: InlineConfig = { root, environments: { app: { connectionUrl: 'postgres://nobody@127.0.0.1:1/unused' } } };
      const result = await migrate({ config, db: sql });
      expect(result.environments[0]!.applied).toHaveLength(4);
      // still usable: ladder never closes what it was given
      const rows = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(rows[0]!.n).toBe(4);
      // this database's only: other test files hold advisory locks on the same server meanwhile
      const locks = await sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
      expect(locks[0]!.n).toBe(0);
    } finally {
      await sql.end({ timeout: 5 });
      await db.drop();
    }
  });

  it('a deferred constraint failing at COMMIT is blamed on COMMIT here too (a transaction per migration, one at a time)', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    const root = await tempRoot();
    const folder = new Folder(root);
    folder.add('users', ['CREATE TABLE "users" ("id" integer PRIMARY KEY);']);
    folder.add('deferred', ['CREATE TABLE "posts" ("user_id" integer REFERENCES "users"("id") DEFERRABLE INITIALLY DEFERRED);', 'INSERT INTO "posts" VALUES (42);']);
    folder.add('after', ['CREATE TABLE "after" ("id" integer);']);
    await folder.write();
    const sql = connect(db.url, { max: 3 });
    try {
      const config: InlineConfig = { root, environments: { app: { connectionUrl: 'postgres://nobody@127.0.0.1:1/unused' } } };
      const e = await rejection(migrate({ config, db: sql }));
      expect(`${e.environment}: ${e.message}`).toMatch(/^app: 0001_deferred failed at COMMIT \(a deferred constraint\?\): .*SQLSTATE 23503/);
      const rows = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(rows[0]!.n).toBe(1);
      expect(await sql`select to_regclass('after') as r`).toEqual([{ r: null }]);
    } finally {
      await sql.end({ timeout: 5 });
      await db.drop();
    }
  });
});

describe('commits on PostgreSQL (ladder opens the connection)', () => {
  // Each migration notes, in a table of its own, whether its COMMIT waits for the WAL flush.
  const notingFolder = (root: string, failLast = false) => {
    const f = new Folder(root);
    for (const n of [1, 2, 3]) {
      const note = `CREATE TABLE "sc_${n}" AS SELECT current_setting('synchronous_commit') AS v;`;
      f.add(`note_${n}`, n === 3 && failLast ? [note, 'SELECT 1 / 0;'] : [note]);
    }
    return f;
  };

  async function withDatabase(fn: (db: { url: string }, sql: Sql) => Promise<void>): Promise<void> {
    const db = await freshDatabase(inject('pgUrl'));
    const sql = connect(db.url);
    try {
      // the database's default, whatever the test server's: every commit waits
      await sql.unsafe(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$`);
      await fn(db, sql);
    } finally {
      await sql.end({ timeout: 5 });
      await db.drop();
    }
  }
  const notes = async (sql: Sql, n: number) => {
    const out: string[] = [];
    for (let i = 1; i <= n; i++) out.push(((await sql.unsafe(`select v from sc_${i}`)) as unknown as { v: string }[])[0]!.v);
    return out;
  };

  it("every migration's COMMIT but the run's last skips the wait for the WAL flush; the last waits, flushing them all", async () => {
    await withDatabase(async (db, sql) => {
      const root = await tempRoot();
      await notingFolder(root).write();
      const config: InlineConfig = { root, environments: { t: { connectionUrl: db.url } } };
      expect((await migrate({ config, env: 't' })).environments[0]!.applied).toHaveLength(3);
      expect(await notes(sql, 3)).toEqual(['off', 'off', 'on']);
    });
  });

  it('a failed run writes its failure to the log with a COMMIT that waits, flushing the migrations committed before it', async () => {
    await withDatabase(async (db, sql) => {
      const root = await tempRoot();
      await notingFolder(root, true).write();
      const config: InlineConfig = { root, environments: { t: { connectionUrl: db.url } } };
      await migrate({ config, env: 't', to: '0000_note_1' });
      // the failure's log row notes the setting its commit runs with
      await sql.unsafe(`
        create table log_commit (migration_id text, v text);
        create function note_commit() returns trigger language plpgsql as $$
          begin insert into log_commit values (new.migration_id, current_setting('synchronous_commit')); return new; end $$;
        create trigger note_commit after insert on drizzle.__ladder_log for each row when (not new.ok) execute function note_commit();`);
      const e = await rejection(migrate({ config, env: 't' }));
      expect(`${e.environment}: ${e.message}`).toMatch(/^t: 0002_note_3 failed at statement 2/);
      expect(await notes(sql, 2)).toEqual(['on', 'off']); // 0000 ran alone (the last of its run); 0001 did not wait
      expect(await sql.unsafe(`select migration_id, v from log_commit`)).toEqual([{ migration_id: '0002_note_3', v: 'on' }]);
    });
  });
});
