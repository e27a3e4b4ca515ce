// drizzle 1.0 (rc.5), both ways compatible: a 0.x project moved with
// `ladder up` (its database follows on the next migrate), and a fresh 1.0
// project whose tracking rows are exactly drizzle-orm 1.0's. drizzle-orm
// 1.0's own migrate() runs after ladder and finds nothing to do; ladder runs
// after it and finds nothing to do. A custom migration inserts a row, so
// anything run twice shows.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase, withSql, type FreshDatabase } from '../helpers/db.js';
import { drizzle1Installed, drizzle1Migrate, generate1, useDrizzle } from '../helpers/drizzle1.js';
import { generate, makeProject, regenerate, removeProject, runLadder } from '../helpers/project.js';

const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });
`;
const USERS_POSTS = `${USERS}export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });
`;
const INSERT = `INSERT INTO "users" ("email") VALUES ('once@example.com');`;
const UNDO_INSERT = `DELETE FROM "users" WHERE "email" = 'once@example.com';\n`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function database(): Promise<FreshDatabase> {
  const db = await freshDatabase(inject('pgUrl'));
  cleanup.push(() => db.drop());
  return db;
}

async function project(schema: string, url: string, generateFirst: boolean): Promise<string> {
  const dir = await makeProject({ schema, generate: generateFirst, files: { 'ladder.toml': `[environments.pg]\nconnection_url = "${url}"\n` } });
  cleanup.push(() => removeProject(dir));
  return dir;
}

async function ladder(dir: string, ...args: string[]): Promise<string> {
  const r = await runLadder(dir, args);
  if (r.code !== 0) throw new Error(`ladder ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  return `${r.stdout}${r.stderr}`;
}

const trackingRows = (url: string) =>
  withSql(url, (sql) => sql.unsafe(`select hash, created_at::text, name, applied_at from drizzle.__drizzle_migrations order by id`));
const usersCount = (url: string) => withSql(url, async (sql) => Number((await sql.unsafe(`select count(*)::int as n from users`))[0]!.n));

// each test spawns ladder and drizzle-kit a dozen times: minutes on a busy machine
describe.skipIf(!drizzle1Installed)('drizzle 1.0', { timeout: 240_000 }, () => {
  it('ladder up moves a 0.x project and its files; the next migrate names the rows; drizzle-orm 1.0 then runs nothing', async () => {
    const db = await database();
    const dir = await project(USERS, db.url, true);
    await regenerate(dir, USERS_POSTS, 'posts');
    const custom = await generate(dir, { custom: true, name: 'backfill' });
    await fs.writeFile(custom.sqlFile!, INSERT);
    await ladder(dir, 'import');
    await fs.writeFile(custom.sqlFile!.replace(/\.sql$/, '.revert.sql'), UNDO_INSERT);
    for (let i = 0; i < 3; i++) await ladder(dir, 'commit', '--untried');
    expect(await ladder(dir, 'migrate')).toContain('3 migrations applied');

    await useDrizzle(dir, '1');
    const moved = await ladder(dir, 'up');
    expect(moved).toContain('ran drizzle-kit up');
    expect(moved).toContain('committed.toml: 3 ids re-keyed to folder names');
    const folders = (await fs.readdir(path.join(dir, 'drizzle'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toHaveLength(3);
    for (const f of folders) await fs.access(path.join(dir, 'drizzle', f, 'revert.sql'));
    expect(await ladder(dir, 'up')).toContain('nothing to move');
    await ladder(dir, 'verify', '--offline');

    expect(await ladder(dir, 'migrate', '--dry-run')).toContain("would upgrade the tracking table to drizzle 1.0's shape");
    expect(await ladder(dir, 'migrate')).toContain("upgraded the tracking table to drizzle 1.0's shape (name, applied_at): 3 rows");
    expect((await trackingRows(db.url)).map((r) => r.name)).toEqual(folders);
    await drizzle1Migrate(db.url, path.join(dir, 'drizzle'));
    expect(await usersCount(db.url)).toBe(1);
    expect(await trackingRows(db.url)).toHaveLength(3);
    await ladder(dir, 'verify');
  });

  it('a fresh 1.0 project: tracking rows equal to drizzle-orm 1.0\'s, and each finds nothing to do after the other', async () => {
    const mine = await database();
    const theirs = await database();
    const dir = await project(USERS, mine.url, false);
    await useDrizzle(dir, '1');
    const init = generate1(dir, ['--name', 'init']);
    await fs.writeFile(path.join(dir, 'schema.ts'), USERS_POSTS);
    const posts = generate1(dir, ['--name', 'posts']);
    const backfill = generate1(dir, ['--custom', '--name', 'backfill']);
    await fs.writeFile(path.join(dir, 'drizzle', backfill, 'migration.sql'), INSERT);
    // reverts from drizzle-kit 1.0's own differ; the custom migration's is a todo, written by hand
    const imported = await ladder(dir, 'import');
    expect(imported).toContain(`wrote drizzle/${init}/revert.sql (generated`);
    expect(imported).toContain(`wrote drizzle/${posts}/revert.sql (generated`);
    expect(await fs.readFile(path.join(dir, 'drizzle', posts, 'revert.sql'), 'utf8')).toContain('DROP TABLE "posts";');
    expect(await fs.readFile(path.join(dir, 'drizzle', backfill, 'revert.sql'), 'utf8')).toMatch(/^-- ladder:todo .*\n-- ladder:reverts \S+ sha256:[0-9a-f]{64}\n-- why: custom migration/);
    await fs.writeFile(path.join(dir, 'drizzle', backfill, 'revert.sql'), UNDO_INSERT);
    for (let i = 0; i < 3; i++) await ladder(dir, 'commit', '--untried');

    expect(await ladder(dir, 'migrate')).toContain('3 migrations applied');
    await drizzle1Migrate(theirs.url, path.join(dir, 'drizzle'));
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ hash, created_at, name }) => ({ hash, created_at, name }));
    const ours = await trackingRows(mine.url);
    expect(strip(ours)).toEqual(strip(await trackingRows(theirs.url)));
    expect(ours.map((r) => r.name)).toEqual([init, posts, backfill]);

    await drizzle1Migrate(mine.url, path.join(dir, 'drizzle'));
    expect(await usersCount(mine.url)).toBe(1);
    expect(await ladder(dir, 'migrate')).toContain('up to date');
    await fs.writeFile(path.join(dir, 'ladder.toml'), `[environments.pg]\nconnection_url = "${theirs.url}"\n`);
    expect(await ladder(dir, 'migrate')).toContain('up to date');
    expect(await ladder(dir, 'status', '--all')).toMatch(new RegExp(`${backfill}\\s+applied`));
    expect(await usersCount(theirs.url)).toBe(1);
  });

  it('the dev loop on a fresh 1.0 project and PGlite: try writes a generated revert, untry undoes it, commit applies', async () => {
    const dir = await makeProject({ schema: USERS, generate: false, files: { 'ladder.toml': `[environments.dev]\npglite = ".ladder/dev"\n` } });
    cleanup.push(() => removeProject(dir));
    await useDrizzle(dir, '1');
    const init = generate1(dir, ['--name', 'init']);
    await fs.writeFile(path.join(dir, 'schema.ts'), USERS_POSTS);
    const posts = generate1(dir, ['--name', 'posts']);
    const tried = await ladder(dir, 'try', '--all');
    expect(tried).toContain(`[dev] tried ${init}`);
    expect(tried).toContain(`[dev] tried ${posts}`);
    expect(await ladder(dir, 'untry', init)).toContain(`[dev] untried ${posts}`);
    await ladder(dir, 'try', '--all');
    await ladder(dir, 'commit');
    await ladder(dir, 'commit');
    // ladder new writes what drizzle-kit 1.0's generate --custom writes, and drizzle-kit follows it
    expect(await ladder(dir, 'new', 'notes')).toMatch(/wrote drizzle\/\d{14}_notes\/migration\.sql/);
    const notes = (await fs.readdir(path.join(dir, 'drizzle'))).find((f) => f.endsWith('_notes'))!;
    const kit = generate1(dir, ['--custom', '--name', 'kit']);
    const read = async (f: string, file: string) => fs.readFile(path.join(dir, 'drizzle', f, file), 'utf8');
    const ours = JSON.parse(await read(notes, 'snapshot.json')) as Record<string, unknown>;
    const theirs = JSON.parse(await read(kit, 'snapshot.json')) as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect({ ...ours, id: 'x', prevIds: [] }).toEqual({ ...theirs, id: 'x', prevIds: [] });
    expect(theirs['prevIds']).toEqual([ours['id']]);
    expect(await read(notes, 'migration.sql')).toBe(await read(kit, 'migration.sql'));
    expect(await read(notes, 'revert.sql')).toMatch(/^-- ladder:todo /);
    await fs.rm(path.join(dir, 'drizzle', kit), { recursive: true });
    await fs.rm(path.join(dir, 'drizzle', notes), { recursive: true });
    const status = await ladder(dir, 'status', '--all', '--json');
    expect((JSON.parse(status.slice(status.indexOf('{'))) as { environments: { migrations: { id: string; state: string }[] }[] }).environments[0]!.migrations.map((m) => [m.id, m.state])).toEqual([
      [init, 'applied'],
      [posts, 'applied'],
    ]);
  });

  it('verify says where a 1.0 history branches and whether the branches write the same objects', async () => {
    const dir = await makeProject({ schema: USERS, generate: false, files: { 'ladder.toml': `[environments.dev]\npglite = ".ladder/dev"\n` } });
    cleanup.push(() => removeProject(dir));
    await useDrizzle(dir, '1');
    const init = generate1(dir, ['--name', 'init']);
    // two developers generate from the same snapshot: one adds posts, the other a column to users
    await fs.writeFile(path.join(dir, 'schema.ts'), USERS_POSTS);
    const posts = generate1(dir, ['--name', 'posts']);
    const aside = path.join(dir, 'aside');
    await fs.rename(path.join(dir, 'drizzle', posts), aside);
    await fs.writeFile(path.join(dir, 'schema.ts'), USERS.replace("email: text('email').notNull() }", "email: text('email').notNull(), bio: text('bio') }"));
    const bio = generate1(dir, ['--name', 'bio']);
    await fs.rename(aside, path.join(dir, 'drizzle', posts));
    await ladder(dir, 'import');
    const r = await runLadder(dir, ['verify', '--offline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: the history branches after ${init}: ${posts} and ${bio} were generated from the same snapshot; they write different objects`);
  });
});
