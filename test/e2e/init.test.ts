// `ladder init` in temp projects (node_modules linked to this repository's):
// drizzle.config.ts loaded as drizzle-kit loads it, the text read when it
// cannot be loaded (and init says so), `out` it cannot read named, and a next
// step that works whether or not the project has a migration yet.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleKitBin, makeProject, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { USERS } from '../helpers/schemas.js';
import { spawnProcess } from '../helpers/spawn.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeProject(dir);
});

async function projectWithConfig(config: string, generate = false): Promise<string> {
  const dir = await makeProject({ schema: USERS, generate: false, files: { 'drizzle.config.ts': config } });
  dirs.push(dir);
  if (generate) expectExit(await spawnProcess(drizzleKitBin, ['generate'], { cwd: dir }), 0);
  return dir;
}

function expectExit(r: RunResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`).toBe(code);
}

const toml = (dir: string) => fs.readFile(path.join(dir, 'ladder.toml'), 'utf8');

describe('ladder init', () => {
  it('loads drizzle.config.ts (out from a constant, migrations.table); with no migration yet, its next step works', async () => {
    const dir = await projectWithConfig(`import { defineConfig } from 'drizzle-kit';
const OUT = './db/sql';
export default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: OUT, migrations: { table: 'mig' } });
`);
    const r = await runLadder(dir, ['init']);
    expectExit(r, 0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('wrote ladder.toml (migrations in db/sql, from drizzle.config.ts;');
    expect(r.stdout).toContain('next: write a migration with `npx drizzle-kit generate`, then `ladder try`');
    expect(await toml(dir)).toContain('migrations_directory = "db/sql"\n');
    expect(await toml(dir)).toContain('\nmigrations_table = "mig"\n');
    expect((await fs.readdir(dir)).filter((f) => f.includes('ladder-'))).toEqual([]); // the transpiled config is gone

    // the next step, as printed
    expectExit(await spawnProcess(drizzleKitBin, ['generate'], { cwd: dir }), 0);
    const tried = await runLadder(dir, ['try']);
    expectExit(tried, 0);
    expect(tried.stdout).toMatch(/\[dev\] tried 0000_\w+/);
  }, 120_000);

  it('evaluates `out: process.env.X ?? ...` as drizzle-kit would', async () => {
    const dir = await projectWithConfig(`export default { dialect: 'postgresql', schema: './schema.ts', out: process.env.LADDER_TEST_UNSET_OUT ?? './migrations' };\n`);
    const r = await runLadder(dir, ['init']);
    expectExit(r, 0);
    expect(await toml(dir)).toContain('migrations_directory = "migrations"\n');
  });

  it('reads the text when the config cannot be loaded, says so, and names an `out` it cannot read', async () => {
    const dir = await projectWithConfig(`if (!process.env.LADDER_TEST_UNSET_URL) throw new Error('DATABASE_URL is required');
export default { dialect: 'postgresql', out: OUT_DIR, migrations: { schema: 'ops' } };
`);
    const r = await runLadder(dir, ['init']);
    expectExit(r, 0);
    expect(r.stderr).toContain('note: could not load drizzle.config.ts (DATABASE_URL is required); read its text instead\n');
    expect(r.stderr).toContain('warning: could not read `out` from drizzle.config.ts');
    expect(r.stderr).toContain('migrations_directory = "drizzle"; edit ladder.toml if drizzle-kit writes elsewhere');
    expect(await toml(dir)).toContain('migrations_directory = "drizzle"\n');
    expect(await toml(dir)).toContain('\nmigrations_schema = "ops"\n');
  });

  it('in a project with migrations, suggests `ladder status`, which works; refuses to overwrite (exit 2)', async () => {
    const dir = await projectWithConfig(`export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`, true);
    const r = await runLadder(dir, ['init']);
    expectExit(r, 0);
    expect(r.stdout).toContain('next: `ladder status`');
    const status = await runLadder(dir, ['status']);
    expectExit(status, 0);
    expect(status.stdout).toMatch(/0000_\w+ +uncommitted/);
    const again = await runLadder(dir, ['init']);
    expectExit(again, 2);
    expect(again.stderr).toMatch(/^error: ladder.toml already exists in /);
  }, 120_000);
});
