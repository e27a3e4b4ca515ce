/**
 * Revert SQL for a migration of drizzle-kit 1.0's folder format, with
 * drizzle-kit 1.0's own API (`drizzle-kit/api-postgres`): its snapshots are
 * a chain of diffs (`prevIds`), so both states are rebuilt with
 * `reconstruct(files, id)` and diffed swapped with `generateMigration(cur,
 * prev)`. The same rules as for 0.x (revert-gen.ts): never prompt (a diff
 * that needs a rename hint throws, and becomes a todo), and a todo with the
 * reason whenever the revert cannot be trusted: a custom or hand-edited
 * migration, a merge of two branches, no drizzle-kit 1.0. drizzle-kit runs
 * in a thread of its own (kit-thread.ts).
 */
import { readTextFile } from './read-file.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { splitStatements, STATEMENT_BREAKPOINT, todoRevertFile } from '../core/parse.js';
import { withRevertHeader } from '../core/revert-header.js';
import type { MigrationFile, MigrationSource } from '../core/types.js';
import { startKitThread, type KitThread } from './kit-thread.js';
import { ORIGIN_UUID, type GeneratedRevert } from './revert-gen.js';

type SchemaState = Record<string, unknown>;

const kits = new Map<string, Promise<KitThread | string>>();

/** drizzle-kit 1.0's api-postgres from the user's project, in its thread, or why not. */
function loadKit1(projectRoot: string): Promise<KitThread | string> {
  const root = path.resolve(projectRoot);
  let loading = kits.get(root);
  if (!loading) {
    loading = (async () => {
      let file: string;
      try {
        file = createRequire(path.join(root, 'package.json')).resolve('drizzle-kit/api-postgres');
      } catch {
        return 'drizzle-kit 1.0 is not installed (its drizzle-kit/api-postgres writes the reverts of 1.0 migrations)';
      }
      try {
        const thread = await startKitThread(file, ['reconstruct', 'generateMigration']);
        if (thread.functions.size < 2) {
          return `${file} has no reconstruct/generateMigration (ladder generates 1.0 reverts with drizzle-kit 1.0.0-rc.5 or later)`;
        }
        return thread;
      } catch (e) {
        return `drizzle-kit/api-postgres could not be loaded (${oneLine(e)})`;
      }
    })();
    kits.set(root, loading);
  }
  return loading;
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\r?\n\s*/g, ' ').trim().slice(0, 300);
}

const normalize = (s: string) => s.replace(/\r\n/g, '\n').trim();

/** The snapshots of every migration of the folder, by folder name, as drizzle-kit reads them; or why not. */
function snapshotFiles(projectRoot: string, migrations: MigrationFile[]): Record<string, unknown> | string {
  const files: Record<string, unknown> = {};
  for (const m of migrations) {
    if (!m.snapshotPath) return `no drizzle-kit snapshot for ${m.id} (${m.id}/snapshot.json)`;
    try {
      files[m.id] = JSON.parse(readTextFile(path.resolve(projectRoot, m.snapshotPath), { root: projectRoot }));
    } catch (e) {
      return `${m.snapshotPath} cannot be read (${oneLine(e)})`;
    }
  }
  return files;
}

export async function generateRevertKit1(projectRoot: string, source: MigrationSource, migration: MigrationFile, timeoutMs?: number): Promise<GeneratedRevert> {
  const id = migration.id;
  // the header says which migration text the file was written for (core/revert-header.ts), as for 0.x
  const todo = (reason: string): GeneratedRevert => ({ text: withRevertHeader(todoRevertFile(id, reason), id, migration.hash, false), generated: false, reason });
  const files = snapshotFiles(projectRoot, source.migrations);
  if (typeof files === 'string') return todo(files);
  const snapshot = files[id] as { id?: unknown; prevIds?: unknown };
  const prevIds = Array.isArray(snapshot.prevIds) ? (snapshot.prevIds as unknown[]) : [];
  if (typeof snapshot.id !== 'string' || prevIds.length === 0 || !prevIds.every((p) => typeof p === 'string')) {
    return todo(`${migration.snapshotPath} has no id/prevIds: not a drizzle-kit 1.0 snapshot`);
  }
  if (prevIds.length > 1) return todo(`${id} merges ${prevIds.length} branches of the history: its revert depends on which branch it undoes`);
  const kit = await loadKit1(projectRoot);
  if (typeof kit === 'string') return todo(kit);

  let forward: string[];
  let backward: string[];
  try {
    // a snapshot with a whole `ddl` (format "8" of rc.2-rc.4, rc.5's "base") is a state already;
    // rc.5's "diff" snapshots are rebuilt from the chain
    const state = async (snapshotId: string): Promise<SchemaState> => {
      const whole = Object.values(files).find((f) => (f as { id?: unknown }).id === snapshotId && Array.isArray((f as { ddl?: unknown }).ddl));
      return whole !== undefined ? (whole as SchemaState) : kit.call<SchemaState>('reconstruct', [files, snapshotId], timeoutMs);
    };
    const cur = await state(snapshot.id as string);
    const prevId = prevIds[0] as string;
    const prev: SchemaState = prevId === ORIGIN_UUID ? { version: '9', dialect: 'postgres', id: ORIGIN_UUID, prevIds: [], ddl: [] } : await state(prevId);
    forward = await kit.call<string[]>('generateMigration', [prev, cur], timeoutMs);
    backward = await kit.call<string[]>('generateMigration', [cur, prev], timeoutMs);
  } catch (e) {
    // a missing rename hint is drizzle-kit asking a question: ambiguous, never guessed
    return todo(`drizzle-kit could not diff the snapshots without asking (a rename?): ${oneLine(e)}`);
  }

  const want = forward.map(normalize).filter((s) => s !== '');
  const have = splitStatements(migration.sql.replace(/^\uFEFF/, '')).map(normalize).filter((s) => s !== '');
  if (want.length === 0) return todo(`custom migration: drizzle-kit generates no SQL between the snapshots of ${id}, so ${migration.sqlPath} is hand-written`);
  if (want.length !== have.length || want.some((s, i) => s !== have[i])) {
    return todo(`hand-edited: ${migration.sqlPath} is not the SQL drizzle-kit generates from its snapshots, so the swapped diff would not undo it`);
  }
  const statements = backward.map(normalize).filter((s) => s !== '');
  if (statements.length === 0) return todo(`drizzle-kit generates no revert SQL for ${id}`);
  const header = `-- revert of ${id}, generated by drizzle-ladder from drizzle-kit 1.0 snapshots`;
  return { text: withRevertHeader(`${header}\n${statements.join(`\n${STATEMENT_BREAKPOINT}\n`)}\n`, id, migration.hash, true), generated: true };
}
