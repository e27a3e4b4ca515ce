// Every try proves its revert, and a way out of every dev-loop dead end
// (issue 15, items 3 and 4), through the programmatic API on PostgreSQL and
// on PGlite, in a project made with REAL drizzle-kit generate (users/posts,
// then a `bio` column). Each test starts from a fresh database and a fresh
// copy of the project.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit } from '../../src/api/commit.js';
import { status } from '../../src/api/status.js';
import { reset, retry, tryMigrations, untry } from '../../src/api/tries.js';
import { catalogSnapshot, queryRows } from '../helpers/db.js';
import { makeProject, regenerate, removeProject } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';
import { DEV_DIALECTS, type DevTarget } from '../helpers/dev-targets.js';
import { rejection } from '../helpers/errors.js';

const INIT = '0000_init';
const BIO = '0001_bio';
/** a revert that runs and leaves the column */
const LEAVES_BIO = 'SELECT 1;\n';
/** a revert that fails */
const FAILS = 'ALTER TABLE "users" DROP COLUMN "no_such_column";\n';

let template: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  template = await makeProject({ schema: V1, name: 'init' });
  cleanups.push(() => removeProject(template));
  await regenerate(template, V2, 'bio');
}, 120_000);

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

type Target = DevTarget;
const DIALECTS = DEV_DIALECTS;

const refusal = rejection;

describe.each(DIALECTS)('every try proves its revert, on $name', (dialect) => {
  let target: Target;
  let project: string;
  const o = <T extends object>(extra: T = {} as T) => ({ cwd: project, db: target.db, ...extra });
  const revertFile = () => path.join(project, 'drizzle', `${BIO}.revert.sql`);
  const writeRevert = (text: string) => fs.writeFile(revertFile(), text);
  const columns = async () =>
    (
      await queryRows<{ c: string }>(
        target.q,
        `select column_name as c from information_schema.columns where table_schema = 'public' and table_name = 'users' order by column_name`,
      )
    ).map((r) => r.c);
  const tryRows = async () =>
    await queryRows<{ id: string; mark: string | null }>(target.q, 'select migration_id as id, revert_unverified as mark from drizzle.__ladder_tries order by position');
  const bioRow = async () => (await status(o())).environments[0]!.migrations.find((m) => m.id === BIO)!;
  let generatedRevert: string;

  // a fresh database and project for each test: INIT tried and committed, BIO not tried
  async function fresh(): Promise<void> {
    await target?.close();
    target = await dialect.open();
    project = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-revert-proof-'));
    await fs.cp(template, project, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(project, 'ladder.toml'), target.toml);
    cleanups.push(() => removeProject(project));
    await tryMigrations(o({ id: INIT }));
    await commit(o());
    // the generated revert of BIO, written by the import that try runs first
    await tryMigrations(o({ id: BIO }));
    generatedRevert = await fs.readFile(revertFile(), 'utf8');
    await untry(o());
  }

  afterAll(async () => {
    await target?.close();
  });

  it('a good revert: the try is proven, status is clean, nothing is marked', async () => {
    await fresh();
    expect(generatedRevert).toContain('DROP COLUMN "bio"');
    const r = await tryMigrations(o());
    expect(r.environments[0]!.tried).toEqual([BIO]);
    expect(r.environments[0]!.revertUnverified).toEqual([]);
    expect(await columns()).toEqual(['bio', 'id', 'name']);
    expect(await tryRows()).toEqual([{ id: BIO, mark: null }]);
    const row = await bioRow();
    expect(row.state).toBe('tried');
    expect(row.revertUnverified).toBeUndefined();
    // the migration ran twice inside the try (apply, revert, apply): one column, one try row
    expect((await commit(o())).migrations.map((m) => m.id)).toEqual([BIO]);
  });

  it('a revert that leaves the column: warning, revert unverified, commit refused, --accept-revert commits', async () => {
    await fresh();
    await writeRevert(LEAVES_BIO);
    const r = await tryMigrations(o());
    const env = r.environments[0]!;
    expect(env.tried).toEqual([BIO]);
    expect(env.revertUnverified).toHaveLength(1);
    expect(env.revertUnverified[0]!.migration).toBe(BIO);
    expect(env.revertUnverified[0]!.reason).toMatch(/^its revert does not restore the schema: it leaves column public\.users\.bio text$/);
    // the try is applied all the same
    expect(await columns()).toEqual(['bio', 'id', 'name']);
    expect((await tryRows())[0]!.mark).toMatch(/column public\.users\.bio/);
    expect((await bioRow()).revertUnverified).toMatch(/column public\.users\.bio/);

    const e = await refusal(commit(o()));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/commit 0001_bio refused: its revert is unverified in dev: its revert does not restore the schema/);
    expect(e.hint).toContain('`ladder retry 0001_bio`');
    expect(e.hint).toContain('--accept-revert');
    expect(await tryRows()).toHaveLength(1);

    const c = await commit(o({ acceptRevert: true }));
    expect(c.migrations.map((m) => m.id)).toEqual([BIO]);
    expect(await tryRows()).toEqual([]);
    expect((await bioRow()).state).toBe('applied');
  });

  it('a failing revert: warning naming the failure; the try itself is applied', async () => {
    await fresh();
    await writeRevert(FAILS);
    const r = await tryMigrations(o());
    const u = r.environments[0]!.revertUnverified;
    expect(u).toHaveLength(1);
    expect(u[0]!.reason).toMatch(/^its revert fails: revert failed at statement 1 \(drizzle\/0001_bio\.revert\.sql:1\): column "no_such_column" of relation "users" does not exist/);
    expect(await columns()).toEqual(['bio', 'id', 'name']);
    expect(await tryRows()).toEqual([{ id: BIO, mark: expect.stringMatching(/^its revert fails/) }]);
  });

  it('--no-verify-revert skips the check: no warning, no mark (try and retry)', async () => {
    await fresh();
    await writeRevert(FAILS);
    const r = await tryMigrations(o({ verifyRevert: false }));
    expect(r.environments[0]!.revertUnverified).toEqual([]);
    expect(await tryRows()).toEqual([{ id: BIO, mark: null }]);
    // the stored revert fails, so untry with the good file; then retry a leaky revert unchecked
    await writeRevert(generatedRevert);
    await untry(o({ withCurrentRevert: true }));
    await tryMigrations(o({ verifyRevert: false }));
    await writeRevert(LEAVES_BIO);
    const again = await retry(o({ verifyRevert: false }));
    expect(again.environments[0]!.revertUnverified).toEqual([]);
    expect(await tryRows()).toEqual([{ id: BIO, mark: null }]);
  });

  for (const [what, bad] of [
    ['leaves the column', LEAVES_BIO],
    ['fails', FAILS],
  ] as const) {
    it(`retry after fixing a revert that ${what} clears the mark (the fixed file undoes the try)`, async () => {
      await fresh();
      await writeRevert(bad);
      await tryMigrations(o());
      expect((await tryRows())[0]!.mark).not.toBeNull();
      await writeRevert(generatedRevert);
      // the stored copy failed its check: retry undoes the try with the fixed file, then proves it
      const r = await retry(o());
      expect(r.environments[0]!.untried).toEqual([BIO]);
      expect(r.environments[0]!.replacedUnverifiedRevert).toEqual([BIO]);
      expect(r.environments[0]!.revertUnverified).toEqual([]);
      expect(await tryRows()).toEqual([{ id: BIO, mark: null }]);
      expect(await columns()).toEqual(['bio', 'id', 'name']);
      expect((await bioRow()).revertUnverified).toBeUndefined();
      expect((await commit(o())).migrations.map((m) => m.id)).toEqual([BIO]);
    });
  }

  it('untry --with-current-revert runs the edited file, not the stored copy', async () => {
    await fresh();
    await writeRevert(FAILS);
    await tryMigrations(o({ verifyRevert: false }));
    const e = await refusal(untry(o()));
    expect(e.code).toBe(1);
    expect(e.hint).toContain('`ladder untry 0001_bio --with-current-revert`');
    expect(e.hint).toContain('`ladder untry 0001_bio --forget`');
    expect(await tryRows()).toHaveLength(1);

    await writeRevert(generatedRevert);
    const stale = await refusal(untry(o()));
    // the stored copy still fails; the hint now says the file differs from it
    expect(stale.hint).toMatch(/the revert stored at try time differs from drizzle\/0001_bio\.revert\.sql: `ladder untry 0001_bio --with-current-revert`/);

    const r = await untry(o({ withCurrentRevert: true }));
    expect(r.environments[0]!.untried).toEqual([BIO]);
    expect(r.environments[0]!.usedCurrentRevert).toEqual([BIO]);
    expect(await columns()).toEqual(['id', 'name']);
    expect(await tryRows()).toEqual([]);
  });

  it('untry --forget drops the try record and leaves the database untouched', async () => {
    await fresh();
    await tryMigrations(o());
    const before = await catalogSnapshot(target.q);
    const r = await untry(o({ forget: true }));
    expect(r.environments[0]!.forgotten).toEqual([BIO]);
    expect(r.environments[0]!.untried).toEqual([]);
    expect(await tryRows()).toEqual([]);
    expect(await columns()).toEqual(['bio', 'id', 'name']);
    expect(await catalogSnapshot(target.q)).toBe(before);
    expect((await bioRow()).state).toBe('uncommitted');
    const both = await refusal(untry(o({ forget: true, withCurrentRevert: true })));
    expect(both.code).toBe(2);
  });

  if (dialect.name === 'pglite') {
    it('reset --recreate throws the PGlite directory away and migrates it again from committed migrations', async () => {
      await fresh();
      await tryMigrations(o());
      await target.db!.exec('CREATE TABLE "scratch" ("x" int)');
      const r = await target.owned!(() => reset({ cwd: project, recreate: true }));
      expect(r.environments[0]!.recreated?.applied).toEqual([INIT]);
      expect(
        (await queryRows<{ t: string }>(target.q, `select table_name as t from information_schema.tables where table_schema = 'public' order by 1`)).map((x) => x.t),
      ).toEqual(['posts', 'users']);
      expect(await columns()).toEqual(['id', 'name']);
      expect(await tryRows()).toEqual([]);
      expect((await bioRow()).state).toBe('uncommitted');
      // a given instance is not ladder's to delete
      expect((await refusal(reset(o({ recreate: true })))).code).toBe(2);
    });
  } else {
    it('reset --recreate is refused on PostgreSQL, changing nothing', async () => {
      await fresh();
      await tryMigrations(o());
      const e = await refusal(reset(o({ recreate: true })));
      expect(e.code).toBe(2);
      expect(e.message).toBe('reset --recreate refused: dev is a PostgreSQL environment; only a PGlite dev database is thrown away and rebuilt');
      expect(e.hint).toContain('`ladder reset`');
      expect(await tryRows()).toHaveLength(1);
      expect(await columns()).toEqual(['bio', 'id', 'name']);
    });
  }
});
