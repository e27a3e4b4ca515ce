/**
 * The migrations folder, read into plain data (MigrationSource). This is the
 * one seam between ladder and drizzle-kit's folder layout: everything else
 * sees MigrationFile, never a journal.
 *
 * Two formats, chosen by what is on disk: drizzle-kit 0.x's journal
 * (source/journal.ts) and drizzle-kit 1.0's folders (source/folders.ts:
 * `<14 digits>_<name>/migration.sql` + snapshot.json, revert in
 * `<folder>/revert.sql`, id = folder name). committed.toml handling and the
 * error policy below are the same for both.
 *
 * Error policy: every problem found is reported at once. The exit code is
 * - 2 (usage) when the input's structure cannot be read: no migrations
 *   folder, no/unparsable/ill-shaped journal, a wrong dialect, an unsafe or
 *   duplicate tag, a committed.toml that is not TOML, an unreadable file;
 * - 3 (integrity) when the structure reads fine but the files disagree with
 *   it: a journal entry without its SQL file, a migration SQL file missing
 *   a SQL or revert
 *   file that is not UTF-8 (drizzle-orm would hash and run mangled text), a
 *   committed.toml with the wrong shape, unknown keys or duplicate ids.
 * When both kinds are present the error is 2 and lists all of them: the
 * structure must be fixed first, and the rest is shown so no second run is
 * needed to see it.
 * An empty folder (or a journal with no entries) is not an error: zero migrations.
 * A migration SQL file missing from the journal is a warning (drizzle-orm
 * never runs it and drizzle-kit accepts it): MigrationSource.warnings.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, LadderError, problemsError, type Problem } from '../core/errors.js';
import type { FolderFormatKind, MigrationFile, MigrationSource } from '../core/types.js';
import { analyzeCommitted, COMMITTED_FILE } from './committed.js';
import { foldersFormat } from './folders.js';
import { decodeUtf8File, journalFormat, readBytes } from './journal.js';

export { analyzeCommitted, parseCommitted, renderCommitted, writeCommittedAtomic, COMMITTED_FILE, COMMITTED_HEADER } from './committed.js';
export type { CommittedAnalysis, CommittedEntryInput } from './committed.js';
export { journalFormat } from './journal.js';

/** Problems collected while reading, by the exit code they call for. */
export interface SourceProblems {
  /** structure unreadable: exit 2 */
  usage: Problem[];
  /** files disagree with the structure: exit 3 */
  integrity: Problem[];
  /** read as drizzle-orm reads it, but worth saying (a .sql file outside the journal): no exit code */
  warnings: Problem[];
}

export interface FolderReadContext {
  /** absolute project root (paths in messages are relative to it) */
  projectRoot: string;
  /** absolute migrations folder; exists and is a directory */
  directory: string;
  /** a path relative to the project root, with forward slashes */
  rel(absPath: string): string;
  problems: SourceProblems;
}

/** One on-disk layout of a migrations folder. */
export interface MigrationFolderFormat {
  /** for messages, e.g. "drizzle-kit journal (0.3x)" */
  readonly name: string;
  /** which drizzle-orm reads it: decides the shape of the tracking table ladder creates and writes */
  readonly kind: FolderFormatKind;
  /** true when `directory` is laid out in this format (checked in FORMATS order) */
  detect(directory: string): boolean;
  /**
   * The migrations in apply order. Never throws for bad input: records every
   * problem in ctx.problems and returns what it could read.
   */
  read(ctx: FolderReadContext): MigrationFile[];
}

/** Formats tried in order; the first whose detect() is true reads the folder. */
export const FORMATS: readonly MigrationFolderFormat[] = [journalFormat, foldersFormat];

const toSlashes = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

function toRel(projectRoot: string, abs: string): string {
  // the common case, a file inside the project, without path.relative (which resolves both against the cwd: a syscall per file)
  if (abs.length > projectRoot.length && abs.startsWith(projectRoot) && abs[projectRoot.length] === path.sep) return toSlashes(abs.slice(projectRoot.length + 1));
  const r = path.relative(projectRoot, abs);
  return toSlashes(r === '' ? '.' : r);
}

/** A folder with nothing in it but dotfiles and an empty `meta/`: zero migrations. */
function isEmptyFolder(dir: string): boolean {
  const visible = (d: string) => readdirSync(d, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  return visible(dir).every((e) => e.name === 'meta' && e.isDirectory() && visible(path.join(dir, 'meta')).length === 0);
}

/** The migrations of the first format that recognises the folder; an empty folder has none (and reads as a journal folder). */
function readFolder(ctx: FolderReadContext): { migrations: MigrationFile[]; format: FolderFormatKind } {
  const format = FORMATS.find((f) => f.detect(ctx.directory));
  if (format) return { migrations: format.read(ctx), format: format.kind };
  if (!isEmptyFolder(ctx.directory)) {
    const journalRel = ctx.rel(path.join(ctx.directory, 'meta', '_journal.json'));
    ctx.problems.usage.push({
      kind: 'journal-missing',
      message: `${journalRel} does not exist`,
      file: journalRel,
      hint: 'run drizzle-kit generate (drizzle-kit 0.x writes meta/_journal.json, 1.0 a folder per migration), or set migrations_directory in ladder.toml',
    });
  }
  return { migrations: [], format: 'journal' };
}

function sourceError(problems: SourceProblems, relDir: string): LadderError {
  const all = [...problems.usage, ...problems.integrity];
  const code = problems.usage.length > 0 ? ExitCode.usage : ExitCode.integrity;
  return problemsError(code, all, `the migrations folder ${relDir} has ${all.length} problems`, { file: relDir });
}

/**
 * Read the migrations folder `migrationsDirectory` (relative to
 * `projectRoot`, or absolute) and its committed.toml. Throws a LadderError
 * (exit 2 or 3, see above) listing every problem.
 */
export function readMigrationSource(projectRoot: string, migrationsDirectory: string): MigrationSource {
  const root = path.resolve(projectRoot);
  const directory = path.resolve(root, migrationsDirectory);
  const rel = (abs: string) => toRel(root, abs);
  const relDir = rel(directory);
  const committedAbs = path.join(directory, COMMITTED_FILE);
  const committedPath = rel(committedAbs);
  const problems: SourceProblems = { usage: [], integrity: [], warnings: [] };

  let isDir: boolean;
  try {
    isDir = statSync(directory).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    problems.usage.push({
      kind: missing ? 'migrations-directory-missing' : 'migrations-directory-unreadable',
      message: missing
        ? `the migrations folder ${relDir} does not exist`
        : `the migrations folder ${relDir} cannot be read (${code ?? String(e)})`,
      file: relDir,
      hint: missing
        ? 'run drizzle-kit generate to create it, or set migrations_directory in ladder.toml to the `out` folder of drizzle.config.ts'
        : undefined,
    });
    throw sourceError(problems, relDir);
  }
  if (!isDir) {
    problems.usage.push({
      kind: 'migrations-directory-missing',
      message: `the migrations folder ${relDir} is not a directory`,
      file: relDir,
      hint: 'set migrations_directory in ladder.toml to the `out` folder of drizzle.config.ts',
    });
    throw sourceError(problems, relDir);
  }

  const ctx: FolderReadContext = { projectRoot: root, directory, rel, problems };
  let migrations: MigrationFile[] = [];
  let format: FolderFormatKind = 'journal';
  try {
    ({ migrations, format } = readFolder(ctx));
  } catch (e) {
    // a listing that fails after stat succeeded (permissions): report it, do not crash
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw e;
    problems.usage.push({
      kind: 'migrations-directory-unreadable',
      message: `the migrations folder ${relDir} cannot be read (${code})`,
      file: relDir,
    });
  }

  let committed: MigrationSource['committed'] = [];
  const bytes = readBytes(committedAbs, committedPath, problems, root);
  if (bytes instanceof Uint8Array) {
    const decoded = decodeUtf8File(bytes, committedPath);
    if (typeof decoded !== 'string') {
      // TOML must be UTF-8: a file that is not cannot be parsed at all
      problems.usage.push({ ...decoded, kind: 'committed-syntax', hint: `${COMMITTED_FILE} is written by ladder commit; restore it from version control` });
    } else {
      const analysis = analyzeCommitted(decoded, committedPath);
      problems.usage.push(...analysis.syntax);
      problems.integrity.push(...analysis.shape);
      committed = analysis.entries;
    }
  }

  // drizzle-kit drop is the answer for a migration nobody applied; a committed
  // one may be applied anywhere, production included: it must come back.
  const committedIds = new Set(committed.map((e) => e.id));
  for (const p of problems.integrity) {
    if (p.kind === 'sql-missing' && p.migration !== undefined && committedIds.has(p.migration)) {
      p.hint = `${p.migration} is committed (it may be applied anywhere, production included): restore the file from version control; a committed migration is never removed`;
    }
  }
  if (problems.usage.length > 0 || problems.integrity.length > 0) throw sourceError(problems, relDir);
  return { directory, format, migrations, committed, committedPath, warnings: problems.warnings };
}
