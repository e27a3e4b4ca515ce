/**
 * `ladder new` in drizzle-kit 0.31's journal format: an empty hand-written
 * migration written exactly as `drizzle-kit generate --custom --name <name>`
 * writes it, so that drizzle-kit keeps working on the folder afterwards (a
 * 1.0 folder: folders-new.ts):
 *
 * - `<tag>.sql` holding drizzle-kit's custom header line (no newline);
 * - `meta/<prefix>_snapshot.json`: the previous snapshot (the last one in
 *   meta/, sorted, as drizzle-kit picks it; the empty snapshot if none) with
 *   a new random id, prevId = the previous id, and an empty _meta;
 * - a journal entry {idx, version "7", when, tag, breakpoints: true};
 *
 * plus its `ladder:todo` revert file. Nothing here loads drizzle-kit.
 *
 * The files are created with 'wx' (never overwriting), the journal last and
 * atomically (temp file + rename); on any failure every file and folder
 * written so far is removed, so the folder is as it was.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, LadderError } from '../core/errors.js';
import { todoRevertFile } from '../core/parse.js';
import type { MigrationSource } from '../core/types.js';
import { CUSTOM_MIGRATION_SQL, type NewFolderMigration } from './folders-new.js';
import { readTextFile } from './read-file.js';
import { emptyPgSnapshot } from './revert-gen.js';
import { writeFileAtomic } from './write-atomic.js';

interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

interface Journal {
  version: string;
  dialect: string;
  entries: JournalEntry[];
  [key: string]: unknown;
}

/** Top-level key order of a pgSchema.parse()d snapshot, which drizzle-kit writes for custom migrations. */
const SNAPSHOT_KEY_ORDER = ['id', 'prevId', 'version', 'dialect', 'tables', 'enums', 'schemas', 'views', 'sequences', 'roles', 'policies', '_meta', 'internal'];

/**
 * The tag prefix, in the mode the folder already uses: drizzle.config.ts's
 * `migrations.prefix` ("index" by default: 0000, 0001, ...; "timestamp" /
 * "supabase": 14 digits; "unix": seconds). A new folder gets "index".
 */
function nextPrefix(idx: number, lastTag: string | undefined): string {
  const last = lastTag?.split('_')[0] ?? '';
  if (/^\d{14}$/.test(last)) {
    return new Date().toISOString().replace('T', '').replaceAll('-', '').replaceAll(':', '').slice(0, 14);
  }
  if (/^\d{10}$/.test(last)) return String(Math.floor(Date.now() / 1000));
  return idx.toFixed(0).padStart(4, '0');
}

/**
 * Write the new migration into the journal folder `dir` (made, with meta/, when
 * missing). `read` reads the folder as it stands once meta/ exists: it must read
 * cleanly. Paths in messages are relative to `root`.
 */
export function writeCustomJournalMigration(dir: string, root: string, name: string, read: () => MigrationSource): NewFolderMigration {
  const meta = path.join(dir, 'meta');
  const journalAbs = path.join(meta, '_journal.json');
  const journalRel = toRel(root, journalAbs);

  // undo list: files created, then directories created (removed only if still empty)
  const createdFiles: string[] = [];
  const createdDirs: string[] = [];
  const undo = () => {
    for (const f of createdFiles.reverse()) rmSync(f, { force: true });
    for (const d of createdDirs.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not empty (someone else wrote there) or gone: leave it
      }
    }
  };

  try {
    for (const d of [dir, meta]) {
      if (!existsSync(d)) {
        mkdirSync(d);
        createdDirs.push(d);
      }
    }
    // the whole folder must read cleanly first: never add to a broken one
    const source = read();

    let journal: Journal;
    if (existsSync(journalAbs)) {
      journal = JSON.parse(readTextFile(journalAbs, { root })) as Journal;
    } else {
      if (source.migrations.length > 0) {
        throw new LadderError(ExitCode.usage, `${journalRel} does not exist`, { file: journalRel });
      }
      journal = { version: '7', dialect: 'postgresql', entries: [] };
    }
    const last = journal.entries.at(-1);
    const idx = last === undefined ? 0 : last.idx + 1;
    const prefix = nextPrefix(idx, last?.tag);
    const tag = `${prefix}_${name}`;
    // drizzle-orm runs migrations in journal order but skips one whose `when`
    // is not newer than the last applied (drizzle-orm#5316): keep it increasing
    const when = Math.max(Date.now(), (last?.when ?? 0) + 1);

    // the previous snapshot as drizzle-kit finds it: the last file of meta/, sorted
    const snapshots = readdirSync(meta)
      .filter((f) => !f.startsWith('_') && f.endsWith('_snapshot.json'))
      .sort();
    const prevFile = snapshots.at(-1);
    let prev: Record<string, unknown>;
    if (prevFile === undefined) {
      prev = emptyPgSnapshot();
    } else {
      const prevRel = toRel(root, path.join(meta, prevFile));
      try {
        prev = JSON.parse(readTextFile(path.join(meta, prevFile), { root })) as Record<string, unknown>;
      } catch (e) {
        throw new LadderError(ExitCode.usage, `${prevRel} is not valid JSON`, { file: prevRel, hint: 'restore it from version control' }, e);
      }
      if (typeof prev['id'] !== 'string') {
        throw new LadderError(ExitCode.usage, `${prevRel} has no "id": not a drizzle-kit snapshot`, { file: prevRel });
      }
    }
    const { id: prevId, prevId: _ignored, ...rest } = prev;
    const draft: Record<string, unknown> = { id: randomUUID(), prevId, ...rest, _meta: { columns: {}, schemas: {}, tables: {} } };
    const snapshot: Record<string, unknown> = {};
    for (const k of SNAPSHOT_KEY_ORDER) if (k in draft) snapshot[k] = draft[k];
    for (const k of Object.keys(draft)) if (!(k in snapshot)) snapshot[k] = draft[k];

    const sqlAbs = path.join(dir, `${tag}.sql`);
    const revertAbs = path.join(dir, `${tag}.revert.sql`);
    const snapshotAbs = path.join(meta, `${prefix}_snapshot.json`);
    const create = (abs: string, text: string) => {
      // all or nothing: a full disk leaves no empty file behind (write-atomic.ts)
      writeFileAtomic(abs, text, { exclusive: true });
      createdFiles.push(abs);
    };
    try {
      create(snapshotAbs, JSON.stringify(snapshot, null, 2));
      create(sqlAbs, CUSTOM_MIGRATION_SQL);
      create(revertAbs, todoRevertFile(tag, 'a hand-written migration (ladder new): drizzle-kit knows nothing of its SQL'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        const taken = [snapshotAbs, sqlAbs, revertAbs].find((f) => existsSync(f) && !createdFiles.includes(f));
        throw new LadderError(ExitCode.usage, `${toRel(root, taken ?? sqlAbs)} exists already: not overwritten`, {
          file: toRel(root, taken ?? sqlAbs),
          hint: `${journalRel} does not list it; remove the stray file or restore its journal entry`,
        }, e);
      }
      throw e;
    }
    journal.entries.push({ idx, version: '7', when, tag, breakpoints: true });
    writeFileAtomic(journalAbs, JSON.stringify(journal, null, 2));
    return { id: tag, sql: sqlAbs, revert: revertAbs, snapshot: snapshotAbs };
  } catch (e) {
    undo();
    throw e;
  }
}

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
