/**
 * `ladder new <name>`: an empty hand-written migration, written exactly as
 * `drizzle-kit generate --custom --name <name>` writes it, so that drizzle-kit
 * keeps working on the folder afterwards: in the folder's own format, through
 * source/journal-new.ts (drizzle-kit 0.31's journal) or source/folders-new.ts
 * (1.0's folders). Nothing is left behind when it fails.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, LadderError } from '../core/errors.js';
import { CUSTOM_MIGRATION_SQL, writeCustomFolderMigration } from '../source/folders-new.js';
import { writeCustomJournalMigration } from '../source/journal-new.js';
import { openProject, readSource, type CommonOptions } from './context.js';

export { CUSTOM_MIGRATION_SQL };

const NAME_RE = /^[a-z0-9_]+$/;

export interface NewMigrationOptions extends CommonOptions {
  /** `[a-z0-9_]+`; the migration's tag becomes `<prefix>_<name>` */
  name: string;
}

export interface NewMigrationResult {
  /** the new migration's id (journal tag) */
  id: string;
  /** its SQL file, relative to the project root */
  file: string;
  /** its revert file (a ladder:todo), relative to the project root */
  revertFile: string;
  /** its snapshot, relative to the project root */
  snapshotFile: string;
}

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

export async function newMigration(opts: NewMigrationOptions): Promise<NewMigrationResult> {
  const name = opts.name;
  if (!NAME_RE.test(name)) {
    throw new LadderError(ExitCode.usage, `invalid migration name ${JSON.stringify(name)}: use lowercase letters, digits and "_"`, {
      hint: `for example: ladder new ${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'add_audit'}`,
    });
  }
  const project = openProject({ ...opts, db: undefined }, { environments: false });
  const root = project.config.root;
  const dir = project.config.migrationsDirectory;
  const journalAbs = path.join(dir, 'meta', '_journal.json');

  try {
    // a drizzle-kit 1.0 folder (no journal, a folder per migration) gets a 1.0 migration, and no meta/
    const existing = existsSync(dir) && !existsSync(journalAbs) ? readSource(project) : undefined;
    const made =
      existing?.format === 'folders'
        ? writeCustomFolderMigration(existing, name)
        : writeCustomJournalMigration(dir, root, name, () => readSource(project));
    return { id: made.id, file: toRel(root, made.sql), revertFile: toRel(root, made.revert), snapshotFile: toRel(root, made.snapshot) };
  } catch (e) {
    if (e instanceof LadderError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new LadderError(ExitCode.usage, `ladder new ${name} failed: ${code ?? (e instanceof Error ? e.message : String(e))}; nothing was written`, {}, e);
  }
}
