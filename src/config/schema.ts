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
import type {
  ConnectionSource,
  EnvironmentConfig,
  LadderConfig,
  Secretish,
  ValidatedConfig,
  ValidatedEnvironment,
  Connection,
} from './types.js';

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
const PARAM_STRINGS = ['host', 'user', 'password', 'database', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

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

function isSslmode(s: string): boolean {
  return (SSLMODES as readonly string[]).includes(s);
}

/** Dotted key as TOML would accept it: parts that are not bare keys are quoted. */
export function formatKey(parts: string[]): string {
  return parts.map((p) => (/^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p))).join('.');
}

function listOrNone(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

/** Closest allowed key for a typo (`conection_url`), or undefined when nothing is close. */
function suggest(key: string, allowed: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    // snake_case written in the inline config, or camelCase in ladder.toml
    if (norm(candidate) === norm(key)) return candidate;
    const d = editDistance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= 2 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------
// locating keys in the TOML text

/**
 * The 1-based line where a dotted key is defined in TOML text, for messages. A pragmatic
 * scanner, not a parser: it follows `[table]` / `[[array]]` headers (bare, "quoted" and
 * 'literal' parts) and `key = value` lines (dotted keys too). A key inside an inline table
 * resolves to the line of the inline table. When the key itself is not written (a table
 * defined implicitly), the first line defining something under it is returned.
 */
export function locateKey(text: string, keyPath: string[]): number | undefined {
  if (keyPath.length === 0) return undefined;
  const lines = text.split(/\r?\n/);
  let table: string[] = [];
  let fallback: number | undefined;
  let multiline: string | undefined;
  // an inline table spread over several lines (TOML 1.1, which smol-toml accepts)
  let inline: { prefix: string[]; depth: number; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (multiline !== undefined) {
      // inside a """ or ''' string: its lines are content, not keys
      if (line.includes(multiline)) multiline = undefined;
      continue;
    }
    if (inline !== undefined) {
      const inner = parseAssignment(line.trimStart().replace(/^,\s*/, ''));
      if (inner && definesKey([...inline.prefix, ...inner.key], inner.value, keyPath)) return i + 1;
      inline.depth += braceDepth(line);
      if (inline.depth > 0) continue;
      if (startsWith(keyPath, inline.prefix)) return inline.line;
      inline = undefined;
      continue;
    }
    const trimmed = line.trimStart();
    const header = parseHeader(trimmed);
    if (header) {
      table = header;
      if (sameKey(header, keyPath)) return i + 1;
      if (startsWith(header, keyPath)) fallback ??= i + 1;
      continue;
    }
    const assignment = parseAssignment(trimmed);
    if (!assignment) continue;
    const full = [...table, ...assignment.key];
    const depth = assignment.value.startsWith('{') ? braceDepth(assignment.value) : 0;
    if (depth > 0) {
      if (sameKey(full, keyPath)) return i + 1;
      inline = { prefix: full, depth, line: i + 1 };
      continue;
    }
    if (definesKey(full, assignment.value, keyPath)) return i + 1;
    if (startsWith(full, keyPath)) fallback ??= i + 1;
    multiline = opensMultiline(assignment.value);
  }
  return fallback;
}

/** `full = value` defines keyPath itself, or holds it in a one-line inline table. */
function definesKey(full: string[], value: string, keyPath: string[]): boolean {
  return sameKey(full, keyPath) || (startsWith(keyPath, full) && value.startsWith('{'));
}

/** Net `{` minus `}` outside strings and comments. */
function braceDepth(s: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return depth;
}

/** `[a.b]` or `[[a.b]]` with an optional trailing comment; undefined for anything else. */
function parseHeader(line: string): string[] | undefined {
  const double = line.startsWith('[[');
  if (!line.startsWith('[')) return undefined;
  const key = parseDottedKey(line, double ? 2 : 1);
  if (!key) return undefined;
  const close = double ? ']]' : ']';
  let i = skipSpaces(line, key.end);
  if (!line.startsWith(close, i)) return undefined;
  i = skipSpaces(line, i + close.length);
  return i === line.length || line[i] === '#' ? key.parts : undefined;
}

function parseAssignment(line: string): { key: string[]; value: string } | undefined {
  const key = parseDottedKey(line, 0);
  if (!key) return undefined;
  const i = skipSpaces(line, key.end);
  if (line[i] !== '=') return undefined;
  return { key: key.parts, value: line.slice(i + 1).trim() };
}

/** A dotted key starting at `start`: bare, "basic" or 'literal' parts separated by dots. */
function parseDottedKey(s: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    i = skipSpaces(s, i);
    const part = parseKeyPart(s, i);
    if (!part) return undefined;
    parts.push(part.value);
    i = skipSpaces(s, part.end);
    if (s[i] !== '.') return { parts, end: i };
    i++;
  }
}

function parseKeyPart(s: string, i: number): { value: string; end: number } | undefined {
  const quote = s[i];
  if (quote === "'") {
    const end = s.indexOf("'", i + 1);
    return end < 0 ? undefined : { value: s.slice(i + 1, end), end: end + 1 };
  }
  if (quote === '"') {
    let j = i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) return undefined;
    const raw = s.slice(i, j + 1);
    return { value: unescapeBasic(raw), end: j + 1 };
  }
  const bare = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
  return bare ? { value: bare[0], end: i + bare[0].length } : undefined;
}

function unescapeBasic(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

function opensMultiline(value: string): string | undefined {
  for (const q of ['"""', "'''"]) {
    if (value.startsWith(q) && !value.slice(3).includes(q)) return q;
  }
  return undefined;
}

function skipSpaces(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t') i++;
  return i;
}

function sameKey(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** `whole` begins with every part of `prefix` (and is longer). */
function startsWith(whole: string[], prefix: string[]): boolean {
  return whole.length > prefix.length && prefix.every((p, i) => p === whole[i]);
}

// ---------------------------------------------------------------------------
// resolving an environment

/**
 * Turn an environment's {env} references into values and build its display string.
 * Only called for the environments a command runs in, so a missing PGPASSWORD for
 * production never breaks `-e dev`. Messages name variables, never their values.
 */
export function resolveEnvironment(
  name: string,
  validated: ValidatedEnvironment,
  env: Record<string, string | undefined>,
): { environment?: EnvironmentConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const base = ['environments', name];
  const resolve = (value: Secretish | undefined, key: string[]): string | undefined => {
    if (value === undefined || typeof value === 'string') return value;
    const dotted = formatKey([...base, ...key]);
    const got = env[value.env];
    if (got !== undefined && got !== '') return got;
    const problem: Problem = {
      kind: 'config-env-missing',
      message: `${dotted}: environment variable ${value.env} is ${got === undefined ? 'not set' : 'empty'}`,
      key: dotted,
      environment: name,
      hint: `set ${value.env}, or select other environments with -e`,
    };
    const line = validated.lines[dotted];
    if (line !== undefined) problem.line = line;
    problems.push(problem);
    return undefined;
  };
  const connection = resolveConnection(validated, resolve, base, problems);
  if (!connection || problems.length > 0) return { problems };
  const secrets = secretsOf(connection);
  return {
    environment: {
      name,
      connection,
      isProduction: validated.isProduction,
      ...(validated.settings ? { settings: validated.settings } : {}),
      display: displayConnection(connection, validated.root, secrets),
      secrets,
      ...(validated.timeouts ? { timeouts: validated.timeouts } : {}),
      ...(validated.fleet ? { fleet: validated.fleet } : {}),
    },
    problems,
  };
}

type Resolver = (value: Secretish | undefined, key: string[]) => string | undefined;

function resolveConnection(
  v: ValidatedEnvironment,
  resolve: Resolver,
  base: string[],
  problems: Problem[],
): Connection | undefined {
  const s = v.source;
  if (s.kind === 'pglite') {
    const p = resolve(s.path, ['pglite']);
    return p === undefined ? undefined : { kind: 'pglite', dataDir: path.resolve(v.root, p) };
  }
  if (s.kind === 'url') {
    const url = resolve(s.url, ['connection_url']);
    if (url === undefined) return undefined;
    // a literal URL was checked by validation; one from a variable is checked here
    const wrong = postgresUrlProblem(url);
    if (wrong !== undefined) {
      const key = formatKey([...base, 'connection_url']);
      const variable = typeof s.url === 'string' ? '' : ` (from ${s.url.env})`;
      problems.push({
        kind: 'config-connection',
        message: `${key}: ${wrong.message}${variable}`,
        key,
        environment: v.name,
        ...(v.lines[key] !== undefined ? { line: v.lines[key] } : {}),
        ...(wrong.hint === undefined ? {} : { hint: wrong.hint }),
      });
      return undefined;
    }
    return { kind: 'url', url };
  }
  const out: Extract<Connection, { kind: 'params' }> = { kind: 'params' };
  for (const key of PARAM_STRINGS) {
    const value = resolve(s[key], ['connection_params', key]);
    if (value === undefined) continue;
    // a TLS file: PEM text as it is, a path relative to ladder.toml's folder
    const file = key === 'sslrootcert' || key === 'sslcert' || key === 'sslkey';
    out[key] = file && !isPem(value) ? path.resolve(v.root, value) : value;
  }
  if (s.port !== undefined) out.port = s.port;
  if (s.connectTimeout !== undefined) out.connectTimeout = s.connectTimeout;
  if (out.sslmode !== undefined && !isSslmode(out.sslmode)) {
    const key = formatKey([...base, 'connection_params', 'sslmode']);
    problems.push({
      kind: 'config-value',
      message: `${key}: expected one of ${SSLMODES.join(', ')}`,
      key,
      environment: v.name,
    });
  }
  return out;
}

/**
 * How a target is shown in output: never with its password, nor with a host,
 * user or database that holds it (issue 14: a { env } value equal to the
 * password was printed as the host). The display is then printed whole (the
 * renderer keeps it as is), so its masking happens here, part by part: a
 * password as common as `postgres` still leaves the scheme readable.
 */
export function displayConnection(c: Connection, root: string, secrets: string[] = []): string {
  const part = (s: string) => (secrets.some((secret) => s.includes(secret)) ? '***' : s);
  if (c.kind === 'url') {
    const shown = redactUrl(c.url);
    const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(?:([^@]*)@)?([\s\S]*)$/.exec(shown);
    if (!m) return redactSecrets(shown, secrets);
    const [, scheme, userinfo, rest] = m as unknown as [string, string, string | undefined, string];
    const user = userinfo === undefined ? '' : `${userinfo.split(':').map((p, i) => (i === 0 ? part(p) : p)).join(':')}@`;
    return `${scheme}${user}${redactSecrets(rest, secrets)}`;
  }
  if (c.kind === 'pglite') {
    const rel = path.relative(root, c.dataDir);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    return `pglite:${inside ? rel : c.dataDir}`;
  }
  let shown = part(c.host ?? 'localhost');
  if (c.port !== undefined) shown += `:${c.port}`;
  if (c.database !== undefined) shown += `/${part(c.database)}`;
  if (c.user !== undefined) shown += ` as ${part(c.user)}`;
  return shown;
}

/** PEM text (from { env = ... }), not a file name. */
export function isPem(value: string): boolean {
  return value.trimStart().startsWith('-----BEGIN');
}

export function secretsOf(c: Connection): string[] {
  const found: string[] = [];
  if (c.kind === 'params' && c.password !== undefined) found.push(c.password);
  // a private key given as text is a secret too
  if (c.kind === 'params' && c.sslkey !== undefined && isPem(c.sslkey)) found.push(c.sslkey.trim());
  if (c.kind === 'url') found.push(...urlSecrets(c.url));
  const withDecoded = found.flatMap((s) => [s, safeDecode(s)]);
  return [...new Set(withDecoded)].filter((s) => s.length > 0);
}

// ---------------------------------------------------------------------------
// choosing environments

/**
 * Which environments a command runs in: `-e a,b` > LADDER_ENV > default_environments >
 * the only environment defined. Every unknown name is reported.
 */
export function selectEnvironmentNames(
  declared: string[],
  defaults: string[] | undefined,
  requested: string[] | undefined,
  ladderEnv: string | undefined,
): { names?: string[]; problems: Problem[] } {
  const fromFlag = requested === undefined ? undefined : splitNames(requested);
  const fromVar = ladderEnv === undefined || ladderEnv.trim() === '' ? undefined : splitNames([ladderEnv]);
  const chosen: { names: string[]; from: string } | undefined =
    fromFlag !== undefined
      ? { names: fromFlag, from: '-e' }
      : fromVar !== undefined
        ? { names: fromVar, from: 'LADDER_ENV' }
        : defaults !== undefined && defaults.length > 0
          ? { names: defaults, from: 'default_environments' }
          : declared.length === 1
            ? { names: [declared[0]!], from: 'the only environment' }
            : undefined;

  if (!chosen || chosen.names.length === 0) return { problems: [noEnvironmentProblem(declared, chosen?.from)] };
  const problems = chosen.names
    .filter((n) => !declared.includes(n))
    .map(
      (n): Problem => ({
        kind: 'config-unknown-environment',
        message: `unknown environment "${n}" (from ${chosen.from}); defined: ${listOrNone(declared)}`,
        environment: n,
        hint: declared.length === 0 ? 'add an [environments.<name>] table to ladder.toml' : `use one of: ${declared.join(', ')}`,
      }),
    );
  return problems.length > 0 ? { problems } : { names: chosen.names, problems };
}

function noEnvironmentProblem(declared: string[], from: string | undefined): Problem {
  if (from !== undefined) {
    return {
      kind: 'config-no-environment',
      message: `no environment named in ${from}`,
      hint: `pass -e <name>; defined: ${listOrNone(declared)}`,
    };
  }
  if (declared.length === 0) {
    return {
      kind: 'config-no-environment',
      message: 'no environments defined in ladder.toml',
      hint: 'add one, e.g. [environments.dev] with pglite = ".ladder/dev"',
    };
  }
  return {
    kind: 'config-no-environment',
    message: `which environment? ${declared.length} are defined (${declared.join(', ')})`,
    hint: 'pass -e <name>, set LADDER_ENV, or set default_environments in ladder.toml',
  };
}

/** `-e a,b`, `-e a -e b` and `LADDER_ENV=a, b` all mean [a, b]; duplicates dropped, order kept. */
export function splitNames(values: string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  return [...new Set(names)];
}

// ---------------------------------------------------------------------------
// redaction

/** Replace every occurrence of each secret with ***. Longest first, so no secret leaks in part. */
export function redactSecrets(text: string, secrets: string[]): string {
  const ordered = [...new Set(secrets)].filter((s) => s.length >= 1).sort((a, b) => b.length - a.length);
  return ordered.reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * A URL with its password (and any password= query parameter) replaced by ***.
 * Text, not `new URL()`: a sloppy URL (unencoded @ or # in the password) must be hidden
 * too. The userinfo ends at the LAST @, so in doubt more is hidden, never less.
 */
export function redactUrl(url: string): string {
  const parts = splitUserinfo(url);
  const out = parts?.password === undefined ? url : `${parts.prefix}:***@${parts.rest}`;
  return out.replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');
}

/** The URL carries a password (in its user info or as password=). */
export function urlHasPassword(url: string): boolean {
  return urlSecrets(url).length > 0;
}

function urlSecrets(url: string): string[] {
  const found: string[] = [];
  const parts = splitUserinfo(url);
  if (parts?.password) found.push(parts.password);
  for (const m of url.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) if (m[1]) found.push(m[1]);
  return found;
}

/** `scheme://user:password@rest` -> { prefix: 'scheme://user', password, rest }. */
function splitUserinfo(url: string): { prefix: string; password?: string; rest: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([\s\S]*)$/.exec(url);
  if (!m) return undefined;
  const scheme = m[1]!;
  const afterScheme = m[2]!;
  const at = afterScheme.lastIndexOf('@');
  if (at < 0) return undefined;
  const userinfo = afterScheme.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return undefined;
  return {
    prefix: scheme + userinfo.slice(0, colon),
    password: userinfo.slice(colon + 1),
    rest: afterScheme.slice(at + 1),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * ladder.toml text as it may be shown (a syntax error's code frame, its
 * message): the value of every `password` key and the password of every URL
 * replaced by ***, line by line, even where the TOML is broken (an
 * unterminated string). In doubt more is hidden, never less.
 */
export function maskConfigText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        // password = "..." / '...' / bare, also inside inline tables; unterminated strings to the end of the line
        .replace(/(\b(?:ssl)?password\b["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|[^,{}\s#&"']+)/gi, (_, key: string, value: string) => {
          const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
          return `${key}${q}***${q && value.length > 1 && value.endsWith(q) ? q : ''}`;
        })
        // scheme://user:password@ (to the last @ of the line)
        .replace(/(:\/\/[^:@/\s"'{}]*:)(.*)(@)/g, '$1***$3')
        // ?password=... in a URL
        .replace(/([?&](?:ssl)?password=)[^&#\s"']*/gi, '$1***'),
    )
    .join('\n');
}
