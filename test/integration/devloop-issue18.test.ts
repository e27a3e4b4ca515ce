// The dev loop without dead ends (issue 18), through the programmatic API on
// PostgreSQL and on PGlite, in a project made with REAL drizzle-kit
// generate: commit --all/--to, uncommit right after commit, the apply
// history in status, try bringing its database up to date first, and the
// hints for a stray tracking row and for a schema that already exists. Then
// the cases that need several environments: `uncommit -e ci` while dev
// holds the migration, and production.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commit, uncommit } from '../../src/api/commit.js';
import { migrate } from '../../src/api/migrate.js';
import { status } from '../../src/api/status.js';
import { tryMigrations, untry } from '../../src/api/tries.js';
import { catalogSnapshot, freshDatabase, freshPglite, queryRows, type DbTarget } from '../helpers/db.js';
import { makeProject, regenerate, removeProject } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';
import { DEV_DIALECTS, type DevTarget } from '../helpers/dev-targets.js';
import { rejection } from '../helpers/errors.js';

const pgUrl = inject('pgUrl');
const V3 = `${V2}export const tags = pgTable('tags', { id: serial('id').primaryKey(), label: text('label') });\n`;
const INIT = '0000_init';
const BIO = '0001_bio';
const TAGS = '0002_tags';

let template: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  template = await makeProject({ schema: V1, name: 'init' });
  cleanups.push(() => removeProject(template));
  await regenerate(template, V2, 'bio');
  await regenerate(template, V3, 'tags');
}, 120_000);

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

async function projectWith(toml: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-devloop18-'));
  await fs.cp(template, dir, { recursive: true, verbatimSymlinks: true });
  await fs.writeFile(path.join(dir, 'ladder.toml'), toml);
  cleanups.push(() => removeProject(dir));
  return dir;
}

const refusal = rejection;

const committedIds = async (project: string) =>
  [...(await fs.readFile(path.join(project, 'drizzle', 'committed.toml'), 'utf8').catch(() => '')).matchAll(/^id = "(.+)"$/gm)].map((m) => m[1]);
const tries = async (q: DbTarget) => (await queryRows<{ id: string }>(q, 'select migration_id as id from drizzle.__ladder_tries order by position')).map((r) => r.id);

type Target = DevTarget;
const DIALECTS = DEV_DIALECTS;

describe.each(DIALECTS)('the dev loop without dead ends on $name', (dialect) => {
  let target: Target;
  let project: string;
  const snap: Record<string, string> = {};
  const o = <T extends object>(extra: T = {} as T) => ({ cwd: project, db: target.db, ...extra });
  const rows = async () => (await status(o())).environments[0]!.migrations;
  const states = async () => Object.fromEntries((await rows()).map((m) => [m.id, m.state]));

  beforeAll(async () => {
    target = await dialect.open();
    project = await projectWith(target.toml);
    snap.empty = await catalogSnapshot(target.q);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('commit --to commits the tried migrations up to it, in order, and lists them', async () => {
    await tryMigrations(o({ id: INIT }));
    snap[INIT] = await catalogSnapshot(target.q);
    await tryMigrations(o({ all: true }));
    snap[TAGS] = await catalogSnapshot(target.q);
    const r = await commit(o({ to: BIO }));
    expect(r.migrations.map((m) => m.id)).toEqual([INIT, BIO]);
    expect(r.adopted).toEqual(['dev']);
    expect(await committedIds(project)).toEqual([INIT, BIO]);
    expect(await states()).toEqual({ [INIT]: 'applied', [BIO]: 'applied', [TAGS]: 'tried' });
    expect(await tries(target.q)).toEqual([TAGS]);
  });

  it('commit --all commits the rest; status says when and by what each was applied', async () => {
    const r = await commit(o({ all: true }));
    expect(r.migrations.map((m) => m.id)).toEqual([TAGS]);
    const s = await rows();
    expect(s.map((m) => [m.id, m.state, m.appliedBy])).toEqual([
      [INIT, 'applied', 'commit'],
      [BIO, 'applied', 'commit'],
      [TAGS, 'applied', 'commit'],
    ]);
    for (const m of s) {
      expect(m.appliedAt).toBeInstanceOf(Date);
      expect(Date.now() - m.appliedAt!.getTime()).toBeLessThan(120_000);
      expect(m.durationMs).toEqual(expect.any(Number)); // the try's
    }
  });

  it('uncommit right after commit turns the applied rows back into tries, in order; untry then reverts them', async () => {
    // its revert file edited since commit: the try would hold a revert that is not the committed one
    const revertFile = path.join(project, 'drizzle', `${TAGS}.revert.sql`);
    const committedRevert = await fs.readFile(revertFile, 'utf8');
    await fs.writeFile(revertFile, `${committedRevert}\n-- edited\n`);
    const refused = await rejection(uncommit(o()));
    expect(refused.code).toBe(3);
    expect(refused.message).toMatch(new RegExp(`uncommit ${TAGS} refused: drizzle/${TAGS}\\.revert\\.sql was edited or is missing since it was committed$`));
    expect(await committedIds(project)).toEqual([INIT, BIO, TAGS]);
    await fs.writeFile(revertFile, committedRevert);
    expect((await uncommit(o())).triedAgain).toEqual(['dev']);
    expect((await uncommit(o())).uncommitted.id).toBe(BIO);
    expect(await committedIds(project)).toEqual([INIT]);
    expect(await states()).toEqual({ [INIT]: 'applied', [BIO]: 'tried', [TAGS]: 'tried' });
    expect(await tries(target.q)).toEqual([BIO, TAGS]);
    expect(await catalogSnapshot(target.q)).toBe(snap[TAGS]);
    // untry goes newest first: TAGS, then BIO, back to the schema of INIT
    await untry(o({ id: BIO }));
    expect(await catalogSnapshot(target.q)).toBe(snap[INIT]);
    expect(await states()).toEqual({ [INIT]: 'applied', [BIO]: 'uncommitted', [TAGS]: 'uncommitted' });
  });

  it('try applies committed migrations pending in a database first; --no-migrate refuses, naming them', async () => {
    await commit(o({ to: BIO, untried: true }));
    const e = await refusal(tryMigrations(o({ noMigrate: true })));
    expect([e.code, e.message]).toEqual([2, `try refused: committed migration ${BIO} is not applied in dev`]);
    expect(e.hint).toContain('ladder migrate -e dev');
    const r = await tryMigrations(o());
    expect(r.migrated).toEqual([{ environment: 'dev', applied: [expect.objectContaining({ id: BIO, adopted: false })] }]);
    expect(r.environments[0]!.tried).toEqual([TAGS]);
    expect(await catalogSnapshot(target.q)).toBe(snap[TAGS]);
    expect(await states()).toEqual({ [INIT]: 'applied', [BIO]: 'applied', [TAGS]: 'tried' });
  });

  it('uncommit of a migration migrate ran is refused, with rollback as the way out', async () => {
    const e = await refusal(uncommit(o()));
    expect([e.code, e.message]).toEqual([2, `uncommit ${BIO} refused: it is applied in dev by migrate, not committed from a try there`]);
    expect(await committedIds(project)).toEqual([INIT, BIO]);
  });

  it('a stray tracking row is an integrity problem with a hint fit for the database', async () => {
    await queryRows(target.q, `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'ab'.repeat(32)}', 1)`);
    const [p] = (await status(o())).environments[0]!.problems;
    expect(p!.kind).toBe('unknown');
    if (dialect.name === 'pglite') expect(p!.hint).toMatch(/^a migration from another branch, or one since deleted, was applied to this local dev database: recreate it \(delete .+, then `ladder migrate` and `ladder try`\)$/);
    else expect(p!.hint).toMatch(/delete the row if you are sure/);
    await queryRows(target.q, `delete from drizzle.__drizzle_migrations where created_at = 1`);
  });
});

describe.each(DIALECTS)('migrate on a database whose schema already exists, on $name', (dialect) => {
  let target: Target;
  afterAll(async () => {
    await target?.close();
  });
  it('suggests baseline when the first migration fails with "already exists"', async () => {
    target = await dialect.open();
    const project = await projectWith(target.toml);
    await commit({ cwd: project, all: true, untried: true });
    await queryRows(target.q, `create type "public"."status" as enum ('draft', 'published')`);
    const e = await refusal(migrate({ cwd: project, db: target.db }));
    expect(e.code).toBe(1);
    expect(e.message).toMatch(/0000_init failed at statement 1 .*already exists \(SQLSTATE 42710\)/);
    expect(e.hint).toMatch(/ladder baseline --to <id>/);
  });
});

describe('several environments: uncommit never leaves a row that matches nothing', () => {
  let ci: Awaited<ReturnType<typeof freshDatabase>>;
  let prod: Awaited<ReturnType<typeof freshDatabase>>;
  let project: string;
  let devDir: string;
  beforeAll(async () => {
    ci = await freshDatabase(pgUrl);
    prod = await freshDatabase(pgUrl);
    const t = await freshPglite();
    cleanups.push(ci.drop, prod.drop, t.cleanup);
    devDir = t.dir;
    project = await projectWith(
      `default_environments = ["dev"]\n[environments.dev]\npglite = "${devDir}"\n[environments.ci]\nconnection_url = "${ci.url}"\n` +
        `[environments.production]\nconnection_url = "${prod.url}"\nis_production = true\n`,
    );
  });

  it('uncommit -e ci is refused while dev holds the migration commit adopted; with dev too, dev gets its try back', async () => {
    await tryMigrations({ cwd: project });
    await commit({ cwd: project });
    const e = await refusal(uncommit({ cwd: project, env: 'ci' }));
    expect([e.code, e.message]).toEqual([2, `uncommit ${INIT} refused: it is applied in dev, which this command does not act on`]);
    expect(e.hint).toBe('include it, so its row becomes a try again there too: `ladder uncommit -e <environments>,dev`');
    expect(await committedIds(project)).toEqual([INIT]);

    const r = await uncommit({ cwd: project, env: 'ci,dev' });
    expect(r.triedAgain).toEqual(['dev']);
    expect(await committedIds(project)).toEqual([]);
    const s = await status({ cwd: project, env: 'dev' });
    expect(s.environments[0]!.problems).toEqual([]);
    expect(s.environments[0]!.migrations[0]).toMatchObject({ id: INIT, state: 'tried' });
  }, 240_000); // PGlite opened six times from disk (the first one initialises it): slow on a loaded 2-core runner

  it('uncommit is refused once a production environment applied it', async () => {
    await commit({ cwd: project });
    await migrate({ cwd: project, env: 'production' });
    const e = await refusal(uncommit({ cwd: project, env: 'production' }));
    expect([e.code, e.message]).toEqual([2, `uncommit ${INIT} refused: it is applied in production, a production environment`]);
    expect(await committedIds(project)).toEqual([INIT]);
  });
});
