/**
 * `ladder init`'s config: hints from drizzle.config.* and the ladder.toml text.
 * The hints come from the config as drizzle-kit evaluates it
 * (drizzle-config.ts loads it; hintsFromConfig reads the value) or, when it
 * cannot be loaded, from its text (parseDrizzleConfigHints).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from './validate.js';

export interface DrizzleConfigHints {
  /** drizzle-kit's `out` folder, relative to the project */
  out?: string;
  /** `migrations.table` */
  table?: string;
  /** `migrations.schema` */
  schema?: string;
  /** settings the config sets, but not to a string ladder could read (`out: OUT`, `out: process.env.X ?? './db'`) */
  unreadable?: ('out' | 'table' | 'schema')[];
}

/** drizzle-kit looks for these names, in this order. */
const DRIZZLE_CONFIG_FILES = [
  'drizzle.config.ts',
  'drizzle.config.mts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.cjs',
];

/** The first drizzle.config.* in `projectDir`, as drizzle-kit looks for it. */
export function findDrizzleConfig(projectDir: string): string | undefined {
  return DRIZZLE_CONFIG_FILES.map((name) => path.join(projectDir, name)).find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile());
}

/** Hints from the text of the first drizzle.config.* in `projectDir`; {} when there is none. */
export function readDrizzleConfigHints(projectDir: string): DrizzleConfigHints {
  const file = findDrizzleConfig(projectDir);
  return file === undefined ? {} : parseDrizzleConfigHints(fs.readFileSync(file, 'utf8'));
}

/** Hints from the config's value, as loaded: its default export or module.exports. */
export function hintsFromConfig(value: unknown): DrizzleConfigHints {
  const config = isObject(value) && 'default' in value ? value.default : value;
  const hints: DrizzleConfigHints = {};
  const unreadable: NonNullable<DrizzleConfigHints['unreadable']> = [];
  if (!isObject(config)) return { unreadable: ['out'] };
  const migrations = isObject(config.migrations) ? config.migrations : {};
  for (const [key, raw] of [['out', config.out], ['table', migrations.table], ['schema', migrations.schema]] as const) {
    if (raw === undefined) continue;
    if (typeof raw !== 'string' || raw === '') unreadable.push(key);
    else hints[key] = key === 'out' ? normalizeDir(raw) : raw;
  }
  if (unreadable.length > 0) hints.unreadable = unreadable;
  return hints;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** From the text, pure: a regex over the source with comments removed. A key set to anything but a string literal is unreadable. */
export function parseDrizzleConfigHints(source: string): DrizzleConfigHints {
  const code = stripComments(source);
  const hints: DrizzleConfigHints = {};
  const unreadable: NonNullable<DrizzleConfigHints['unreadable']> = [];
  const out = stringProperty(code, 'out');
  if (out !== undefined) hints.out = normalizeDir(out);
  else if (hasProperty(code, 'out')) unreadable.push('out');
  const migrations = /\bmigrations["']?\s*:\s*\{([^}]*)\}/.exec(code)?.[1];
  if (migrations !== undefined) {
    for (const key of ['table', 'schema'] as const) {
      const value = stringProperty(migrations, key);
      if (value !== undefined) hints[key] = value;
      else if (hasProperty(migrations, key)) unreadable.push(key);
    }
  }
  if (unreadable.length > 0) hints.unreadable = unreadable;
  return hints;
}

/** `key:` as a property (not `key` inside another word). */
function hasProperty(code: string, key: string): boolean {
  return new RegExp(`(?:^|[\\s{,])["']?${key}["']?\\s*:`).test(code);
}

/** `key: "value"` (any quote); a template literal with `${` is code, not a value. */
function stringProperty(code: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s{,])["']?${key}["']?\\s*:\\s*(["'\`])([^"'\`\\n]*)\\1`).exec(code);
  const value = m?.[2];
  return value === undefined || value.includes('${') ? undefined : value;
}

/**
 * Drop // and /* *\/ comments so a commented-out `out:` is not read; `//` right after
 * a `:` is kept (URLs like postgres://).
 */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function normalizeDir(dir: string): string {
  const normal = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

/** A commented ladder.toml for a new project: a dev environment on PGlite, no server needed. */
export function renderInitialConfig(hints: DrizzleConfigHints = {}): string {
  const setting = (key: string, value: string | undefined, fallback: string) =>
    value === undefined ? `# ${key} = ${tomlString(fallback)}` : `${key} = ${tomlString(value)}`;
  return [
    '# drizzle-ladder configuration. Paths are relative to this file.',
    '# Any string value of an environment may be { env = "NAME" }: read from that variable.',
    '',
    "# drizzle-kit's `out` folder",
    `migrations_directory = ${tomlString(hints.out ?? DEFAULTS.migrationsDirectory)}`,
    "# drizzle's tracking table, as migrations.table / migrations.schema in drizzle.config",
    setting('migrations_table', hints.table, DEFAULTS.migrationsTable),
    setting('migrations_schema', hints.schema, DEFAULTS.migrationsSchema),
    '',
    '# environments used when neither -e nor LADDER_ENV is given',
    'default_environments = ["dev"]',
    '',
    '# Development on PGlite (embedded PostgreSQL): no server needed. Add .ladder/ to .gitignore.',
    '[environments.dev]',
    'pglite = ".ladder/dev"',
    '',
    '# A CI database whose URL comes from a variable:',
    '# [environments.ci]',
    '# connection_url = { env = "DATABASE_URL" }',
    '',
    '# Production: `try`, `reset` and other development commands are refused here.',
    '# [environments.production]',
    '# connection_params = { host = "db.example.com", port = 5432, user = "app", password = { env = "PGPASSWORD" }, database = "app", sslmode = "require" }',
    '# is_production = true',
    '',
  ].join('\n');
}

/** A TOML basic string: JSON's escapes are valid TOML, except DEL which TOML wants escaped. */
function tomlString(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F');
}
