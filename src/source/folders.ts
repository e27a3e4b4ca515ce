/**
 * drizzle-kit 1.0's folder format (rc.5), read the way drizzle-orm 1.0's
 * readMigrationFiles reads it (drizzle-orm/migrator.js):
 *
 * ```
 * <dir>/<YYYYMMDDHHmmss>_<name>/migration.sql   every subfolder holding one is a migration, sorted by name
 * <dir>/<YYYYMMDDHHmmss>_<name>/snapshot.json   drizzle-kit's
 * <dir>/<YYYYMMDDHHmmss>_<name>/revert.sql      ladder's revert file (optional)
 * <dir>/committed.toml                          ladder's ledger, as in the journal format
 * ```
 *
 * The id is the folder name (drizzle-orm 1.0 stores it as the tracking row's
 * `name`); `when` is Date.UTC of its 14-digit prefix (drizzle-orm's
 * created_at, second resolution); the hash is sha256 of migration.sql.
 * drizzle-orm 1.0 refuses a folder that still has meta/_journal.json, and so
 * this format only applies when there is none (FORMATS tries the journal first).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readTextFile } from './read-file.js';
import path from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { isValidMigrationId } from '../core/parse.js';
import type { SnapshotNode } from '../core/branches.js';
import type { MigrationFile, MigrationSource } from '../core/types.js';
import type { FolderReadContext, MigrationFolderFormat } from './index.js';
import { decodeUtf8File, readBytes, readRevert } from './journal.js';

export const MIGRATION_FILE = 'migration.sql';
export const SNAPSHOT_FILE = 'snapshot.json';
export const REVERT_FILE = 'revert.sql';

const PREFIX_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/;

/**
 * drizzle-orm 1.0's created_at for a folder name: Date.UTC of its first 14
 * digits (formatToMillis), or undefined when the name has no such prefix
 * (drizzle-orm would store NaN and fail).
 */
export function folderMillis(name: string): number | undefined {
  const m = PREFIX_RE.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

function migrationFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, MIGRATION_FILE)))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b)); // drizzle-orm 1.0's order, exactly
}

function readFolders(ctx: FolderReadContext): MigrationFile[] {
  const { directory: dir, rel, problems } = ctx;
  const migrations: MigrationFile[] = [];
  for (const [index, name] of migrationFolders(dir).entries()) {
    const folder = path.join(dir, name);
    const sqlAbs = path.join(folder, MIGRATION_FILE);
    const sqlPath = rel(sqlAbs);
    const when = folderMillis(name);
    if (!isValidMigrationId(name) || when === undefined) {
      problems.usage.push({
        kind: 'folder-invalid-name',
        message: `${rel(folder)}: not a drizzle-kit 1.0 migration folder name (<YYYYMMDDHHmmss>_<name>, letters, digits, "_", ".", "-")`,
        file: rel(folder),
        migration: name,
        hint: 'drizzle-kit generate names the folders; rename this one, or move it out of the migrations folder',
      });
      continue;
    }
    const revertAbs = path.join(folder, REVERT_FILE);
    const revertPath = rel(revertAbs);
    const revert = readRevert(revertAbs, revertPath, problems, ctx.projectRoot);
    const bytes = readBytes(sqlAbs, sqlPath, problems, ctx.projectRoot);
    if (!(bytes instanceof Uint8Array)) continue;
    const sql = decodeUtf8File(bytes, sqlPath);
    if (typeof sql !== 'string') {
      problems.integrity.push({ ...sql, migration: name });
      continue;
    }
    const file: MigrationFile = { id: name, index, when, sqlPath, sql, hash: sha256Hex(bytes), revertPath };
    if (revert) file.revert = revert;
    if (existsSync(path.join(folder, SNAPSHOT_FILE))) file.snapshotPath = rel(path.join(folder, SNAPSHOT_FILE));
    migrations.push(file);
  }
  return migrations;
}

/** drizzle-kit 1.0: `<YYYYMMDDHHmmss>_<name>/migration.sql`, no journal. */
export const foldersFormat: MigrationFolderFormat = {
  name: 'drizzle-kit 1.0 folders',
  kind: 'folders',
  detect: (directory) => !existsSync(path.join(directory, 'meta', '_journal.json')) && migrationFolders(directory).length > 0,
  read: readFolders,
};

/**
 * The snapshot graph of a 1.0 folder (id, parents, what each migration
 * writes), for core/branches.ts. A snapshot that cannot be read is left out:
 * branches are advice, and a broken snapshot is drizzle-kit's to report.
 */
export function readSnapshotNodes(source: MigrationSource, projectRoot: string): SnapshotNode[] {
  if (source.format !== 'folders') return [];
  const nodes: SnapshotNode[] = [];
  for (const m of source.migrations) {
    if (!m.snapshotPath) continue;
    try {
      const s = JSON.parse(readTextFile(path.resolve(projectRoot, m.snapshotPath), { root: projectRoot })) as { id?: unknown; prevIds?: unknown; footprints?: unknown };
      if (typeof s.id !== 'string' || !Array.isArray(s.prevIds)) continue;
      const footprints = Array.isArray(s.footprints) ? (s.footprints as { writes?: unknown }[]) : [];
      nodes.push({
        migration: m.id,
        id: s.id,
        prevIds: s.prevIds.filter((p): p is string => typeof p === 'string'),
        writes: footprints.flatMap((f) => (Array.isArray(f.writes) ? f.writes.filter((w): w is string => typeof w === 'string') : [])),
      });
    } catch {
      // unreadable: see above
    }
  }
  return nodes;
}
