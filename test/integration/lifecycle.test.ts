// The dev loop (try, untry, retry, reset), commit/uncommit and the try ->
// applied hand-off, through the programmatic API, in temp projects made with
// REAL drizzle-kit generate (enums, tables, columns, indexes, foreign keys).
// One shared suite over [postgres, pglite] (style.md, Tests), then the two
// things that need both at once: several active environments moving together,
// and the production guard.
//
// Each dialect's describe is one story on one project and one database: the
// tests run in order and each starts from the state the previous one left
// (said at the top of each). Outcomes asserted are the ones a user sees: the
// catalog, drizzle's tracking rows, __ladder_tries, committed.toml, and the
// LadderError's code and message.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commit, uncommit, type CommitOptions } from '../../src/api/commit.js';
import { migrate } from '../../src/api/migrate.js';
import { status } from '../../src/api/status.js';
import { reset, retry, tryMigrations, untry, type TryOptions } from '../../src/api/tries.js';
import { catalogSnapshot, freshDatabase, queryRows, tableNames, withSql, type DbTarget } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject } from '../helpers/project.js';
import { BLOG_V1 as V1 } from '../helpers/schemas.js';
import { DEV_DIALECTS, freshPgliteCopy, type DevTarget } from '../helpers/dev-targets.js';
import { rejection } from '../helpers/errors.js';

const pgUrl = inject('pgUrl');
/** what the tests pass: the API's options, all optional */
type Options = TryOptions & CommitOptions;

// ---------------------------------------------------------------------------
// The project: four migrations from real drizzle-kit generate.
//   0000_init      enum status, users, posts (FK to users, enum column with default), index
//   0001_comments  enum mood, comments (FK to posts on delete cascade), users.email + unique index
//   0002_seed      --custom: INSERT a row (its revert is a ladder:todo until written)
//   0003_legacy    --custom: CREATE TABLE legacy, with a hand-written revert file

const V2 = `import { index, integer, pgEnum, pgTable, serial, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
export const status = pgEnum('status', ['draft', 'published']);
export const mood = pgEnum('mood', ['ok', 'meh']);
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: varchar('email', { length: 255 }),
}, (t) => [uniqueIndex('users_email_idx').on(t.email)]);
export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  status: status('status').default('draft').notNull(),
}, (t) => [index('posts_user_idx').on(t.userId)]);
export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
  mood: mood('mood'),
  body: text('body').notNull(),
}, (t) => [index('comments_post_idx').on(t.postId)]);
`;
const INIT = '0000_init';
const COMMENTS = '0001_comments';
const SEED = '0002_seed';
const LEGACY = '0003_legacy';
const SEED_SQL = `INSERT INTO "users" ("name") VALUES ('seed');`;
const SEED_REVERT = `DELETE FROM "users" WHERE "name" = 'seed';\n`;
const LEGACY_SQL = `CREATE TABLE "legacy" ("id" integer);`;
const LEGACY_REVERT = `DROP TABLE "legacy";\n`;

let template: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  template = await makeProject({ schema: V1, name: 'init' });
  cleanups.push(() => removeProject(template));
  await regenerate(template, V2, 'comments');
  const seed = await generate(template, { custom: true, name: 'seed' });
  await fs.writeFile(seed.sqlFile!, SEED_SQL);
  const legacy = await generate(template, { custom: true, name: 'legacy' });
  await fs.writeFile(legacy.sqlFile!, LEGACY_SQL);
  await fs.writeFile(legacy.sqlFile!.replace(/\.sql$/, '.revert.sql'), LEGACY_REVERT);
}, 120_000);

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

/** A copy of the template project (node_modules stays a symlink), with this ladder.toml. */
async function projectWith(toml: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-lifecycle-'));
  await fs.cp(template, dir, { recursive: true, verbatimSymlinks: true });
  await fs.writeFile(path.join(dir, 'ladder.toml'), toml);
  cleanups.push(() => removeProject(dir));
  return dir;
}

/** A fresh PGlite data dir (a copy of an initialised one). */
async function pgliteDir(): Promise<string> {
  const t = await freshPgliteCopy();
  cleanups.push(t.cleanup);
  return t.dir;
}

// ---------------------------------------------------------------------------
// Reading what a user would look at.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const file = (project: string, name: string) => path.join(project, 'drizzle', name);
const read = (project: string, name: string) => fs.readFile(file(project, name), 'utf8');
const write = (project: string, name: string, text: string) => fs.writeFile(file(project, name), text);
const exists = (p: string) => fs.stat(p).then(() => true, () => false);

async function journalWhen(project: string, id: string): Promise<number> {
  const journal = JSON.parse(await read(project, 'meta/_journal.json')) as { entries: { tag: string; when: number }[] };
  return journal.entries.find((e) => e.tag === id)!.when;
}

interface TriesRow {
  migration_id: string;
  position: number;
  hash: string;
  revert_hash: string;
  migrate_sql: string;
  revert_sql: string;
}

async function triesRows(db: DbTarget): Promise<TriesRow[]> {
  const [t] = await queryRows<{ t: string | null }>(db, `select to_regclass('drizzle.__ladder_tries')::text as t`);
  if (!t?.t) return [];
  return queryRows<TriesRow>(
    db,
    'select migration_id, position, hash, revert_hash, migrate_sql, revert_sql from drizzle.__ladder_tries order by position',
  );
}

async function trackingRows(db: DbTarget): Promise<{ hash: string; created_at: string }[]> {
  const [t] = await queryRows<{ t: string | null }>(db, `select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!t?.t) return [];
  return queryRows(db, 'select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id');
}

async function logRows(db: DbTarget): Promise<{ action: string; migration_id: string | null; ok: boolean; error: string | null }[]> {
  return queryRows(db, 'select action, migration_id, ok, error from drizzle.__ladder_log order by id');
}

async function committedToml(project: string): Promise<string | undefined> {
  return read(project, 'committed.toml').catch(() => undefined);
}

const refusal = rejection;

// ---------------------------------------------------------------------------

type Target = DevTarget;
const DIALECTS = DEV_DIALECTS;

describe.each(DIALECTS)('the dev loop and commit on $name', (dialect) => {
  let target: Target;
  let project: string;
  let empty: string;
  let withInit: string;
  const o = (extra: Options = {}): Options => ({ cwd: project, db: target.db, ...extra });
  const states = async () =>
    Object.fromEntries((await status(o())).environments[0]!.migrations.map((m) => [m.id, m.state]));

  beforeAll(async () => {
    target = await dialect.open();
    project = await projectWith(target.toml);
    empty = await catalogSnapshot(target.q);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('try writes the missing revert files, applies the first migration and records the exact SQL it used', async () => {
    const r = await tryMigrations(o());
    expect(r.environments).toEqual([expect.objectContaining({ environment: 'dev', tried: [INIT], untried: [] })]);
    expect(r.imported.map((i) => [i.id, i.generated])).toEqual([
      [INIT, true],
      [COMMENTS, true],
      [SEED, false], // custom SQL: a ladder:todo
    ]);
    expect(await read(project, `${SEED}.revert.sql`)).toMatch(/^-- ladder:todo write the revert SQL for 0002_seed/);
    expect(await read(project, `${LEGACY}.revert.sql`)).toBe(LEGACY_REVERT); // never overwritten

    withInit = await catalogSnapshot(target.q);
    expect(withInit).toContain('enum status (draft, published)');
    expect(withInit).toContain('  column status status not null default \'draft\'::status');
    expect(withInit).toContain('  constraint posts_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES users(id)');
    expect(withInit).toContain('  index CREATE INDEX posts_user_idx ON public.posts USING btree (user_id)');
    expect(withInit).not.toContain('comments');

    const sql = await read(project, `${INIT}.sql`);
    const revert = await read(project, `${INIT}.revert.sql`);
    expect(await triesRows(target.q)).toEqual([
      { migration_id: INIT, position: 1, hash: sha256(sql), revert_hash: sha256(revert), migrate_sql: sql, revert_sql: revert },
    ]);
    expect(await trackingRows(target.q)).toEqual([]); // a try is not an applied migration
    expect(await states()).toEqual({ [INIT]: 'tried', [COMMENTS]: 'uncommitted', [SEED]: 'uncommitted', [LEGACY]: 'uncommitted' });
    expect(await logRows(target.q)).toEqual([{ action: 'try', migration_id: INIT, ok: true, error: null }]);
  });

  it('untry runs the generated revert SQL: the catalog is exactly what it was before the try', async () => {
    // from: 0000 tried
    const r = await untry(o());
    expect(r.environments[0]).toMatchObject({ tried: [], untried: [INIT], usedCurrentRevert: [] });
    expect(await catalogSnapshot(target.q)).toBe(empty);
    expect(await triesRows(target.q)).toEqual([]);
    expect(await states()).toMatchObject({ [INIT]: 'uncommitted' });
  });

  it('refuses out-of-order and pointless commands, changing nothing', async () => {
    // from: nothing tried
    const first = await refusal(tryMigrations(o({ id: COMMENTS })));
    expect(first.code).toBe(2);
    expect(first.message).toBe(`try ${COMMENTS} refused: ${INIT} comes first and is not tried in dev`);
    expect(first.hint).toContain(`ladder try ${INIT}`);

    const unknown = await refusal(tryMigrations(o({ id: '0009_nope' })));
    expect([unknown.code, unknown.message]).toEqual([2, 'no migration 0009_nope in the journal']);

    for (const [name, call] of [['untry', () => untry(o())], ['retry', () => retry(o())]] as const) {
      const e = await refusal(call());
      expect([e.code, e.message]).toEqual([2, `nothing to ${name} in dev: no migration is tried`]);
    }
    const notTried = await refusal(untry(o({ id: INIT })));
    expect(notTried.code).toBe(2);
    expect(notTried.message).toBe(`nothing to untry in dev: no migration is tried`);

    expect(await catalogSnapshot(target.q)).toBe(empty);
    expect(await triesRows(target.q)).toEqual([]);
  });

  it('an edited SQL file makes the try stale; commit refuses it; retry reverts with the stored SQL and applies the new file', async () => {
    // from: nothing tried
    await tryMigrations(o());
    const again = await refusal(tryMigrations(o({ id: INIT })));
    expect([again.code, again.message, again.hint]).toEqual([2, `${INIT} is already tried in dev`, `after editing it, use \`ladder retry ${INIT}\``]);
    const notTried = await refusal(untry(o({ id: COMMENTS })));
    expect([notTried.code, notTried.message]).toEqual([2, `${COMMENTS} is not tried in dev`]);
    const original = await read(project, `${INIT}.sql`);
    const edited = `${original}--> statement-breakpoint\nCREATE INDEX "users_name_idx" ON "users" USING btree ("name");`;
    await write(project, `${INIT}.sql`, edited);
    expect(await states()).toMatchObject({ [INIT]: 'tried (stale)' });

    const refused = await refusal(commit(o()));
    expect(refused.code).toBe(2);
    expect(refused.message).toBe(`commit ${INIT} refused: its files changed since it was tried in dev`);
    expect(await committedToml(project)).toBeUndefined();

    const r = await retry(o());
    expect(r.environments[0]).toMatchObject({ untried: [INIT], tried: [INIT] });
    const snap = await catalogSnapshot(target.q);
    expect(snap).toContain('  index CREATE INDEX users_name_idx ON public.users USING btree (name)');
    expect(snap.replace(/\n {2}index CREATE INDEX users_name_idx[^\n]*/, '')).toBe(withInit);
    const [row] = await triesRows(target.q);
    expect(row).toMatchObject({ migration_id: INIT, hash: sha256(edited), migrate_sql: edited });
    expect(await states()).toMatchObject({ [INIT]: 'tried' });

    // back to the generated file for the rest of the story
    await write(project, `${INIT}.sql`, original);
    await retry(o());
    expect(await catalogSnapshot(target.q)).toBe(withInit);
  });

  it('untry uses the revert SQL stored at try time, not the revert file as it is now', async () => {
    // from: 0000 tried with the generated files
    const revert = await read(project, `${INIT}.revert.sql`);
    await write(project, `${INIT}.revert.sql`, 'DROP TABLE "this_table_does_not_exist";\n');
    expect(await states()).toMatchObject({ [INIT]: 'tried (stale)' }); // the revert file counts too

    await untry(o());
    expect(await catalogSnapshot(target.q)).toBe(empty);
    expect(await triesRows(target.q)).toEqual([]);
    await write(project, `${INIT}.revert.sql`, revert);
  });

  it('a failing statement in the middle of a migration changes nothing and is named: migration, statement, file:line, Postgres message', async () => {
    // from: nothing tried
    await tryMigrations(o());
    const before = await catalogSnapshot(target.q);
    const original = await read(project, `${COMMENTS}.sql`);
    const pieces = original.split('--> statement-breakpoint');
    pieces.splice(2, 0, '\nINSERT INTO "no_such_table" VALUES (1);');
    const broken = pieces.join('--> statement-breakpoint');
    const line = broken.split('\n').findIndex((l) => l.includes('no_such_table')) + 1;
    await write(project, `${COMMENTS}.sql`, broken);
    const e = await refusal(tryMigrations(o())).finally(() => write(project, `${COMMENTS}.sql`, original));
    expect(e.code).toBe(1);
    expect(e.environment).toBe('dev');
    expect(e.migration).toBe(COMMENTS);
    expect(e.line).toBe(line);
    expect(e.message).toBe(
      `${COMMENTS}: try failed at statement 3 (drizzle/${COMMENTS}.sql:${line}): relation "no_such_table" does not exist (SQLSTATE 42P01)`,
    );
    expect(e.detail).toMatch(new RegExp(`^> +${line} \\| INSERT INTO "no_such_table" VALUES \\(1\\);`, 'm'));
    // statements 1 and 2 (CREATE TYPE mood, CREATE TABLE comments) ran, and were rolled back
    expect(await catalogSnapshot(target.q)).toBe(before);
    expect((await triesRows(target.q)).map((t) => t.migration_id)).toEqual([INIT]);
    expect((await logRows(target.q)).at(-1)).toMatchObject({ action: 'try', migration_id: COMMENTS, ok: false });
    expect((await logRows(target.q)).at(-1)!.error).toContain('no_such_table');
  });

  it('try --all, retry of several, and an untry that meets a ladder:todo revert is refused as a whole', async () => {
    // from: 0000 tried
    const r = await tryMigrations(o({ all: true }));
    expect(r.environments[0]!.tried).toEqual([COMMENTS, SEED, LEGACY]);
    const all = await catalogSnapshot(target.q);
    expect(all).toContain('enum mood (ok, meh)');
    expect(all).toContain('  constraint comments_post_id_posts_id_fk FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE');
    expect(all).toContain('  index CREATE UNIQUE INDEX users_email_idx ON public.users USING btree (email)');
    expect(all).toContain('table legacy');
    expect((await triesRows(target.q)).map((t) => [t.migration_id, t.position])).toEqual([
      [INIT, 1],
      [COMMENTS, 2],
      [SEED, 3],
      [LEGACY, 4],
    ]);
    expect(await queryRows(target.q, 'select name from users')).toEqual([{ name: 'seed' }]);

    // down to 0000: 0003 reverts fine, then 0002's stored revert is a ladder:todo
    const todo = await refusal(untry(o({ id: INIT })));
    expect(todo.code).toBe(2);
    expect(todo.message).toBe(`${SEED} cannot be untried: its revert SQL is still a ladder:todo`);
    expect(todo.hint).toContain(`drizzle/${SEED}.revert.sql`);
    expect(await catalogSnapshot(target.q)).toBe(all); // 0003's revert was rolled back with it
    expect(await triesRows(target.q)).toHaveLength(4);

    // once written, the current revert file is used (the stored one was a todo)
    await write(project, `${SEED}.revert.sql`, SEED_REVERT);
    const again = await retry(o({ id: COMMENTS }));
    expect(again.environments[0]).toMatchObject({
      untried: [LEGACY, SEED, COMMENTS],
      tried: [COMMENTS, SEED, LEGACY],
      usedCurrentRevert: [SEED],
    });
    expect(await catalogSnapshot(target.q)).toBe(all);
    expect(await queryRows(target.q, 'select name from users')).toEqual([{ name: 'seed' }]);
    expect((await triesRows(target.q)).find((t) => t.migration_id === SEED)!.revert_sql).toBe(SEED_REVERT);

    const down = await untry(o({ id: COMMENTS }));
    expect(down.environments[0]!.untried).toEqual([LEGACY, SEED, COMMENTS]);
    expect(await catalogSnapshot(target.q)).toBe(withInit);
    expect(await queryRows(target.q, 'select name from users')).toEqual([]);
  });

  it('reset untries everything, newest first, back to the empty catalog', async () => {
    // from: 0000 tried
    await tryMigrations(o({ all: true }));
    const r = await reset(o());
    expect(r.environments[0]!.untried).toEqual([LEGACY, SEED, COMMENTS, INIT]);
    expect(await catalogSnapshot(target.q)).toBe(empty);
    expect(await triesRows(target.q)).toEqual([]);
    const nothing = await reset(o()); // nothing tried: not an error, nothing done
    expect(nothing.environments[0]).toMatchObject({ untried: [], tried: [] });
  });

  it('commit is refused for an untried migration and out of journal order', async () => {
    // from: nothing tried
    const untried = await refusal(commit(o()));
    expect([untried.code, untried.message]).toEqual([2, `commit ${INIT} refused: it is not tried in dev`]);
    expect(untried.hint).toContain('--untried');
    const order = await refusal(commit(o({ id: COMMENTS })));
    expect([order.code, order.message]).toEqual([2, `commit ${COMMENTS} refused: ${INIT} comes first in the journal and is not committed yet`]);
    expect(await committedToml(project)).toBeUndefined();
  });

  it('commit turns the try into drizzle\'s tracking row without running it again, and writes the hashes', async () => {
    // from: nothing tried
    await tryMigrations(o());
    const r = await commit(o());
    const sql = await read(project, `${INIT}.sql`);
    const revert = await read(project, `${INIT}.revert.sql`);
    expect(r.committed).toEqual({ id: INIT, hash: sha256(sql), revertHash: sha256(revert), fake: false });
    expect(r.adopted).toEqual(['dev']);
    expect(await committedToml(project)).toBe(
      `# Managed by drizzle-ladder. Do not edit by hand.\n[[migration]]\nid = "${INIT}"\nhash = "${sha256(sql)}"\nrevert_hash = "${sha256(revert)}"\n`,
    );
    expect(await trackingRows(target.q)).toEqual([{ hash: sha256(sql), created_at: String(await journalWhen(project, INIT)) }]);
    expect(await triesRows(target.q)).toEqual([]);
    expect(await catalogSnapshot(target.q)).toBe(withInit);
    expect(await states()).toMatchObject({ [INIT]: 'applied', [COMMENTS]: 'uncommitted' });
    const m = await migrate({ cwd: project, db: target.db });
    expect(m.environments[0]!.applied).toEqual([]);
  });

  it('a committed migration is not tried; uncommit right after commit makes it a try again, and commit adopts it again', async () => {
    // from: 0000 committed and applied (commit adopted its try)
    const t = await refusal(tryMigrations(o({ id: INIT })));
    expect([t.code, t.message]).toEqual([2, `${INIT} is committed: it is applied by \`ladder migrate\`, not tried`]);
    const before = await committedToml(project);
    const u = await uncommit(o());
    expect(u.uncommitted.id).toBe(INIT);
    expect(u.triedAgain).toEqual(['dev']);
    expect(await committedToml(project)).toBe('# Managed by drizzle-ladder. Do not edit by hand.\n');
    expect(await trackingRows(target.q)).toEqual([]);
    const initSql = await read(project, `${INIT}.sql`);
    expect((await triesRows(target.q)).map((r) => [r.migration_id, r.migrate_sql])).toEqual([[INIT, initSql]]);
    expect(await catalogSnapshot(target.q)).toBe(withInit);
    expect(await states()).toMatchObject({ [INIT]: 'tried', [COMMENTS]: 'uncommitted' });
    // and back: the same commit as before, adopting the try again
    await commit(o());
    expect(await committedToml(project)).toBe(before);
    expect(await states()).toMatchObject({ [INIT]: 'applied' });
    expect(await triesRows(target.q)).toEqual([]);
  });

  it('commit --untried touches no database; uncommit takes it back; migrate runs it', async () => {
    // from: 0000 committed and applied; 0001.. untried
    const r = await commit(o({ untried: true }));
    expect(r.adopted).toEqual([]);
    expect(await committedToml(project)).toContain(`id = "${COMMENTS}"\nhash = "${sha256(await read(project, `${COMMENTS}.sql`))}"`);
    expect(await catalogSnapshot(target.q)).toBe(withInit);
    expect(await states()).toMatchObject({ [COMMENTS]: 'pending' });

    expect((await uncommit(o())).uncommitted.id).toBe(COMMENTS);
    expect(await committedToml(project)).not.toContain(COMMENTS);
    expect(await states()).toMatchObject({ [COMMENTS]: 'uncommitted' });

    await commit(o({ untried: true }));
    const m = await migrate({ cwd: project, db: target.db });
    expect(m.environments[0]!.applied).toEqual([{ id: COMMENTS, fake: false, adopted: false, durationMs: expect.any(Number) }]);
    expect(await catalogSnapshot(target.q)).toContain('table comments');
    expect(await trackingRows(target.q)).toHaveLength(2);
    // migrate ran it from the committed file: no try to go back to
    const refused = await refusal(uncommit(o()));
    expect([refused.code, refused.message]).toEqual([2, `uncommit ${COMMENTS} refused: it is applied in dev by migrate, not committed from a try there`]);
    expect(refused.hint).toBe('roll it back there first (`ladder rollback -e dev`), then uncommit');
  });

  it('a custom migration cannot be committed while its revert is a ladder:todo', async () => {
    // from: 0000, 0001 applied; the seed revert file was written by hand earlier: start over from a todo
    await fs.rm(file(project, `${SEED}.revert.sql`));
    const e = await refusal(commit(o({ untried: true })));
    expect(e.code).toBe(2);
    expect(e.message).toBe(`commit ${SEED} refused: drizzle/${SEED}.revert.sql is still a ladder:todo`);
    expect(await read(project, `${SEED}.revert.sql`)).toMatch(/^-- ladder:todo /); // commit imported it first
    expect(await committedToml(project)).not.toContain(SEED);
  });

  it('migrate adopts a try of a migration committed elsewhere: recorded, not run again', async () => {
    // from: 0000, 0001 applied; 0002's revert a todo
    await tryMigrations(o());
    expect(await queryRows(target.q, 'select name from users')).toEqual([{ name: 'seed' }]);
    await write(project, `${SEED}.revert.sql`, SEED_REVERT);
    // a teammate commits it without it being tried there (here it stays tried)
    await commit(o({ untried: true }));
    expect(await states()).toMatchObject({ [SEED]: 'pending' });

    const m = await migrate({ cwd: project, db: target.db });
    expect(m.environments[0]!.applied).toEqual([{ id: SEED, fake: false, adopted: true, durationMs: expect.any(Number) }]);
    expect(await queryRows(target.q, 'select name from users')).toEqual([{ name: 'seed' }]); // not inserted twice
    expect(await triesRows(target.q)).toEqual([]);
    const tracking = await trackingRows(target.q);
    expect(tracking.at(-1)).toEqual({ hash: sha256(SEED_SQL), created_at: String(await journalWhen(project, SEED)) });
    expect(await states()).toMatchObject({ [SEED]: 'applied' });
  });

  it('commit --fake writes fake = true; migrate records it without running it', async () => {
    // from: 0000-0002 applied; the legacy table exists already (made by hand)
    await queryRows(target.q, 'create table legacy (id integer)');
    const r = await commit(o({ fake: true }));
    expect(r.committed).toMatchObject({ id: LEGACY, fake: true });
    expect(await committedToml(project)).toMatch(new RegExp(`id = "${LEGACY}"\\nhash = "${sha256(LEGACY_SQL)}"\\nrevert_hash = "[0-9a-f]{64}"\\nfake = true\\n$`));
    const m = await migrate({ cwd: project, db: target.db });
    expect(m.environments[0]!.applied).toEqual([{ id: LEGACY, fake: true, adopted: false, durationMs: expect.any(Number) }]);
    expect(await states()).toMatchObject({ [LEGACY]: 'applied (fake)' });
    expect(await trackingRows(target.q)).toHaveLength(4);
    const nothing = await refusal(commit(o()));
    expect([nothing.code, nothing.message]).toEqual([2, 'nothing to commit: every migration in the journal is committed']);
  });
});

// ---------------------------------------------------------------------------

describe('several active environments: dev on PGlite and test on PostgreSQL move together', () => {
  let project: string;
  let devDir: string;
  let testUrl: string;
  let empty: string;
  const o = (extra: Options = {}): Options => ({ cwd: project, ...extra });

  /** ladder opens the PGlite dir itself: read it only while no command runs, all at once (an open costs seconds) */
  async function devState(): Promise<{ catalog: string; tries: TriesRow[]; tracking: { hash: string }[] }> {
    const db = new PGlite(devDir);
    try {
      return { catalog: await catalogSnapshot(db), tries: await triesRows(db), tracking: await trackingRows(db) };
    } finally {
      await db.close();
    }
  }
  const ids = (rows: TriesRow[]) => rows.map((t) => t.migration_id);

  beforeAll(async () => {
    devDir = await pgliteDir();
    const test = await freshDatabase(pgUrl);
    cleanups.push(test.drop);
    testUrl = test.url;
    project = await projectWith(
      `default_environments = ["dev", "test"]\n\n[environments.dev]\npglite = "${devDir}"\n\n[environments.test]\nconnection_url = { env = "LIFECYCLE_TEST_URL" }\n`,
    );
    process.env.LIFECYCLE_TEST_URL = testUrl;
    empty = await catalogSnapshot(testUrl);
  });

  it('a try is a try in each; commit is refused while one of them lacks it', async () => {
    const r = await tryMigrations(o());
    expect(r.environments.map((e) => [e.environment, e.tried])).toEqual([
      ['dev', [INIT]],
      ['test', [INIT]],
    ]);
    const d = await devState();
    expect(d.catalog).toContain('constraint posts_user_id_users_id_fk');
    expect(await catalogSnapshot(testUrl)).toBe(d.catalog);
    expect(ids(d.tries)).toEqual([INIT]);
    expect((await triesRows(testUrl)).map((t) => t.migration_id)).toEqual([INIT]);

    await untry(o({ env: 'test' }));
    expect(await catalogSnapshot(testUrl)).toBe(empty);
    const e = await refusal(commit(o()));
    expect([e.code, e.message, e.environment]).toEqual([2, `commit ${INIT} refused: it is not tried in test`, 'test']);
    expect(await committedToml(project)).toBeUndefined();
    expect(ids((await devState()).tries)).toEqual([INIT]); // dev kept its try

    const again = await tryMigrations(o({ env: 'test' }));
    expect(again.environments.map((x) => x.environment)).toEqual(['test']);
  });

  it('a try that fails in the second environment puts the first one back, and says so', async () => {
    // from: 0000 tried in both. A conflicting table in test only.
    await withSql(testUrl, (sql) => sql`create table comments (x integer)`);
    const devBefore = await devState();
    const testBefore = await catalogSnapshot(testUrl);

    const e = await refusal(tryMigrations(o()));
    expect(e.code).toBe(1);
    expect(e.environment).toBe('test');
    expect(e.message).toMatch(/^0001_comments: try failed at statement 2 \(drizzle\/0001_comments\.sql:2\): relation "comments" already exists/);
    expect(e.detail).toContain('dev: put back as it was before this command');
    // the environments done (then put back), in the one partial shape; the failing one has no result
    expect(e.partial).toEqual({ environments: [expect.objectContaining({ environment: 'dev', tried: [COMMENTS] })] });

    expect(await devState()).toEqual(devBefore);
    expect(ids(devBefore.tries)).toEqual([INIT]);
    expect(await catalogSnapshot(testUrl)).toBe(testBefore);
    expect((await triesRows(testUrl)).map((t) => t.migration_id)).toEqual([INIT]);
    await withSql(testUrl, (sql) => sql`drop table comments`);
  });

  it('an untry that fails in the second environment re-applies the first one\'s try with its stored SQL', async () => {
    // from: 0000 tried in both
    await tryMigrations(o());
    const devBefore = await devState();
    expect(ids(devBefore.tries)).toEqual([INIT, COMMENTS]);
    // test's stored revert for 0001 fails (the file itself is fine: stored SQL is what untry runs)
    await withSql(testUrl, (sql) => sql`update drizzle.__ladder_tries set revert_sql = 'DROP TABLE "nope_not_here"' where migration_id = ${COMMENTS}`);

    const e = await refusal(untry(o()));
    expect(e.code).toBe(1);
    expect(e.environment).toBe('test');
    expect(e.message).toBe(
      `${COMMENTS}: revert failed at statement 1 (drizzle/${COMMENTS}.revert.sql (as tried):1): table "nope_not_here" does not exist (SQLSTATE 42P01)`,
    );
    expect(e.detail).toContain('dev: put back as it was before this command');
    // the same schema, and the same tries with the same stored SQL (re-applied as tried)
    expect(await devState()).toEqual(devBefore);
    expect(await catalogSnapshot(testUrl)).toContain('table comments');
  });

  it('commit adopts the try in every environment', async () => {
    // from: 0000 and 0001 tried in both
    const r = await commit(o());
    expect(r.adopted).toEqual(['dev', 'test']);
    const hash = sha256(await read(project, `${INIT}.sql`));
    const d = await devState();
    expect(d.tracking.map((t) => t.hash)).toEqual([hash]);
    expect((await trackingRows(testUrl)).map((t) => t.hash)).toEqual([hash]);
    expect(ids(d.tries)).toEqual([COMMENTS]);
    expect((await triesRows(testUrl)).map((t) => t.migration_id)).toEqual([COMMENTS]);
  });
  it('when the first one cannot be put back (its revert is a ladder:todo), the error says what state each is in', async () => {
    // from: 0000 committed, 0001 tried in both; next is 0002_seed (INSERT), whose revert file is a todo.
    // test refuses the row it inserts.
    await withSql(testUrl, (sql) => sql.unsafe(`create unique index users_name_uq on users (name); insert into users (name) values ('seed')`));
    const e = await refusal(tryMigrations(o()));
    expect(e.code).toBe(1);
    expect(e.environment).toBe('test');
    expect(e.message).toMatch(/^0002_seed: try failed at statement 1 \(drizzle\/0002_seed\.sql:1\): duplicate key value violates unique constraint "users_name_uq"/);
    expect(e.detail).toContain(
      'dev: could NOT be put back (0002_seed cannot be untried: its revert SQL is still a ladder:todo); it stays changed: tried 0002_seed',
    );
    const d = await devState();
    expect(ids(d.tries)).toEqual([COMMENTS, SEED]); // as the error says
    expect(ids(await triesRows(testUrl))).toEqual([COMMENTS]);
  });
});

// ---------------------------------------------------------------------------

describe('several active environments: an error that is not a SQL statement\'s still puts the first one back', () => {
  // Stands for any failure of the second environment outside a statement
  // (permission denied creating ladder's tables, a dropped connection): here a
  // type named like ladder's log table, so CREATE TABLE drizzle.__ladder_log fails.
  it('try: dev (PGlite) is put back when test fails creating ladder\'s tables', async () => {
    const devDir = await pgliteDir();
    const test = await freshDatabase(pgUrl);
    cleanups.push(test.drop);
    await withSql(test.url, (sql) => sql.unsafe(`create schema drizzle; create type drizzle.__ladder_log as enum ('x')`));
    const project = await projectWith(
      `default_environments = ["dev", "test"]\n\n[environments.dev]\npglite = "${devDir}"\n\n[environments.test]\nconnection_url = "${test.url}"\n`,
    );

    const e = await refusal(tryMigrations({ cwd: project }));
    expect(e.code).toBe(1);
    expect(e.environment).toBe('test');
    // the environment is data (e.environment), not part of the message: the CLI puts it in front
    expect(e.message).toBe('type "__ladder_log" already exists (SQLSTATE 42710)');
    expect(e.detail).toContain('dev: put back as it was before this command');
    const db = new PGlite(devDir);
    try {
      expect(await tableNames(db)).toEqual([]);
      expect(await triesRows(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

// ---------------------------------------------------------------------------

describe('the production guard', () => {
  let project: string;
  let devUrl: string;
  const UNREACHABLE = 'postgres://u:p@127.0.0.1:1/x';

  beforeAll(async () => {
    const d = await freshDatabase(pgUrl);
    cleanups.push(d.drop);
    devUrl = d.url;
    project = await projectWith(
      `default_environments = ["dev"]\n\n[environments.dev]\nconnection_url = "${devUrl}"\n\n[environments.production]\nconnection_url = "${UNREACHABLE}"\nis_production = true\n`,
    );
  });

  it('the production URL really is unreachable: a command that connects fails with exit 1', async () => {
    const e = await refusal(status({ cwd: project, env: 'production' }));
    expect(e.code).toBe(1);
    expect(e.message).toContain('cannot connect (');
  });

  const calls: [string, (o: { cwd: string; env: string[] }) => Promise<unknown>][] = [
    ['try', (o) => tryMigrations(o)],
    ['try --all', (o) => tryMigrations({ ...o, all: true })],
    ['try 0000_init', (o) => tryMigrations({ ...o, id: INIT })],
    ['untry', (o) => untry(o)],
    ['untry 0000_init', (o) => untry({ ...o, id: INIT })],
    ['retry', (o) => retry(o)],
    ['reset', (o) => reset(o)],
  ];
  it.each(calls)('%s is refused with exit 2 before any connection, alone or with dev', async (name, call) => {
    for (const env of [['production'], ['dev', 'production']]) {
      const e = await refusal(call({ cwd: project, env }));
      expect(e.code).toBe(2);
      expect(e.message).toBe(`${name.split(' ')[0]} refused: production is a production environment`);
      expect(e.environment).toBe('production');
    }
    // dev was not touched either: ladder created nothing there
    expect(await tableNames(devUrl)).toEqual([]);
    expect(await queryRows(devUrl, `select 1 from pg_namespace where nspname = 'drizzle'`)).toEqual([]);
    // and a try never imported revert files for a refused command
    expect(await exists(file(project, `${INIT}.revert.sql`))).toBe(false);
  });
});
