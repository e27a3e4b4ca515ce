// A revert file records the migration text it was written for (its
// `-- ladder:reverts <id> sha256:<hex>` line). After `drizzle-kit drop` and a
// new `drizzle-kit generate` with the same name, status warns that the revert
// is stale and import rewrites it when ladder wrote it; one edited by hand is
// left alone with a warning. Real drizzle-kit, the built binary.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, regenerate, removeProject, runLadder } from '../helpers/project.js';

const LADDER_TOML = '[environments.dev]\npglite = ".ladder/dev"\n';
const HEAD = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';\n`;
const USERS = `${HEAD}export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });\n`;
const withColumn = (col: string) =>
  `${HEAD}export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), ${col}: text('${col}') });\n`;

const projects: string[] = [];
afterAll(async () => {
  for (const dir of projects) await removeProject(dir);
});

/** What `drizzle-kit drop` does to the last migration: its SQL, snapshot and journal entry go. */
async function dropLast(dir: string, tag: string): Promise<void> {
  await fs.rm(path.join(dir, 'drizzle', `${tag}.sql`));
  await fs.rm(path.join(dir, 'drizzle', 'meta', `${tag.split('_')[0]}_snapshot.json`));
  const file = path.join(dir, 'drizzle', 'meta', '_journal.json');
  const journal = JSON.parse(await fs.readFile(file, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag !== tag);
  await fs.writeFile(file, JSON.stringify(journal, null, 2));
}

async function project(): Promise<string> {
  const dir = await makeProject({ schema: USERS, name: 'init', files: { 'ladder.toml': LADDER_TOML } });
  projects.push(dir);
  await regenerate(dir, withColumn('email'), 'profile');
  const r = await runLadder(dir, ['import']);
  expect(r.code, r.stderr).toBe(0);
  await dropLast(dir, '0001_profile');
  await regenerate(dir, withColumn('phone'), 'profile');
  return dir;
}

const REVERT = 'drizzle/0001_profile.revert.sql';

// each case makes its project with three drizzle-kit runs and a ladder import first: slow on a busy runner
describe('a revert file whose migration changed under it', () => {
  it('generated: status warns, import rewrites it for the new text', async () => {
    const dir = await project();
    const before = await fs.readFile(path.join(dir, REVERT), 'utf8');
    expect(before).toContain('DROP COLUMN "email"');

    const status = await runLadder(dir, ['status', '--offline']);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(`warning: ${REVERT} is stale: it was generated for another version of drizzle/0001_profile.sql; ladder import rewrites it`);

    const imported = await runLadder(dir, ['import']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`rewrote ${REVERT}: its migration changed (generated)`);
    const after = await fs.readFile(path.join(dir, REVERT), 'utf8');
    expect(after).toContain('ALTER TABLE "users" DROP COLUMN "phone";');
    expect(after).not.toContain('email');

    const again = await runLadder(dir, ['status', '--offline']);
    expect(again.stderr).not.toContain('warning:');
  }, 180_000);

  it('edited by hand: left alone, with a warning', async () => {
    const dir = await project();
    const file = path.join(dir, REVERT);
    // an edit after generation: the generated: hash no longer matches
    const edited = (await fs.readFile(file, 'utf8')).replace('DROP COLUMN "email";', 'DROP COLUMN "email"; -- checked by hand');
    await fs.writeFile(file, edited);

    const imported = await runLadder(dir, ['import']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(new RegExp(`^warning: ${REVERT} is stale: it was written for another version of drizzle/0001_profile\\.sql and edited since`, 'm'));
    expect(await fs.readFile(file, 'utf8')).toBe(edited);
  }, 180_000);

  it('without the header (written by hand or by an older ladder): never stale', async () => {
    const dir = await project();
    const mine = '-- mine\nALTER TABLE "users" DROP COLUMN "phone";\n';
    await fs.writeFile(path.join(dir, REVERT), mine);
    const status = await runLadder(dir, ['status', '--offline']);
    expect(status.stderr).not.toContain('warning:');
    const imported = await runLadder(dir, ['import']);
    expect(imported.stderr).toBe('');
    expect(await fs.readFile(path.join(dir, REVERT), 'utf8')).toBe(mine);
  }, 180_000);
});
