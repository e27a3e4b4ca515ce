// drizzle-orm and drizzle-kit 1.0 (rc), installed apart from the 0.x that the
// rest of the suite uses (the test/drizzle1 workspace package), so each
// drizzle-kit finds its own drizzle-orm.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './project.js';

/** node_modules holding drizzle-orm 1.0 and drizzle-kit 1.0: a 1.0 test project links its node_modules here. */
export const drizzle1Modules = path.join(repoRoot, 'test', 'drizzle1', 'node_modules');
export const drizzleKit1Bin = path.join(drizzle1Modules, 'drizzle-kit', 'bin.cjs');

/**
 * The test/drizzle1 workspace package is installed by `pnpm install` at the
 * repository root. A checkout whose install predates it skips the 1.0 tests
 * and says why, rather than failing on a missing import.
 */
export const drizzle1Installed = existsSync(path.join(drizzle1Modules, 'drizzle-kit', 'package.json'));
export const drizzle1Missing = 'drizzle 1.0 is not installed in test/drizzle1: run `npx -y pnpm@10 install` at the repository root';
if (!drizzle1Installed) console.warn(`[drizzle1] skipping the drizzle 1.0 tests: ${drizzle1Missing}`);

/** drizzle-orm 1.0's own reader of a migrations folder (what its migrate() runs). */
export async function readMigrationFiles1(migrationsFolder: string): Promise<{ sql: string[]; folderMillis: number; hash: string; name: string }[]> {
  const mod = (await import(pathToFileURL(path.join(drizzle1Modules, 'drizzle-orm', 'migrator.js')).href)) as {
    readMigrationFiles(config: { migrationsFolder: string }): { sql: string[]; folderMillis: number; hash: string; name: string }[];
  };
  return mod.readMigrationFiles({ migrationsFolder });
}

/** drizzle-orm 1.0's own migrate() (postgres-js driver) on `url`, as a drizzle 1.0 app runs it. */
export async function drizzle1Migrate(url: string, migrationsFolder: string): Promise<void> {
  const load = (p: string) => import(pathToFileURL(path.join(drizzle1Modules, p)).href);
  const { drizzle } = (await load('drizzle-orm/postgres-js/index.js')) as { drizzle(opts: { client: unknown }): unknown };
  const { migrate } = (await load('drizzle-orm/postgres-js/migrator.js')) as { migrate(db: unknown, config: { migrationsFolder: string }): Promise<void> };
  const { default: postgres } = (await load('postgres/src/index.js')) as { default: (url: string, o: object) => { end(o: object): Promise<void> } };
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Point a test project's node_modules at drizzle 1.0 ('1') or at the 0.x the
 * rest of the suite uses ('0'): the same project moves from one to the other
 * as a user's does when they upgrade.
 */
export async function useDrizzle(projectDir: string, major: '0' | '1'): Promise<void> {
  const link = path.join(projectDir, 'node_modules');
  await fs.rm(link, { force: true });
  await fs.symlink(major === '1' ? drizzle1Modules : path.join(repoRoot, 'node_modules'), link, 'dir');
}

let lastGenerateEnded = 0;

/**
 * `drizzle-kit generate` of drizzle-kit 1.0 in a project using it; the folder it wrote.
 * Folder names start with the second they were generated in, and two folders of
 * one second sort by name: each generate starts in a later second than the last
 * one ended, so folders sort in the order a test generated them, as they do for
 * a developer who generates minutes apart.
 */
export function generate1(projectDir: string, args: string[]): string {
  const nextSecond = (Math.floor(lastGenerateEnded / 1000) + 1) * 1000;
  const wait = nextSecond - Date.now();
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  const before = new Set(listFolders(projectDir));
  const r = spawnSync(process.execPath, [drizzleKit1Bin, 'generate', ...args], { cwd: projectDir, encoding: 'utf8', timeout: 120_000 });
  lastGenerateEnded = Date.now();
  const added = listFolders(projectDir).filter((f) => !before.has(f));
  if (r.status !== 0 || added.length !== 1) {
    throw new Error(`drizzle-kit 1.0 generate ${args.join(' ')} wrote ${added.length} folders (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  }
  return added[0]!;
}

function listFolders(projectDir: string): string[] {
  try {
    return readdirSync(path.join(projectDir, 'drizzle'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'meta')
      .map((e) => e.name);
  } catch {
    return [];
  }
}
