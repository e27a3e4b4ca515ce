/**
 * `ladder init`: write ladder.toml (a dev environment on PGlite, settings
 * from drizzle.config.* when there is one) and ignore .ladder/ in git.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readTextFile } from '../source/read-file.js';
import { writeFileAtomic } from '../source/write-atomic.js';
import path from 'node:path';
import { loadDrizzleConfig } from '../config/drizzle-config.js';
import { findDrizzleConfig, hintsFromConfig, parseDrizzleConfigHints, renderInitialConfig, type DrizzleConfigHints } from '../config/init.js';
import { CONFIG_FILE_NAME } from '../config/load.js';
import { DEFAULTS } from '../config/validate.js';
import { ExitCode, LadderError } from '../core/errors.js';

export interface InitOptions {
  /** the project folder (default: the current directory) */
  cwd?: string;
}

export interface InitResult {
  /** the ladder.toml written */
  file: string;
  /** .ladder/ was added to .gitignore */
  gitignore: boolean;
  /** the drizzle.config.* read, and how: loaded as drizzle-kit loads it, or its text when loading failed (`reason`) */
  drizzleConfig?: { file: string; read: 'loaded' | 'text'; reason?: string };
  hints: DrizzleConfigHints;
  migrationsDirectory: string;
  /** the migrations folder already holds migrations */
  hasMigrations: boolean;
}

export async function init(opts: InitOptions = {}): Promise<InitResult> {
  const dir = path.resolve(opts.cwd ?? process.cwd());
  const target = path.join(dir, CONFIG_FILE_NAME);
  if (existsSync(target)) {
    throw new LadderError(ExitCode.usage, `${CONFIG_FILE_NAME} already exists in ${dir}`, {
      file: CONFIG_FILE_NAME,
      hint: 'edit it, or remove it first to start over',
    });
  }
  const configFile = findDrizzleConfig(dir);
  let hints: DrizzleConfigHints = {};
  let drizzleConfig: InitResult['drizzleConfig'];
  if (configFile !== undefined) {
    const name = path.basename(configFile);
    const loaded = await loadDrizzleConfig(configFile);
    if (loaded.ok) {
      hints = hintsFromConfig(loaded.value);
      drizzleConfig = { file: name, read: 'loaded' };
    } else {
      hints = parseDrizzleConfigHints(readTextFile(configFile));
      drizzleConfig = { file: name, read: 'text', reason: loaded.reason };
    }
  }
  writeFileAtomic(target, renderInitialConfig(hints), { exclusive: true });
  const gitignore = ensureGitignore(dir, '.ladder/');
  const migrationsDirectory = hints.out ?? DEFAULTS.migrationsDirectory;
  return {
    file: target,
    gitignore,
    ...(drizzleConfig ? { drizzleConfig } : {}),
    hints,
    migrationsDirectory,
    hasMigrations: holdsMigrations(path.resolve(dir, migrationsDirectory)),
  };
}

/** A drizzle-kit 0.x journal, or a 1.0 folder `<name>/migration.sql`. */
function holdsMigrations(out: string): boolean {
  if (existsSync(path.join(out, 'meta', '_journal.json'))) return true;
  try {
    return readdirSync(out).some((name) => statSync(path.join(out, name, 'migration.sql'), { throwIfNoEntry: false })?.isFile());
  } catch {
    return false;
  }
}

/** Add an entry to .gitignore unless it is there; returns whether it was added. */
function ensureGitignore(dir: string, entry: string): boolean {
  const file = path.join(dir, '.gitignore');
  const text = existsSync(file) ? readTextFile(file) : '';
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes(entry) || lines.includes(entry.replace(/\/$/, ''))) return false;
  writeFileAtomic(file, `${text}${text.length > 0 && !text.endsWith('\n') ? '\n' : ''}${entry}\n`);
  return true;
}
