// drizzle-orm and drizzle-kit 1.0 (rc), installed apart from the 0.x that the
// rest of the suite uses (the test/drizzle1 workspace package), so each
// drizzle-kit finds its own drizzle-orm.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './project.js';

/** node_modules holding drizzle-orm 1.0 and drizzle-kit 1.0: a 1.0 test project links its node_modules here. */
export const drizzle1Modules = path.join(repoRoot, 'test', 'drizzle1', 'node_modules');
export const drizzleKit1Bin = path.join(drizzle1Modules, 'drizzle-kit', 'bin.cjs');

/** drizzle-orm 1.0's own reader of a migrations folder (what its migrate() runs). */
export async function readMigrationFiles1(migrationsFolder: string): Promise<{ sql: string[]; folderMillis: number; hash: string; name: string }[]> {
  const mod = (await import(pathToFileURL(path.join(drizzle1Modules, 'drizzle-orm', 'migrator.js')).href)) as {
    readMigrationFiles(config: { migrationsFolder: string }): { sql: string[]; folderMillis: number; hash: string; name: string }[];
  };
  return mod.readMigrationFiles({ migrationsFolder });
}
