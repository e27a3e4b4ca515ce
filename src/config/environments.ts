/**
 * Environments: which ones a command runs in (`-e`, LADDER_ENV, default_environments),
 * and resolving one's { env = ... } references into a connection and its display.
 * Pure: the caller passes process.env in. Messages name variables, never their values.
 */
import path from 'node:path';
import type { Problem } from '../core/errors.js';
import { redactSecrets, redactUrl, urlSecrets, safeDecode } from '../core/redact.js';
import { formatKey, isSslmode, listOrNone, PARAM_STRINGS, postgresUrlProblem, SSLMODES } from './validate.js';
import type { Connection, EnvironmentConfig, Secretish, ValidatedEnvironment } from './types.js';

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
