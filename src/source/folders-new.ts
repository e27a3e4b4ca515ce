/**
 * `ladder new` in drizzle-kit 1.0's folder format: an empty hand-written
 * migration written exactly as `drizzle-kit generate --custom --name <name>`
 * (1.0.0-rc.5) writes it, so drizzle-kit keeps working on the folder:
 *
 * - `<prefix>_<name>/` where prefix is the UTC time YYYYMMDDHHmmss of
 *   max(now, the newest folder's time + 1 s) (drizzle-kit's prepareMigrationMetadata);
 * - `migration.sql`: drizzle-kit's custom header line (no newline);
 * - `snapshot.json`: no change of schema: `{type: "diff", version: "9",
 *   dialect: "postgres", id, prevIds: the leaf snapshots, footprints: [],
 *   deltas: []}` (an empty folder is read as 0.x's: `ladder new` writes a
 *   journal migration there);
 *
 * plus ladder's `revert.sql` (a todo). Nothing here loads drizzle-kit.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readTextFile } from './read-file.js';
import { writeFileAtomic } from './write-atomic.js';
import path from 'node:path';
import { ExitCode, LadderError } from '../core/errors.js';
import { todoRevertFile } from '../core/parse.js';
import type { MigrationSource } from '../core/types.js';
import { folderMillis, MIGRATION_FILE, REVERT_FILE, SNAPSHOT_FILE } from './folders.js';

/** drizzle-kit's SQL for `generate --custom` (0.31 and 1.0 alike). */
export const CUSTOM_MIGRATION_SQL = '-- Custom SQL migration file, put your code below! --';

const two = (n: number) => String(n).padStart(2, '0');

/** drizzle-kit 1.0's folder prefix for a time (prepareSnapshotFolderName). */
export function folderPrefix(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** Snapshot ids no other snapshot names as its parent: what a new migration follows (drizzle-kit's findLeafSnapshotIds). */
export function leafIds(snapshots: { id: string; prevIds: string[] }[]): string[] {
  const parents = new Set(snapshots.flatMap((s) => s.prevIds));
  const leaves = snapshots.map((s) => s.id).filter((id) => !parents.has(id));
  return leaves.length > 0 ? leaves : snapshots.slice(-1).map((s) => s.id);
}

export interface NewFolderMigration {
  id: string;
  /** absolute paths of what was written */
  sql: string;
  revert: string;
  snapshot: string;
}

export function writeCustomFolderMigration(source: MigrationSource, name: string, now = Date.now()): NewFolderMigration {
  const snapshots: { id: string; prevIds: string[] }[] = [];
  for (const m of source.migrations) {
    const file = path.join(source.directory, m.id, SNAPSHOT_FILE);
    try {
      const s = JSON.parse(readTextFile(file)) as { id?: unknown; prevIds?: unknown };
      if (typeof s.id !== 'string' || !Array.isArray(s.prevIds)) throw new Error('no id/prevIds');
      snapshots.push({ id: s.id, prevIds: s.prevIds.filter((p): p is string => typeof p === 'string') });
    } catch (e) {
      throw new LadderError(ExitCode.usage, `${m.id}/${SNAPSHOT_FILE} is not a drizzle-kit 1.0 snapshot (${e instanceof Error ? e.message : String(e)})`, {
        migration: m.id,
        hint: 'restore it from version control; drizzle-kit generate needs it too',
      });
    }
  }
  const newest = Math.max(0, ...source.migrations.map((m) => folderMillis(m.id) ?? 0));
  const id = `${folderPrefix(Math.max(now, newest + 1000))}_${name}`;
  // a folder is read as 1.0's only when it holds a migration, so there is always a parent snapshot
  const snapshot = { type: 'diff', version: '9', dialect: 'postgres', id: randomUUID(), prevIds: leafIds(snapshots), footprints: [], deltas: [] };
  const folder = path.join(source.directory, id);
  try {
    mkdirSync(folder); // not recursive: an existing folder is never written into
  } catch (e) {
    throw new LadderError(ExitCode.usage, `${id} exists already: not overwritten`, { migration: id }, e);
  }
  const written = { sql: path.join(folder, MIGRATION_FILE), revert: path.join(folder, REVERT_FILE), snapshot: path.join(folder, SNAPSHOT_FILE) };
  try {
    // each file whole or not at all (write-atomic.ts); the folder goes if any fails
    writeFileAtomic(written.snapshot, JSON.stringify(snapshot, null, 2), { exclusive: true });
    writeFileAtomic(written.sql, CUSTOM_MIGRATION_SQL, { exclusive: true });
    writeFileAtomic(written.revert, todoRevertFile(id, 'a hand-written migration (ladder new): drizzle-kit knows nothing of its SQL'), { exclusive: true });
  } catch (e) {
    rmSync(folder, { recursive: true, force: true }); // all or nothing: the folder is ours, just made
    throw e;
  }
  return { id, ...written };
}
