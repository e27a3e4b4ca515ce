// `ladder bundle --out <file>`: one ESM file that runs migrate/status/verify/
// baseline with plain `node <file>` in a folder with no node_modules and no
// migrations, against the real PostgreSQL server. The project is made with
// real `drizzle-kit generate` and committed with the built `ladder`.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, tableNames } from '../helpers/db.js';
import { makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { spawnProcess } from '../helpers/spawn.js';

const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });
`;
const USERS_AND_POSTS = `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });
export const posts = pgTable('posts', { id: serial('id').primaryKey(), userId: integer('user_id').notNull().references(() => users.id) });
`;
const WITH_TAGS = `${USERS_AND_POSTS}export const tags = pgTable('tags', { id: serial('id').primaryKey(), label: text('label') });
`;

/** A value that must never be written into the bundle: only the `{ env }` reference may be. */
const SENTINEL_URL = 'postgres://bundle-time-user:bundle-time-secret@db.invalid:5432/never';

const LADDER_TOML = `default_environments = ["dev"]

[environments.dev]
pglite = ".ladder/dev"

[environments.prod]
connection_url = { env = "DATABASE_URL" }
is_production = true
`;

/** `CREATE TABLE "users"` as the bundle holds it: JSON in a JS string literal. */
const USERS_SQL_IN_BUNDLE = String.raw`CREATE TABLE \\"users\\"`;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

function expectExit(r: RunResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`).toBe(code);
}

/** `node <bundle> ...args` in its folder, nothing inherited that could help it find modules. */
function runBundle(file: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return spawnProcess(process.execPath, [file, ...args], { cwd: path.dirname(file), env, cleanEnv: true });
}

describe('ladder bundle', () => {
  let project: string;
  let bundle: string;
  let bundleText: string;

  beforeAll(async () => {
    project = await makeProject({ schema: USERS, name: 'users', files: { 'ladder.toml': LADDER_TOML } });
    cleanups.push(() => removeProject(project));
    await regenerate(project, USERS_AND_POSTS, 'posts');
    // commit both (import writes their revert files first), then leave a third uncommitted
    for (let i = 0; i < 2; i++) expectExit(await runLadder(project, ['commit', '--untried']), 0);
    await regenerate(project, WITH_TAGS, 'tags');

    // the bundle runs from a folder with no node_modules anywhere above it
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-bundle-'));
    cleanups.push(() => fs.rm(outDir, { recursive: true, force: true }));
    bundle = path.join(outDir, 'migrate.mjs');
    const r = await runLadder(project, ['bundle', '--out', bundle], { env: { DATABASE_URL: SENTINEL_URL } });
    expectExit(r, 0);
    expect(r.stdout).toContain('2 committed migrations up to 0001_posts; environments: prod');
    expect(r.stderr).toContain('left out environment dev');
    bundleText = await fs.readFile(bundle, 'utf8');
  });

  it('writes one file well under 1 MB, holding the committed migrations and the {env} reference, never its value', async () => {
    const { size } = await fs.stat(bundle);
    expect(size).toBeLessThan(1024 * 1024);
    expect(bundleText).toContain(USERS_SQL_IN_BUNDLE);
    expect(bundleText).toContain('0001_posts');
    expect(bundleText).not.toContain('0002_tags'); // uncommitted: never bundled
    expect(bundleText).toContain('DATABASE_URL');
    expect(bundleText).not.toContain('bundle-time-secret');
    expect(bundleText).not.toContain('db.invalid');
    // neither drizzle-kit nor PGlite came along
    expect(bundleText).not.toMatch(/drizzle-kit\/api|@electric-sql\/pglite["']/);
    const listing = await fs.readdir(path.dirname(bundle));
    expect(listing).toEqual(['migrate.mjs']);
  });

  it('migrates a real database with plain node, then finds nothing to do', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const first = await runBundle(bundle, ['migrate', '-e', 'prod'], { DATABASE_URL: db.url });
    expectExit(first, 0);
    expect(first.stdout).toContain('[prod] applied 0000_users');
    expect(first.stdout).toContain('[prod] applied 0001_posts');
    expect(first.stdout).toContain('2 migrations applied');
    expect(await tableNames(db.url)).toEqual(['posts', 'users']);
    const rows = await queryRows<{ n: string }>(db.url, 'select count(*)::text as n from drizzle.__drizzle_migrations');
    expect(rows[0]?.n).toBe('2');

    // LADDER_ENV picks the environment as it does for the CLI
    const again = await runBundle(bundle, ['migrate'], { DATABASE_URL: db.url, LADDER_ENV: 'prod' });
    expectExit(again, 0);
    expect(again.stdout).toContain('[prod] up to date');

    const status = await runBundle(bundle, ['status', '--all', '-e', 'prod', '--json'], { DATABASE_URL: db.url });
    expectExit(status, 0);
    const doc = JSON.parse(status.stdout) as { environments: { migrations: { id: string; state: string }[] }[] };
    expect(doc.environments[0]?.migrations.map((m) => [m.id, m.state])).toEqual([
      ['0000_users', 'applied'],
      ['0001_posts', 'applied'],
    ]);
    const verify = await runBundle(bundle, ['verify', '-e', 'prod'], { DATABASE_URL: db.url });
    expectExit(verify, 0);
    expect(verify.stdout).toContain('2 committed migrations verified');
  });

  it('baselines a database whose schema already exists', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const r = await runBundle(bundle, ['baseline', '-e', 'prod', '--to', '0000_users'], { DATABASE_URL: db.url });
    expectExit(r, 0);
    expect(r.stdout).toContain('recorded 0000_users (fake)');
    expect(await tableNames(db.url)).toEqual([]);
    const m = await runBundle(bundle, ['migrate', '-e', 'prod'], { DATABASE_URL: db.url });
    expectExit(m, 1); // 0001_posts references users, which a baseline did not create
    expect(m.stderr).toMatch(/error: .*0001_posts failed/);
  });

  it('refuses to run, exit 3, when an embedded migration no longer matches its hash', async () => {
    const tampered = path.join(path.dirname(bundle), 'tampered.mjs');
    cleanups.push(() => fs.rm(tampered, { force: true }));
    await fs.writeFile(tampered, bundleText);
    expectExit(await runBundle(tampered, ['verify', '--offline']), 0);
    // then the file is edited in place, same length
    const text = bundleText.replace(USERS_SQL_IN_BUNDLE, USERS_SQL_IN_BUNDLE.replace('users', 'userz'));
    expect(text).not.toBe(bundleText);
    expect(text.length).toBe(bundleText.length);
    await fs.writeFile(tampered, text);
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const r = await runBundle(tampered, ['migrate', '-e', 'prod'], { DATABASE_URL: db.url });
    expectExit(r, 3);
    expect(r.stderr).toContain('error: bundled migration 0000_users does not match its committed hash');
    expect(r.stderr).toContain('hint: the bundle was altered');
    expect(await tableNames(db.url)).toEqual([]);
  });

  it('says why a PGlite environment is not there, and never needs the database for --help', async () => {
    const dev = await runBundle(bundle, ['migrate', '-e', 'dev']);
    expectExit(dev, 2);
    expect(dev.stderr).toContain('error: dev: environment dev is not in this bundle: it uses PGlite');
    const help = await runBundle(bundle, ['--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('2 committed migration(s) up to 0001_posts');
    for (const cmd of ['migrate', 'status', 'verify', 'baseline']) expect(help.stdout).toContain(`  ${cmd} `);
    for (const cmd of ['try', 'commit', 'bundle', 'init']) expect(help.stdout).not.toContain(`  ${cmd} `);

    // a bundle carries no PGlite: an environment that asks for it anyway (its
    // data edited) is refused in words by the stub, not by a missing module
    const edited = path.join(path.dirname(bundle), 'pglite.mjs');
    cleanups.push(() => fs.rm(edited, { force: true }));
    const text = bundleText.replace('"connectionUrl":{"env":"DATABASE_URL"}', '"pglite":".ladder/prod"');
    expect(text).not.toBe(bundleText);
    await fs.writeFile(edited, text);
    const pglite = await runBundle(edited, ['status', '-e', 'prod']);
    expectExit(pglite, 2);
    expect(pglite.stderr).toContain('environment prod uses PGlite, which a ladder bundle does not carry');
  });

  it('refuses to bundle a project whose committed migration was edited (exit 3)', async () => {
    const sql = path.join(project, 'drizzle', '0000_users.sql');
    const original = await fs.readFile(sql, 'utf8');
    await fs.writeFile(sql, `${original}\n-- edited after commit\n`);
    try {
      const r = await runLadder(project, ['bundle', '--out', path.join(project, 'x.mjs')]);
      expectExit(r, 3);
      expect(r.stderr).toContain('0000_users.sql was edited after it was committed');
    } finally {
      await fs.writeFile(sql, original);
    }
  });
});
