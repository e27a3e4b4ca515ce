import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { resolveEnvironment, selectEnvironmentNames } from '../../../src/config/environments.js';
import { locateKey } from '../../../src/config/toml-lines.js';
import { postgresUrlProblem, validateConfig, validateInlineConfig } from '../../../src/config/validate.js';
import { redactSecrets, redactUrl } from '../../../src/core/redact.js';
import type { ValidatedEnvironment } from '../../../src/config/types.js';

const ROOT = path.resolve('/proj');

function check(toml: string) {
  return validateConfig(parse(toml), toml, ROOT);
}

/** The problems as `line: message` strings, the shape a user reads. */
function problemLines(toml: string): string[] {
  return check(toml).problems.map((p) => `${p.line ?? '?'}: ${p.message}`);
}

const SPEC_EXAMPLE = `migrations_directory = "drizzle"          # optional; default "drizzle"
migrations_table = "__drizzle_migrations" # optional
migrations_schema = "drizzle"             # optional
default_environments = ["dev"]            # optional

[environments.dev]
pglite = ".ladder/dev"

[environments.ci]
connection_url = { env = "DATABASE_URL" }

[environments.production]
connection_params = { host = "db", port = 5432, user = "app", password = { env = "PGPASSWORD" }, database = "app" }
is_production = true
`;

describe('validateConfig: valid files', () => {
  it('accepts the spec example', () => {
    const { config, problems } = check(SPEC_EXAMPLE);
    expect(problems).toEqual([]);
    expect(config?.config).toEqual({
      root: ROOT,
      migrationsDirectory: path.join(ROOT, 'drizzle'),
      migrationsTable: '__drizzle_migrations',
      migrationsSchema: 'drizzle',
      defaultEnvironments: ['dev'],
      environmentNames: ['dev', 'ci', 'production'],
    });
    expect(config?.environments['dev']?.source).toEqual({ kind: 'pglite', path: '.ladder/dev' });
    expect(config?.environments['ci']?.source).toEqual({ kind: 'url', url: { env: 'DATABASE_URL' } });
    expect(config?.environments['production']).toMatchObject({
      isProduction: true,
      source: { kind: 'params', host: 'db', port: 5432, user: 'app', password: { env: 'PGPASSWORD' }, database: 'app' },
    });
    expect(config?.environments['dev']?.isProduction).toBe(false);
  });

  it('reads settings as text, for every session ladder opens', () => {
    const { config, problems } = check(
      '[environments.dev]\npglite = "x"\nsettings = { search_path = "app, public", statement_timeout = 0, jit = false, "app.tenant" = "t1" }\n',
    );
    expect(problems).toEqual([]);
    expect(config?.environments['dev']?.settings).toEqual({ search_path: 'app, public', statement_timeout: '0', jit: 'off', 'app.tenant': 't1' });
  });

  it('applies defaults', () => {
    const { config, problems } = check('[environments.dev]\npglite = "x"\n');
    expect(problems).toEqual([]);
    expect(config?.config).toMatchObject({
      migrationsDirectory: path.join(ROOT, 'drizzle'),
      migrationsTable: '__drizzle_migrations',
      migrationsSchema: 'drizzle',
      defaultEnvironments: undefined,
      environmentNames: ['dev'],
    });
  });

  it('default_environments named twice run once', () => {
    const { config, problems } = check('default_environments = ["dev", "ci", "dev"]\n[environments.dev]\npglite = "x"\n[environments.ci]\npglite = "y"\n');
    expect(problems).toEqual([]);
    expect(config?.config.defaultEnvironments).toEqual(['dev', 'ci']);
  });

  it('top-level lock_timeout and statement_timeout apply to every environment; an environment\'s own wins', () => {
    const { config, problems } = check('lock_timeout = "5s"\nstatement_timeout = "10m"\n[environments.dev]\npglite = "x"\n[environments.ci]\npglite = "y"\nlock_timeout = "off"\n');
    expect(problems).toEqual([]);
    expect(config?.environments['dev']?.timeouts).toEqual({ lockTimeoutMs: 5_000, statementTimeoutMs: 600_000 });
    expect(config?.environments['ci']?.timeouts).toEqual({ lockTimeoutMs: 0, statementTimeoutMs: 600_000 });
  });

  it('accepts a file with no environments (offline commands need none)', () => {
    const { config, problems } = check('migrations_directory = "db/migrations"\n');
    expect(problems).toEqual([]);
    expect(config?.config.environmentNames).toEqual([]);
    expect(config?.config.migrationsDirectory).toBe(path.join(ROOT, 'db/migrations'));
  });

  it.each([
    ['identifier with $ and _', 'migrations_table = "_t$1"\n'],
    ['63-character identifier', `migrations_schema = "${'s'.repeat(63)}"\n`],
    ['dotted keys under [environments]', '[environments]\ndev.pglite = "x"\n'],
    ['inline environment table', 'environments = { dev = { pglite = "x" } }\n'],
    ['every params key', '[environments.p]\nconnection_params = { host = "h", port = 1, user = { env = "U" }, password = "p", database = "d", sslmode = "verify-full" }\n'],
    ['literal postgresql URL', '[environments.a]\nconnection_url = "postgresql://u@h/d"\n'],
    ['pglite from a variable', '[environments.a]\npglite = { env = "DATA_DIR" }\n'],
    ['environment named constructor', '[environments.constructor]\npglite = "x"\n'],
    ['multi-line inline table', '[environments.a]\nconnection_params = {\n  host = "h",\n  port = 5432,\n}\n'],
  ])('accepts %s', (_, toml) => {
    expect(check(toml).problems).toEqual([]);
  });

  it('keeps an environment named constructor as a plain key', () => {
    const { config } = check('[environments.constructor]\npglite = "x"\n');
    expect(Object.keys(config!.environments)).toEqual(['constructor']);
    expect(config!.environments['toString']).toBeUndefined();
  });
});

describe('validateConfig: problems', () => {
  it.each<[string, string, string, string]>([
    // [case, toml, kind, message]
    ['unknown top-level key', 'migration_directory = "x"', 'config-unknown-key', 'migration_directory: unknown key'],
    ['unknown environment key', '[environments.dev]\npglite = "x"\nconection_url = "postgres://h"', 'config-unknown-key', 'environments.dev.conection_url: unknown key'],
    ['unknown params key', '[environments.p]\nconnection_params = { hots = "h" }', 'config-unknown-key', 'environments.p.connection_params.hots: unknown key'],
    ['extra key in an env reference', '[environments.p]\nconnection_url = { env = "U", default = "x" }', 'config-type', 'environments.p.connection_url: expected a string or { env = "NAME" }, got a table with keys env, default'],
    ['empty env reference', '[environments.p]\nconnection_url = {}', 'config-type', 'environments.p.connection_url: expected a string or { env = "NAME" }, got an empty table'],
    ['env reference not a string', '[environments.p]\npglite = { env = 1 }', 'config-type', 'environments.p.pglite.env: expected a string (an environment variable name), got integer'],
    ['migrations_directory integer', 'migrations_directory = 1', 'config-type', 'migrations_directory: expected a string, got integer'],
    ['migrations_directory empty', 'migrations_directory = ""', 'config-value', 'migrations_directory: must not be empty'],
    ['migrations_schema reserved pg_ prefix', 'migrations_schema = "pg_ladder"', 'config-identifier', 'migrations_schema: "pg_ladder": names starting with pg_ are reserved for PostgreSQL\'s system schemas'],
    ['migrations_table boolean', 'migrations_table = true', 'config-type', 'migrations_table: expected a string, got boolean'],
    ['default_environments string', 'default_environments = "dev"\n[environments.dev]\npglite = "x"', 'config-type', 'default_environments: expected an array of environment names, got string'],
    ['default_environments item integer', 'default_environments = [1]\n[environments.dev]\npglite = "x"', 'config-type', 'default_environments: item 1: expected a string, got integer'],
    ['default_environments empty', 'default_environments = []\n[environments.dev]\npglite = "x"', 'config-value', 'default_environments: expected at least one environment name (remove the key to have no default)'],
    ['default_environments unknown name', 'default_environments = ["prd"]\n[environments.dev]\npglite = "x"', 'config-unknown-environment', 'default_environments: "prd" is not a defined environment (defined: dev)'],
    ['environments not a table', 'environments = 1', 'config-type', 'environments: expected a table of environments, got integer'],
    ['environment not a table', '[environments]\ndev = "x"', 'config-type', 'environments.dev: expected a table, got string'],
    ['pglite integer', '[environments.dev]\npglite = 1', 'config-type', 'environments.dev.pglite: expected a string or { env = "NAME" }, got integer'],
    ['pglite empty', '[environments.dev]\npglite = ""', 'config-value', 'environments.dev.pglite: must not be empty'],
    ['connection_url array', '[environments.ci]\nconnection_url = ["x"]', 'config-type', 'environments.ci.connection_url: expected a string or { env = "NAME" }, got array'],
    ['connection_url not postgres', '[environments.ci]\nconnection_url = "mysql://u:pw@h/d"', 'config-connection', 'environments.ci.connection_url: expected a postgres:// or postgresql:// URL'],
    ['connection_params string', '[environments.p]\nconnection_params = "host=db"', 'config-type', 'environments.p.connection_params: expected a table, got string'],
    ['port string', '[environments.p]\nconnection_params = { host = "x", port = "5432" }', 'config-type', 'environments.p.connection_params.port: expected an integer, got string'],
    ['port float', '[environments.p]\nconnection_params = { port = 54.5 }', 'config-type', 'environments.p.connection_params.port: expected an integer, got float'],
    ['port out of range', '[environments.p]\nconnection_params = { port = 70000 }', 'config-value', 'environments.p.connection_params.port: expected an integer from 1 to 65535, got 70000'],
    ['port zero', '[environments.p]\nconnection_params = { port = 0 }', 'config-value', 'environments.p.connection_params.port: expected an integer from 1 to 65535, got 0'],
    ['host integer', '[environments.p]\nconnection_params = { host = 1 }', 'config-type', 'environments.p.connection_params.host: expected a string or { env = "NAME" }, got integer'],
    ['sslmode unknown', '[environments.p]\nconnection_params = { sslmode = "yes" }', 'config-value', 'environments.p.connection_params.sslmode: expected one of disable, allow, prefer, require, verify-ca, verify-full, got "yes"'],
    ['is_production string', '[environments.p]\npglite = "x"\nis_production = "yes"', 'config-type', 'environments.p.is_production: expected a boolean, got string'],
    ['is_production datetime', '[environments.p]\npglite = "x"\nis_production = 2024-01-01', 'config-type', 'environments.p.is_production: expected a boolean, got datetime'],
    ['settings not a table', '[environments.p]\npglite = "x"\nsettings = "search_path=app"', 'config-type', 'environments.p.settings: expected a table of setting = value, got string'],
    ['settings value array', '[environments.p]\npglite = "x"\nsettings = { search_path = ["app"] }', 'config-type', 'environments.p.settings.search_path: expected a string, number or boolean, got array'],
    ['settings bad name', '[environments.p]\npglite = "x"\nsettings = { "search path" = "app" }', 'config-value', 'environments.p.settings."search path": is not a PostgreSQL setting name'],
    ['no connection', '[environments.dev]\nis_production = false', 'config-connection', 'environments.dev: no connection: set exactly one of pglite, connection_url, connection_params'],
    ['two connections', '[environments.dev]\npglite = "x"\nconnection_url = "postgres://h/d"', 'config-connection', 'environments.dev: pglite and connection_url are both set: use exactly one of pglite, connection_url, connection_params'],
    ['three connections', '[environments.dev]\npglite = "x"\nconnection_url = "postgres://h/d"\nconnection_params = {}', 'config-connection', 'environments.dev: pglite and connection_url and connection_params are all set: use exactly one of pglite, connection_url, connection_params'],
    ['invalid environment name', '[environments."my env"]\npglite = "x"', 'config-environment-name', 'environments."my env": invalid environment name: use letters, digits, _ and -'],
  ])('%s', (_, toml, kind, message) => {
    const { config, problems } = check(toml);
    expect(config).toBeUndefined();
    expect(problems.map((p) => ({ kind: p.kind, message: p.message }))).toContainEqual({ kind, message });
  });

  it.each([
    'x"; drop table y; --',
    '1abc',
    'has space',
    'a.b',
    'Ä',
    't'.repeat(64),
  ])('refuses the identifier %j in migrations_table and migrations_schema', (bad) => {
    const toml = `migrations_table = ${JSON.stringify(bad)}\nmigrations_schema = ${JSON.stringify(bad)}\n`;
    const { config, problems } = check(toml);
    expect(config).toBeUndefined();
    expect(problems.map((p) => [p.kind, p.key, p.line])).toEqual([
      ['config-identifier', 'migrations_table', 1],
      ['config-identifier', 'migrations_schema', 2],
    ]);
    expect(problems[0]!.message).toMatch(/^migrations_table: .* is not a valid identifier/);
  });

  it('suggests the key that was meant', () => {
    const { problems } = check('[environments.dev]\npglite = "x"\nis_prodution = true\n');
    expect(problems[0]).toMatchObject({ kind: 'config-unknown-key', hint: 'did you mean is_production?', environment: 'dev' });
    // a key in the wrong case is far in edits, but meant all the same
    expect(check('[environments.dev]\npglite = "x"\nIS_PRODUCTION = true\n').problems[0]?.hint).toBe('did you mean is_production?');
    const far = check('zzz = 1').problems[0];
    expect(far?.hint).toMatch(/^allowed: migrations_directory, /);
  });

  it('reports every problem at once, each with its line', () => {
    const toml = [
      'migrations_table = "bad name"', // 1
      'colour = "red"', // 2
      'default_environments = ["dev", "nope"]', // 3
      '', // 4
      '[environments.dev]', // 5
      'pglite = ".ladder/dev"', // 6
      'conection_url = "postgres://x/y"', // 7
      '', // 8
      '[environments.prod]', // 9
      'connection_params = { host = "db", port = "5432", password = { env = "PGPASSWORD" } }', // 10
      'is_production = "true"', // 11
      '', // 12
      '[environments.empty]', // 13
      '# nothing here', // 14
      '[environments."bad.name"]', // 15
      'pglite = "x"', // 16
    ].join('\n');
    expect(problemLines(toml)).toEqual([
      '2: colour: unknown key',
      '1: migrations_table: "bad name" is not a valid identifier: use letters, digits, _ and $, starting with a letter or _, at most 63 characters',
      '7: environments.dev.conection_url: unknown key',
      '11: environments.prod.is_production: expected a boolean, got string',
      '10: environments.prod.connection_params.port: expected an integer, got string',
      '13: environments.empty: no connection: set exactly one of pglite, connection_url, connection_params',
      '15: environments."bad.name": invalid environment name: use letters, digits, _ and -',
      '3: default_environments: "nope" is not a defined environment (defined: dev, prod, empty, bad.name)',
    ]);
  });

  it('sets key and environment on problems', () => {
    const [p] = check('[environments.prod]\nconnection_params = { port = "1" }\n').problems;
    expect(p).toMatchObject({
      kind: 'config-type',
      key: 'environments.prod.connection_params.port',
      environment: 'prod',
      line: 2,
    });
  });

  it('never echoes a literal URL (it may hold a password)', () => {
    const { problems } = check('[environments.ci]\nconnection_url = "mysql://app:s3cret@db/app"\nnope = 1\n');
    expect(problems.length).toBe(2);
    for (const p of problems) expect(JSON.stringify(p)).not.toContain('s3cret');
  });
});

describe('validateInlineConfig', () => {
  it('accepts camelCase keys and resolves against root', () => {
    const { config, problems } = validateInlineConfig(
      {
        migrationsDirectory: 'm',
        migrationsTable: 't',
        defaultEnvironments: ['a'],
        environments: {
          a: { pglite: 'data', isProduction: false },
          b: { connectionParams: { host: 'h', port: 5433, password: { env: 'P' } }, isProduction: true },
          c: { connectionUrl: 'postgres://h/d', pglite: undefined },
        },
      },
      ROOT,
    );
    expect(problems).toEqual([]);
    expect(config?.config).toMatchObject({ migrationsDirectory: path.join(ROOT, 'm'), migrationsTable: 't', migrationsSchema: 'drizzle' });
    expect(config?.environments['b']).toMatchObject({ isProduction: true, source: { kind: 'params', port: 5433 } });
    expect(config?.environments['a']?.lines).toEqual({});
  });

  it('names keys as written, camelCase, and suggests camelCase for snake_case', () => {
    const { problems } = validateInlineConfig(
      {
        migrations_table: 'x',
        migrationsSchema: 'bad schema',
        environments: { dev: { pglite: 'x', connectionUrl: 'postgres://h/d', isProduction: 'no' } },
      },
      ROOT,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'migrations_table: unknown key',
      'migrationsSchema: "bad schema" is not a valid identifier: use letters, digits, _ and $, starting with a letter or _, at most 63 characters',
      'environments.dev: pglite and connectionUrl are both set: use exactly one of pglite, connectionUrl, connectionParams',
      'environments.dev.isProduction: expected a boolean, got string',
    ]);
    expect(problems[0]?.hint).toBe('did you mean migrationsTable?');
    expect(problems.every((p) => p.line === undefined)).toBe(true);
  });

  it('refuses a non-object', () => {
    expect(validateInlineConfig(null, ROOT).problems[0]?.message).toBe('expected a table of settings, got null');
  });
});

describe('locateKey', () => {
  const toml = [
    'migrations_table = "t"', // 1
    '# environments.dev.pglite = "commented"', // 2
    '[environments.dev]', // 3
    'pglite = ".ladder/dev"', // 4
    '', // 5
    '[ environments . "prod" ]  # production', // 6
    'connection_params = { host = "x", port = "5432" }', // 7
    'is_production = true', // 8
    '[environments]', // 9
    'ci.connection_url = { env = "DATABASE_URL" }', // 10
    "[environments.'lit']", // 11
    'notes = """', // 12
    'pglite = "not a key"', // 13
    '"""', // 14
    'pglite = "x"', // 15
    '[environments.multi]', // 16
    'connection_params = {', // 17
    '  host = "h",', // 18
    '  port = 1,', // 19
    '}', // 20
    '[[environments.arr]]', // 21
  ].join('\n');

  it.each<[string[], number | undefined]>([
    [['migrations_table'], 1],
    [['environments', 'dev'], 3],
    [['environments', 'dev', 'pglite'], 4],
    [['environments', 'prod'], 6],
    [['environments', 'prod', 'connection_params'], 7],
    [['environments', 'prod', 'connection_params', 'port'], 7],
    [['environments', 'prod', 'connection_params', 'password'], 7],
    [['environments', 'prod', 'is_production'], 8],
    [['environments', 'ci', 'connection_url'], 10],
    [['environments', 'ci', 'connection_url', 'env'], 10],
    [['environments', 'ci'], 10], // defined implicitly by a dotted key
    [['environments'], 9],
    [['environments', 'lit', 'pglite'], 15], // line 13 is inside a multi-line string
    [['environments', 'multi', 'connection_params'], 17],
    [['environments', 'multi', 'connection_params', 'port'], 19],
    [['environments', 'multi', 'connection_params', 'user'], 17],
    [['environments', 'arr'], 21],
    [['nope'], undefined],
    [['environments', 'dev', 'nope'], undefined],
    [[], undefined],
  ])('%j -> line %s', (keyPath, line) => {
    expect(locateKey(toml, keyPath)).toBe(line);
  });

  it('finds implicit tables by their first sub-table header', () => {
    expect(locateKey('a = 1\n[environments.dev.x]\ny = 1\n', ['environments', 'dev'])).toBe(2);
    expect(locateKey('a = 1\n[environments.dev.x]\ny = 1\n', ['environments'])).toBe(2);
  });

  it('handles CRLF line endings', () => {
    expect(locateKey('a = 1\r\n[b]\r\nc = 2\r\n', ['b', 'c'])).toBe(3);
  });
});

describe('resolveEnvironment', () => {
  function validated(toml: string, name: string): ValidatedEnvironment {
    const { config, problems } = check(toml);
    expect(problems).toEqual([]);
    return config!.environments[name]!;
  }

  it('resolves pglite relative to the config root', () => {
    const env = validated('[environments.dev]\npglite = "./.ladder/dev"\n', 'dev');
    expect(resolveEnvironment('dev', env, {}).environment).toEqual({
      name: 'dev',
      connection: { kind: 'pglite', dataDir: path.join(ROOT, '.ladder/dev') },
      isProduction: false,
      display: `pglite:${path.join('.ladder', 'dev')}`,
      secrets: [],
    });
  });

  it('shows a pglite dir outside the root as an absolute path', () => {
    const env = validated('[environments.dev]\npglite = { env = "DIR" }\n', 'dev');
    const outside = path.resolve('/elsewhere/data');
    const { environment } = resolveEnvironment('dev', env, { DIR: outside });
    expect(environment?.connection).toEqual({ kind: 'pglite', dataDir: outside });
    expect(environment?.display).toBe(`pglite:${outside}`);
  });

  it('resolves a URL from a variable and hides its password', () => {
    const env = validated('[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n', 'ci');
    const url = 'postgres://app:s3cret@db:5432/app';
    const { environment, problems } = resolveEnvironment('ci', env, { DATABASE_URL: url });
    expect(problems).toEqual([]);
    expect(environment?.connection).toEqual({ kind: 'url', url });
    expect(environment?.display).toBe('postgres://app:***@db:5432/app');
    expect(environment?.secrets).toEqual(['s3cret']);
  });

  it('lists URL-encoded passwords raw and decoded as secrets', () => {
    const env = validated('[environments.ci]\nconnection_url = "postgres://app:p%40ss@db/app"\n', 'ci');
    const { environment } = resolveEnvironment('ci', env, {});
    expect(environment?.secrets).toEqual(['p%40ss', 'p@ss']);
    expect(environment?.display).toBe('postgres://app:***@db/app');
  });

  it('resolves params and shows host:port/database as user', () => {
    const env = validated(SPEC_EXAMPLE, 'production');
    const { environment, problems } = resolveEnvironment('production', env, { PGPASSWORD: 's3cret' });
    expect(problems).toEqual([]);
    expect(environment).toEqual({
      name: 'production',
      connection: { kind: 'params', host: 'db', port: 5432, user: 'app', password: 's3cret', database: 'app' },
      isProduction: true,
      display: 'db:5432/app as app',
      secrets: ['s3cret'],
    });
  });

  it('TLS files: a path relative to ladder.toml, or PEM text from a variable kept as it is', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const env = validated('[environments.p]\nconnection_params = { host = "db", sslrootcert = { env = "CA" }, sslcert = "certs/client.crt" }\n', 'p');
    const { environment, problems } = resolveEnvironment('p', env, { CA: pem });
    expect(problems).toEqual([]);
    expect(environment?.connection).toMatchObject({ sslrootcert: pem, sslcert: path.join(ROOT, 'certs/client.crt') });
  });

  it('shows params without optional parts', () => {
    const env = validated('[environments.p]\nconnection_params = { database = "d" }\n', 'p');
    expect(resolveEnvironment('p', env, {}).environment?.display).toBe('localhost/d');
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['unset', {}, 'environments.production.connection_params.password: environment variable PGPASSWORD is not set'],
    ['empty', { PGPASSWORD: '' }, 'environments.production.connection_params.password: environment variable PGPASSWORD is empty'],
  ])('reports a variable that is %s, with its line', (_, vars, message) => {
    const env = validated(SPEC_EXAMPLE, 'production');
    const { environment, problems } = resolveEnvironment('production', env, vars);
    expect(environment).toBeUndefined();
    expect(problems).toEqual([
      {
        kind: 'config-env-missing',
        message,
        key: 'environments.production.connection_params.password',
        environment: 'production',
        line: 13,
        hint: 'set PGPASSWORD, or select other environments with -e',
      },
    ]);
  });

  it('reports every missing variable of an environment', () => {
    const env = validated('[environments.p]\nconnection_params = { host = { env = "H" }, user = { env = "U" }, password = { env = "P" } }\n', 'p');
    const { problems } = resolveEnvironment('p', env, { U: 'u' });
    expect(problems.map((p) => p.message)).toEqual([
      'environments.p.connection_params.host: environment variable H is not set',
      'environments.p.connection_params.password: environment variable P is not set',
    ]);
  });

  it('refuses a non-postgres URL from a variable without showing it', () => {
    const env = validated('[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n', 'ci');
    const { problems } = resolveEnvironment('ci', env, { DATABASE_URL: 'mysql://app:s3cret@db/app' });
    expect(problems.map((p) => p.message)).toEqual([
      'environments.ci.connection_url: expected a postgres:// or postgresql:// URL (from DATABASE_URL)',
    ]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  it('refuses an unknown sslmode from a variable', () => {
    const env = validated('[environments.p]\nconnection_params = { sslmode = { env = "SSL" } }\n', 'p');
    expect(resolveEnvironment('p', env, { SSL: 'yes' }).problems[0]?.message).toBe(
      'environments.p.connection_params.sslmode: expected one of disable, allow, prefer, require, verify-ca, verify-full',
    );
  });

  it('never puts a password in display, secrets aside, or any problem', () => {
    const tomls: [string, string, Record<string, string>][] = [
      ['[environments.a]\nconnection_url = "postgres://app:s3cret@db:5432/app"\n', 'a', {}],
      ['[environments.a]\nconnection_url = "postgresql://app:s3cret@db/app?sslmode=require&password=s3cret"\n', 'a', {}],
      ['[environments.a]\nconnection_url = { env = "URL" }\n', 'a', { URL: 'postgres://app:s3cret@db/app' }],
      ['[environments.a]\nconnection_params = { host = "db", password = "s3cret" }\n', 'a', {}],
      ['[environments.a]\nconnection_params = { host = "db", password = { env = "PW" }, user = { env = "NOPE" } }\n', 'a', { PW: 's3cret' }],
    ];
    for (const [toml, name, vars] of tomls) {
      const { environment, problems } = resolveEnvironment(name, validated(toml, name), vars);
      expect(JSON.stringify(problems)).not.toContain('s3cret');
      if (!environment) continue;
      // the secret is listed (for redactSecrets) and appears nowhere else that is shown
      expect(environment.secrets).toContain('s3cret');
      expect(environment.display).not.toContain('s3cret');
    }
  });
});

describe('selectEnvironmentNames', () => {
  const declared = ['dev', 'ci', 'production'];

  it.each<[string, string[], string[] | undefined, string[] | undefined, string | undefined, string[]]>([
    // [case, declared, defaults, -e, LADDER_ENV, expected]
    ['-e wins over everything', declared, ['dev'], ['ci'], 'production', ['ci']],
    ['-e a,b is split', declared, undefined, ['ci,production'], undefined, ['ci', 'production']],
    ['-e a -e b and duplicates', declared, undefined, ['ci', ' ci , dev'], undefined, ['ci', 'dev']],
    ['LADDER_ENV over defaults', declared, ['dev'], undefined, 'production, ci', ['production', 'ci']],
    ['empty LADDER_ENV is unset', declared, ['dev'], undefined, ' ', ['dev']],
    ['default_environments', declared, ['dev', 'ci'], undefined, undefined, ['dev', 'ci']],
    ['the only environment', ['dev'], undefined, undefined, undefined, ['dev']],
  ])('%s', (_, decl, defaults, requested, ladderEnv, expected) => {
    expect(selectEnvironmentNames(decl, defaults, requested, ladderEnv)).toEqual({ names: expected, problems: [] });
  });

  it('reports every unknown name with its source and the declared ones', () => {
    const { names, problems } = selectEnvironmentNames(declared, undefined, ['prd,dev,stage'], undefined);
    expect(names).toBeUndefined();
    expect(problems.map((p) => [p.kind, p.message])).toEqual([
      ['config-unknown-environment', 'unknown environment "prd" (from -e); defined: dev, ci, production'],
      ['config-unknown-environment', 'unknown environment "stage" (from -e); defined: dev, ci, production'],
    ]);
    expect(selectEnvironmentNames(declared, undefined, undefined, 'toString').problems[0]?.message).toBe(
      'unknown environment "toString" (from LADDER_ENV); defined: dev, ci, production',
    );
  });

  it('tells the user to pass -e when nothing decides', () => {
    const { names, problems } = selectEnvironmentNames(declared, undefined, undefined, undefined);
    expect(names).toBeUndefined();
    expect(problems).toEqual([
      {
        kind: 'config-no-environment',
        message: 'which environment? 3 are defined (dev, ci, production)',
        hint: 'pass -e <name>, set LADDER_ENV, or set default_environments in ladder.toml',
      },
    ]);
  });

  it('says when no environment is defined at all', () => {
    expect(selectEnvironmentNames([], undefined, undefined, undefined).problems[0]?.message).toBe(
      'no environments defined in ladder.toml',
    );
  });

  it('refuses an empty -e', () => {
    expect(selectEnvironmentNames(declared, ['dev'], [' , '], undefined).problems[0]).toMatchObject({
      kind: 'config-no-environment',
      message: 'no environment named in -e',
    });
  });
});

describe('redaction', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://app:***@db:5432/app'],
    ['postgresql://app@db/app', 'postgresql://app@db/app'],
    ['postgres://db/app', 'postgres://db/app'],
    ['postgres://:s3cret@db/app', 'postgres://:***@db/app'],
    ['postgres://app:s3c@ret@db/app', 'postgres://app:***@db/app'],
    ['postgres://app:s3c#ret@db/app', 'postgres://app:***@db/app'],
    ['postgres://app:s3c/ret@db/app', 'postgres://app:***@db/app'],
    ['postgres://db/app?password=s3cret&sslmode=require', 'postgres://db/app?password=***&sslmode=require'],
    ['postgres://db/app?sslmode=require&sslpassword=s3cret', 'postgres://db/app?sslmode=require&sslpassword=***'],
  ])('redactUrl(%s)', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('redactSecrets replaces every occurrence, longest secret first', () => {
    expect(redactSecrets('auth failed for s3cret (s3cret)', ['s3cret'])).toBe('auth failed for *** (***)');
    expect(redactSecrets('pw abcd', ['ab', 'abcd'])).toBe('pw ***');
    expect(redactSecrets('nothing here', [])).toBe('nothing here');
    expect(redactSecrets('a.b', ['', '.'])).toBe('a***b');
  });
});

describe('postgresUrlProblem: a URL postgres.js would refuse is a config error, not a bare "Invalid URL"', () => {
  it.each([
    'postgres://app:s3cret@db:5432/app',
    'postgresql://localhost',
    'postgres://app:s3c@ret@db/app',
    'postgres://app:p%40ss@h1:5432,h2:5433/app?sslmode=require',
    'postgres:///app?host=/var/run/postgresql',
  ])('accepts %s', (url) => {
    expect(postgresUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['mysql://app:s3cret@db/app', 'expected a postgres:// or postgresql:// URL'],
    ['postgres://app:s3cret@db:99999/app', 'not a valid URL'],
    ['postgres://app:s3cret@[::1/app', 'not a valid URL'],
    ['postgres://app:s3c%zz@db/app', 'not a valid URL'],
    ['postgres://app:s3c#ret@db/app', 'not a valid URL'],
  ])('refuses %s, without echoing it', (url, message) => {
    const problem = postgresUrlProblem(url);
    expect(problem?.message).toBe(message);
    expect(JSON.stringify(problem)).not.toContain('s3c');
  });

  it('names the key and the variable when the URL comes from one', () => {
    const toml = '[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n';
    const { config } = check(toml);
    const env = config!.environments['ci']!;
    const r = resolveEnvironment('ci', env, { DATABASE_URL: 'postgres://app:s3cret@db:99999/app' });
    expect(r.environment).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual(['environments.ci.connection_url: not a valid URL (from DATABASE_URL)']);
    expect(r.problems[0]?.line).toBe(2);
  });
});
