// Issue 18: "`drizzle-kit migrate` afterwards re-applies what was rolled
// back, as drizzle would", with the REAL drizzle-kit CLI (not only
// drizzle-orm's migrate()): a project made with `drizzle-kit generate`, its
// drizzle.config pointing at the same database and out folder; `ladder
// migrate`, `ladder rollback --steps 2`, then `drizzle-kit migrate` applies
// the two again: the same schema, and the same tracking rows as drizzle-kit
// alone writes on an empty database.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogSnapshot, freshDatabase, queryRows, type FreshDatabase } from '../helpers/db.js';
import { drizzleKitBin, makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';
import { spawnProcess } from '../helpers/spawn.js';

const V3 = `${V2}
export const tags = pgTable('tags', { id: serial('id').primaryKey(), label: text('label').notNull() });
`;

const drizzleConfig = (url: string) => `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle', dbCredentials: { url: ${JSON.stringify(url)} } });
`;

let project: string;
let db: FreshDatabase;
let reference: FreshDatabase;

function ok(r: RunResult, what: string): RunResult {
  expect(r.code, `${what}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
}

const drizzleKitMigrate = async (url: string) => {
  await fs.writeFile(path.join(project, 'drizzle.config.ts'), drizzleConfig(url));
  return ok(await spawnProcess(drizzleKitBin, ['migrate'], { cwd: project, timeoutMs: 60_000 }), 'drizzle-kit migrate');
};
const trackingRows = (url: string) =>
  queryRows<{ id: number; hash: string; created_at: string }>(url, 'select id, hash, created_at::text from drizzle.__drizzle_migrations order by id');

beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'));
  reference = await freshDatabase(inject('pgUrl'));
  project = await makeProject({ schema: V1, name: 'init', files: { 'ladder.toml': `[environments.dev]\nconnection_url = "${db.url}"\n` } });
  await regenerate(project, V2, 'bio');
  await regenerate(project, V3, 'tags');
  ok(await runLadder(project, ['commit', '--all', '--untried']), 'ladder commit --all --untried');
}, 120_000);

afterAll(async () => {
  if (project) await removeProject(project);
  await db?.drop();
  await reference?.drop();
});

describe('rollback, then the real drizzle-kit migrate', () => {
  it('re-applies the rolled-back migrations, with the tracking rows drizzle-kit writes', async () => {
    // what drizzle-kit alone gives on an empty database
    await drizzleKitMigrate(reference.url);
    const want = await trackingRows(reference.url);
    expect(want).toHaveLength(3);
    const wantSchema = await catalogSnapshot(reference.url);

    ok(await runLadder(project, ['migrate']), 'ladder migrate');
    expect(await catalogSnapshot(db.url)).toBe(wantSchema);
    const rolled = ok(await runLadder(project, ['rollback', '--steps', '2']), 'ladder rollback --steps 2');
    expect(rolled.stdout).toContain('2 migrations rolled back');
    expect((await trackingRows(db.url)).map((r) => r.hash)).toEqual([want[0]!.hash]);
    expect(await catalogSnapshot(db.url)).not.toBe(wantSchema);

    const kit = await drizzleKitMigrate(db.url);
    expect(kit.stdout + kit.stderr).toMatch(/migrations applied successfully/i);
    expect(await catalogSnapshot(db.url)).toBe(wantSchema);
    // the same rows (ids differ: serial), and ladder agrees that all are applied
    expect((await trackingRows(db.url)).map(({ hash, created_at }) => ({ hash, created_at }))).toEqual(
      want.map(({ hash, created_at }) => ({ hash, created_at })),
    );
    const status = JSON.parse(ok(await runLadder(project, ['status', '--json']), 'ladder status').stdout) as {
      environments: { migrations: { id: string; state: string }[] }[];
    };
    expect(status.environments[0]!.migrations.map((m) => m.state)).toEqual(['applied', 'applied', 'applied']);
  });
});
