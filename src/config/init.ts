/**
 * `ladder init`'s config: hints read from drizzle.config.* and the ladder.toml text.
 * drizzle.config.ts is read as TEXT, never executed: init must not run project code
 * (or need a TypeScript loader) just to learn a folder name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readTextFile } from '../source/read-file.js';
import { DEFAULTS } from './schema.js';

export interface DrizzleConfigHints {
  /** drizzle-kit's `out` folder, relative to the project */
  out?: string;
  /** `migrations.table` */
  table?: string;
  /** `migrations.schema` */
  schema?: string;
}

/** drizzle-kit looks for these names, in this order. */
const DRIZZLE_CONFIG_FILES = [
  'drizzle.config.ts',
  'drizzle.config.mts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.cjs',
];

/** Hints from the first drizzle.config.* in `projectDir`; {} when there is none. */
export function readDrizzleConfigHints(projectDir: string): DrizzleConfigHints {
  for (const name of DRIZZLE_CONFIG_FILES) {
    const file = path.join(projectDir, name);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    return parseDrizzleConfigHints(readTextFile(file));
  }
  return {};
}

/** The textual part, pure: a regex over the source with comments removed. */
export function parseDrizzleConfigHints(source: string): DrizzleConfigHints {
  const code = stripComments(source);
  const hints: DrizzleConfigHints = {};
  const out = stringProperty(code, 'out');
  if (out !== undefined) hints.out = normalizeDir(out);
  const migrations = /\bmigrations["']?\s*:\s*\{([^}]*)\}/.exec(code)?.[1];
  if (migrations !== undefined) {
    const table = stringProperty(migrations, 'table');
    const schema = stringProperty(migrations, 'schema');
    if (table !== undefined) hints.table = table;
    if (schema !== undefined) hints.schema = schema;
  }
  return hints;
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
