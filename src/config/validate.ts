/**
 * Pure validation of ladder.toml (and of the inline config of the programmatic API).
 * No fs, no process.env: load.ts reads files and variables and passes them in, so every
 * rule here is unit-tested with plain data.
 *
 * Rules: report EVERY problem at once (graphile-migrate settings.ts), refuse unknown keys
 * and wrong types, name the dotted key and its line, and never echo a value that may be
 * secret (URLs, passwords, anything read from an environment variable).
 */
import { checkFleet } from './fleet.js';
import path from 'node:path';
import type { Problem } from '../core/errors.js';
import { parseTimeout } from '../core/modes.js';
import { suggest } from './suggest.js';
import { locateKey } from './toml-lines.js';
import type { ConnectionSource, LadderConfig, Secretish, ValidatedConfig, ValidatedEnvironment } from './types.js';

/** SQL identifiers from config are later quoted, but we still refuse anything unusual: no injection by config. */
export const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
export const ENVIRONMENT_NAME_RE = /^[A-Za-z0-9_-]+$/;
/** libpq's sslmode values */
export const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

export const DEFAULTS = {
  migrationsDirectory: 'drizzle',
  migrationsTable: '__drizzle_migrations',
  migrationsSchema: 'drizzle',
} as const;

const TOP_KEYS = [
  'migrations_directory',
  'migrations_table',
  'migrations_schema',
  'default_environments',
  'environments',
  'lock_timeout',
  'statement_timeout',
  'lint',
];
const ENV_KEYS = ['pglite', 'connection_url', 'connection_params', 'is_production', 'settings', 'lock_timeout', 'statement_timeout', 'fleet'];
const CONNECTION_KEYS = ['pglite', 'connection_url', 'connection_params'];
const PARAM_KEYS = ['host', 'port', 'user', 'password', 'database', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'connect_timeout'];
/** string values of connection_params (TLS files: a path, or PEM text from { env }) */
export const PARAM_STRINGS = ['host', 'user', 'password', 'database', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

// ---------------------------------------------------------------------------
// validation

/**
 * ladder.toml keys are snake_case; the programmatic API's inline config uses the same
 * keys camelCased. One validator serves both, naming keys as the user wrote them.
 */
type Style = 'toml' | 'inline';

interface Ctx {
  style: Style;
  text: string;
  problems: Problem[];
}

type Table = Record<string, unknown>;

/** Validate a parsed ladder.toml. `root` is the directory of ladder.toml. */
export function validateConfig(
  parsed: unknown,
  text: string,
  root: string,
): { config?: ValidatedConfig; problems: Problem[] } {
  return validateWith(parsed, { style: 'toml', text, problems: [] }, root);
}

/** Validate the programmatic API's inline config (camelCase keys); `root` is already resolved. */
export function validateInlineConfig(
  inline: unknown,
  root: string,
): { config?: ValidatedConfig; problems: Problem[] } {
  return validateWith(inline, { style: 'inline', text: '', problems: [] }, root);
}

function validateWith(
  parsed: unknown,
  ctx: Ctx,
  root: string,
): { config?: ValidatedConfig; problems: Problem[] } {
  if (!isTable(parsed)) {
    ctx.problems.push({ kind: 'config-type', message: `expected a table of settings, got ${typeName(parsed)}` });
    return { problems: ctx.problems };
  }
  // `root` is consumed by loadInlineConfig before validation; it is not a ladder.toml key
  const topKeys = ctx.style === 'inline' ? [...TOP_KEYS, 'root'] : TOP_KEYS;
  checkKeys(parsed, topKeys, [], ctx);
  if (ctx.style === 'inline') checkString(parsed['root'], ['root'], ctx);

  const at = (snake: string) => [keyName(snake, ctx)];
  const dir = checkString(get(parsed, 'migrations_directory', ctx), at('migrations_directory'), ctx);
  const table = checkIdentifier(get(parsed, 'migrations_table', ctx), at('migrations_table'), ctx);
  const schema = checkIdentifier(get(parsed, 'migrations_schema', ctx), at('migrations_schema'), ctx);
  if (schema?.startsWith('pg_')) {
    // PostgreSQL: unacceptable schema name, the prefix "pg_" is reserved for system schemas
    report(ctx, 'config-identifier', at('migrations_schema'), `${JSON.stringify(schema)}: names starting with pg_ are reserved for PostgreSQL's system schemas`, {
      hint: 'use another schema, e.g. "drizzle" (the default)',
    });
  }
  const timeouts = checkTimeouts(parsed, [], ctx);
  const environments = checkEnvironments(get(parsed, 'environments', ctx), ctx, root, timeouts);
  const names = environments ? Object.keys(environments) : declaredNames(get(parsed, 'environments', ctx));
  const defaults = checkDefaults(get(parsed, 'default_environments', ctx), names, ctx);
  const lint = checkLint(get(parsed, 'lint', ctx), ctx);

  if (ctx.problems.length > 0 || !environments) return { problems: ctx.problems };
  const config: LadderConfig = {
    root,
    migrationsDirectory: path.resolve(root, dir ?? DEFAULTS.migrationsDirectory),
    migrationsTable: table ?? DEFAULTS.migrationsTable,
    migrationsSchema: schema ?? DEFAULTS.migrationsSchema,
    defaultEnvironments: defaults,
    environmentNames: names,
    ...(lint ? { lint } : {}),
  };
  return { config: { config, environments }, problems: ctx.problems };
}

/** Null-prototype record: an environment named `constructor` or `__proto__` stays a plain key. */
function checkEnvironments(
  raw: unknown,
  ctx: Ctx,
  root: string,
  timeouts: Timeouts,
): Record<string, ValidatedEnvironment> | undefined {
  const out = Object.create(null) as Record<string, ValidatedEnvironment>;
  // no environments is valid: offline commands (new, import, status --offline) need none;
  // selectEnvironmentNames says what to add when a command needs one
  if (raw === undefined) return out;
  const keyPath = ['environments'];
  if (!isTable(raw)) {
    typeProblem(keyPath, 'a table of environments', raw, ctx);
    return undefined;
  }
  let ok = true;
  for (const name of Object.keys(raw)) {
    if (!ENVIRONMENT_NAME_RE.test(name)) {
      report(ctx, 'config-environment-name', ['environments', name], 'invalid environment name: use letters, digits, _ and -');
      ok = false;
    }
    const env = checkEnvironment(name, raw[name], ctx, root, timeouts);
    if (env) out[name] = env;
    else ok = false;
  }
  return ok ? out : undefined;
}

function declaredNames(raw: unknown): string[] {
  return isTable(raw) ? Object.keys(raw) : [];
}

type Timeouts = { lockTimeoutMs?: number; statementTimeoutMs?: number };

/** `lock_timeout` / `statement_timeout`: a duration string ("5s", "10m", "500ms"), or "0"/"off" for none. */
function checkTimeouts(raw: Table, keyPath: string[], ctx: Ctx): Timeouts {
  const out: Timeouts = {};
  for (const [snake, field] of [
    ['lock_timeout', 'lockTimeoutMs'],
    ['statement_timeout', 'statementTimeoutMs'],
  ] as const) {
    const v = get(raw, snake, ctx);
    if (v === undefined) continue;
    const ms = typeof v === 'string' ? parseTimeout(v) : undefined;
    if (ms === undefined) typeProblem([...keyPath, keyName(snake, ctx)], 'a duration such as "5s" or "10m" ("0" for none)', v, ctx);
    else out[field] = ms;
  }
  return out;
}

function checkEnvironment(name: string, raw: unknown, ctx: Ctx, root: string, topTimeouts: Timeouts = {}): ValidatedEnvironment | undefined {
  const keyPath = ['environments', name];
  if (!isTable(raw)) {
    typeProblem(keyPath, 'a table', raw, ctx);
    return undefined;
  }
  const before = ctx.problems.length;
  const lines: Record<string, number> = {};
  checkKeys(raw, ENV_KEYS, keyPath, ctx);

  const present = CONNECTION_KEYS.filter((k) => get(raw, k, ctx) !== undefined);
  const shown = CONNECTION_KEYS.map((k) => keyName(k, ctx)).join(', ');
  if (present.length === 0) {
    report(ctx, 'config-connection', keyPath, `no connection: set exactly one of ${shown}`);
  } else if (present.length > 1) {
    const setKeys = present.map((k) => keyName(k, ctx)).join(' and ');
    const quantifier = present.length === 2 ? 'both' : 'all';
    report(ctx, 'config-connection', keyPath, `${setKeys} are ${quantifier} set: use exactly one of ${shown}`);
  }

  const at = (snake: string) => [...keyPath, keyName(snake, ctx)];
  const isProduction = get(raw, 'is_production', ctx);
  if (isProduction !== undefined && typeof isProduction !== 'boolean') {
    typeProblem(at('is_production'), 'a boolean', isProduction, ctx);
  }

  const sources: ConnectionSource[] = [];
  const pglite = get(raw, 'pglite', ctx);
  if (pglite !== undefined) {
    const p = checkSecretish(pglite, at('pglite'), ctx, lines);
    if (p !== undefined) sources.push({ kind: 'pglite', path: p });
  }
  const url = get(raw, 'connection_url', ctx);
  if (url !== undefined) {
    const u = checkSecretish(url, at('connection_url'), ctx, lines);
    const wrong = typeof u === 'string' ? postgresUrlProblem(u) : undefined;
    if (wrong !== undefined) {
      // never echo the URL: it may hold a password
      report(ctx, 'config-connection', at('connection_url'), wrong.message, wrong.hint === undefined ? {} : { hint: wrong.hint });
    } else if (u !== undefined) sources.push({ kind: 'url', url: u });
  }
  const params = get(raw, 'connection_params', ctx);
  if (params !== undefined) {
    const s = checkParams(params, at('connection_params'), ctx, lines);
    if (s) sources.push(s);
  }

  const settings = checkSettings(get(raw, 'settings', ctx), at('settings'), ctx);
  const rawFleet = get(raw, 'fleet', ctx);
  const fleet =
    rawFleet === undefined
      ? undefined
      : checkFleet(rawFleet, at('fleet'), { report: (k, what, hint) => report(ctx, 'config-value', k, what, hint ? { hint } : {}), key: (k) => keyName(k, ctx) }, root);
  if (fleet && pglite !== undefined) report(ctx, 'config-value', at('fleet'), 'a fleet needs a PostgreSQL server, not pglite', { hint: 'set connection_url (the server and credentials for every target)' });

  const source = sources[0];
  if (ctx.problems.length > before || !source || sources.length !== 1) return undefined;
  const line = locate(ctx, keyPath);
  if (line !== undefined) lines[formatKey(keyPath)] = line;
  const timeouts = { ...topTimeouts, ...checkTimeouts(raw, keyPath, ctx) };
  if (ctx.problems.length > before) return undefined;
  return {
    name,
    source,
    isProduction: isProduction === true,
    root,
    lines,
    ...(settings ? { settings } : {}),
    ...(Object.keys(timeouts).length > 0 ? { timeouts } : {}),
    ...(fleet ? { fleet } : {}),
  };
}

/**
 * `settings = { search_path = "app, public", statement_timeout = "0" }`:
 * run-time parameters for every session ladder opens. Names as PostgreSQL
 * spells them (a dotted custom one too); values are sent as text.
 */
function checkSettings(raw: unknown, keyPath: string[], ctx: Ctx): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (!isTable(raw)) {
    typeProblem(keyPath, 'a table of setting = value', raw, ctx);
    return undefined;
  }
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(name)) {
      report(ctx, 'config-value', [...keyPath, name], 'is not a PostgreSQL setting name', { hint: 'e.g. search_path, statement_timeout, app.tenant' });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      settings[name] = String(value);
    } else if (typeof value === 'boolean') {
      settings[name] = value ? 'on' : 'off';
    } else {
      typeProblem([...keyPath, name], 'a string, number or boolean', value, ctx);
    }
  }
  return settings;
}

function checkParams(
  raw: unknown,
  keyPath: string[],
  ctx: Ctx,
  lines: Record<string, number>,
): ConnectionSource | undefined {
  if (!isTable(raw)) {
    typeProblem(keyPath, 'a table', raw, ctx);
    return undefined;
  }
  const before = ctx.problems.length;
  checkKeys(raw, PARAM_KEYS, keyPath, ctx);
  const out: Extract<ConnectionSource, { kind: 'params' }> = { kind: 'params' };
  for (const key of PARAM_STRINGS) {
    const v = get(raw, key, ctx);
    if (v === undefined) continue;
    const s = checkSecretish(v, [...keyPath, key], ctx, lines);
    if (s !== undefined) out[key] = s;
  }
  if (typeof out.sslmode === 'string' && !isSslmode(out.sslmode)) {
    report(ctx, 'config-value', [...keyPath, 'sslmode'], `expected one of ${SSLMODES.join(', ')}, got "${out.sslmode}"`);
  }
  const port = get(raw, 'port', ctx);
  if (port !== undefined) {
    const p = checkPort(port, [...keyPath, 'port'], ctx);
    if (p !== undefined) out.port = p;
  }
  const timeout = get(raw, 'connect_timeout', ctx);
  if (timeout !== undefined) {
    const n = typeof timeout === 'bigint' ? Number(timeout) : timeout;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 3600) {
      report(ctx, 'config-value', [...keyPath, keyName('connect_timeout', ctx)], `expected whole seconds from 1 to 3600, got ${typeof n === 'number' ? n : typeName(timeout)}`);
    } else out.connectTimeout = n;
  }
  return ctx.problems.length > before ? undefined : out;
}

function checkPort(raw: unknown, keyPath: string[], ctx: Ctx): number | undefined {
  const n = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    typeProblem(keyPath, 'an integer', raw, ctx);
    return undefined;
  }
  if (n < 1 || n > 65535) {
    report(ctx, 'config-value', keyPath, `expected an integer from 1 to 65535, got ${n}`);
    return undefined;
  }
  return n;
}

/** A string, or `{ env = "NAME" }` naming the environment variable that holds it. */
function checkSecretish(
  raw: unknown,
  keyPath: string[],
  ctx: Ctx,
  lines: Record<string, number>,
): Secretish | undefined {
  const line = locate(ctx, keyPath);
  if (line !== undefined) lines[formatKey(keyPath)] = line;
  const envShape = ctx.style === 'toml' ? '{ env = "NAME" }' : "{ env: 'NAME' }";
  if (typeof raw === 'string') {
    if (raw === '') report(ctx, 'config-value', keyPath, 'must not be empty');
    return raw === '' ? undefined : raw;
  }
  if (!isTable(raw)) {
    typeProblem(keyPath, `a string or ${envShape}`, raw, ctx);
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1 || keys[0] !== 'env') {
    const got = keys.length === 0 ? 'an empty table' : `a table with keys ${keys.join(', ')}`;
    report(ctx, 'config-type', keyPath, `expected a string or ${envShape}, got ${got}`);
    return undefined;
  }
  const name = raw['env'];
  if (typeof name !== 'string') {
    typeProblem([...keyPath, 'env'], 'a string (an environment variable name)', name, ctx);
    return undefined;
  }
  if (!/^[^=\0]+$/.test(name)) {
    report(ctx, 'config-value', [...keyPath, 'env'], 'expected an environment variable name');
    return undefined;
  }
  return { env: name };
}

function checkString(raw: unknown, keyPath: string[], ctx: Ctx): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    typeProblem(keyPath, 'a string', raw, ctx);
    return undefined;
  }
  if (raw === '') {
    report(ctx, 'config-value', keyPath, 'must not be empty');
    return undefined;
  }
  return raw;
}

function checkIdentifier(raw: unknown, keyPath: string[], ctx: Ctx): string | undefined {
  const s = checkString(raw, keyPath, ctx);
  if (s === undefined || IDENTIFIER_RE.test(s)) return s;
  // JSON.stringify so quotes and control characters in the value cannot garble the message
  report(
    ctx,
    'config-identifier',
    keyPath,
    `${JSON.stringify(s)} is not a valid identifier: use letters, digits, _ and $, starting with a letter or _, at most 63 characters`,
  );
  return undefined;
}

function checkDefaults(raw: unknown, declared: string[], ctx: Ctx): string[] | undefined {
  if (raw === undefined) return undefined;
  const keyPath = [keyName('default_environments', ctx)];
  if (!Array.isArray(raw)) {
    typeProblem(keyPath, 'an array of environment names', raw, ctx);
    return undefined;
  }
  if (raw.length === 0) {
    report(ctx, 'config-value', keyPath, 'expected at least one environment name (remove the key to have no default)');
    return undefined;
  }
  const out: string[] = [];
  raw.forEach((item: unknown, i) => {
    if (typeof item !== 'string') {
      report(ctx, 'config-type', keyPath, `item ${i + 1}: expected a string, got ${typeName(item)}`);
    } else if (!declared.includes(item)) {
      report(
        ctx,
        'config-unknown-environment',
        keyPath,
        `${JSON.stringify(item)} is not a defined environment (defined: ${listOrNone(declared)})`,
      );
    } else if (!out.includes(item)) out.push(item);
  });
  return out;
}

/** `[lint] allow = ["rule", "<migration id>:<rule>", ...]` (rule names are squawk's or ladder's: not checked). */
function checkLint(raw: unknown, ctx: Ctx): { allow: string[] } | undefined {
  if (raw === undefined) return undefined;
  if (!isTable(raw)) {
    typeProblem(['lint'], 'a table', raw, ctx);
    return undefined;
  }
  checkKeys(raw, ['allow'], ['lint'], ctx);
  const allow = raw['allow'];
  if (allow === undefined) return { allow: [] };
  if (!Array.isArray(allow) || allow.some((a) => typeof a !== 'string' || a.trim() === '')) {
    typeProblem(['lint', 'allow'], 'an array of rule names', allow, ctx);
    return undefined;
  }
  return { allow: allow as string[] };
}

function checkKeys(table: Table, allowed: string[], keyPath: string[], ctx: Ctx): void {
  const names = allowed.map((k) => keyName(k, ctx));
  for (const key of Object.keys(table)) {
    if (names.includes(key)) continue;
    const hint = suggest(key, names);
    report(ctx, 'config-unknown-key', [...keyPath, key], 'unknown key', {
      hint: hint ? `did you mean ${hint}?` : `allowed: ${names.join(', ')}`,
    });
  }
}

// ---------------------------------------------------------------------------
// helpers for validation

/** Read a key by its snake_case name in the style the user writes; undefined when absent. */
function get(table: Table, snake: string, ctx: Ctx): unknown {
  const key = keyName(snake, ctx);
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function keyName(snake: string, ctx: Ctx): string {
  return ctx.style === 'toml' ? snake : snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `keyPath` names keys as the user wrote them (camelCase in the inline config). */
function report(ctx: Ctx, kind: string, keyPath: string[], what: string, extra: Partial<Problem> = {}): void {
  const key = formatKey(keyPath);
  const problem: Problem = { kind, message: `${key}: ${what}`, key, ...extra };
  const line = locate(ctx, keyPath);
  if (line !== undefined) problem.line = line;
  if (keyPath[0] === 'environments' && keyPath[1] !== undefined) problem.environment = keyPath[1];
  ctx.problems.push(problem);
}

function typeProblem(keyPath: string[], expected: string, got: unknown, ctx: Ctx): void {
  report(ctx, 'config-type', keyPath, `expected ${expected}, got ${typeName(got)}`);
}

function locate(ctx: Ctx, keyPath: string[]): number | undefined {
  return ctx.text === '' ? undefined : locateKey(ctx.text, keyPath);
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** TOML's names for types, so messages read like the file. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'datetime';
  if (typeof v === 'object') return 'table';
  return typeof v;
}

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Why a connection URL cannot be used, or undefined. It is parsed the way postgres.js
 * parses it (the first host of a `h1,h2` list, then WHATWG URL), so what passes here
 * does not fail later as a bare "Invalid URL". The message never contains the URL.
 */
export function postgresUrlProblem(url: string): { message: string; hint?: string } | undefined {
  if (!isPostgresUrl(url)) return { message: 'expected a postgres:// or postgresql:// URL' };
  const hint = 'check the host and port (1 to 65535), and percent-encode @ : / ? # % in the user name and password';
  try {
    const hosts = decodeURIComponent((url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '').replace(/^[^@]*@/, ''));
    const parsed = new URL(url.replace(hosts, hosts.split(',')[0] ?? ''));
    // postgres.js decodes both; a stray % would throw "URI malformed" at connect time
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
  } catch {
    return { message: 'not a valid URL', hint };
  }
  return undefined;
}

export function isSslmode(s: string): boolean {
  return (SSLMODES as readonly string[]).includes(s);
}

/** Dotted key as TOML would accept it: parts that are not bare keys are quoted. */
export function formatKey(parts: string[]): string {
  return parts.map((p) => (/^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p))).join('.');
}

export function listOrNone(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
