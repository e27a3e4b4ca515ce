import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeEnvironments, findConfigFile, loadConfig, loadInlineConfig } from '../../../src/config/load.js';
import { thrown } from '../../helpers/errors.js';

let tmp: string;

beforeEach(() => {
  // realpath: on macOS the temp dir is a symlink, and paths are compared below
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-config-')));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}


const CONFIG = `default_environments = ["dev"]

[environments.dev]
pglite = ".ladder/dev"

[environments.production]
connection_params = { host = "db", port = 5432, user = "app", password = { env = "PGPASSWORD" }, database = "app" }
is_production = true
`;

describe('findConfigFile', () => {
  it('finds ladder.toml in the start directory or the nearest parent', () => {
    const top = write('ladder.toml', '');
    const nested = write('a/ladder.toml', '');
    fs.mkdirSync(path.join(tmp, 'a/b/c'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'x'), { recursive: true });
    expect(findConfigFile(path.join(tmp, 'a/b/c'))).toBe(nested);
    expect(findConfigFile(path.join(tmp, 'a'))).toBe(nested);
    expect(findConfigFile(path.join(tmp, 'x'))).toBe(top);
    expect(findConfigFile(tmp)).toBe(top);
  });

  it('ignores a directory named ladder.toml', () => {
    const top = write('ladder.toml', '');
    fs.mkdirSync(path.join(tmp, 'a/ladder.toml'), { recursive: true });
    expect(findConfigFile(path.join(tmp, 'a'))).toBe(top);
  });

  it('returns undefined when there is none up to the filesystem root', () => {
    // a temp dir normally has no ladder.toml above it; skip rather than lie when one does
    if (findConfigFile(path.dirname(tmp)) !== undefined) return;
    fs.mkdirSync(path.join(tmp, 'deep/er'), { recursive: true });
    expect(findConfigFile(path.join(tmp, 'deep/er'))).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('loads the config found upward from cwd, paths relative to ladder.toml', () => {
    const file = write('ladder.toml', 'migrations_directory = "db/migrations"\n' + CONFIG);
    fs.mkdirSync(path.join(tmp, 'src/deep'), { recursive: true });
    const loaded = loadConfig({ cwd: path.join(tmp, 'src/deep') });
    expect(loaded.config).toMatchObject({
      configPath: file,
      root: tmp,
      migrationsDirectory: path.join(tmp, 'db/migrations'),
      environmentNames: ['dev', 'production'],
    });
  });

  it('loads --config relative to cwd', () => {
    const file = write('conf/other.toml', CONFIG);
    const loaded = loadConfig({ cwd: tmp, configPath: 'conf/other.toml' });
    expect(loaded.config.configPath).toBe(file);
    expect(loaded.config.root).toBe(path.join(tmp, 'conf'));
  });

  it('accepts a byte order mark', () => {
    write('ladder.toml', '\uFEFF' + CONFIG);
    expect(loadConfig({ cwd: tmp }).config.environmentNames).toEqual(['dev', 'production']);
  });

  it('refuses a missing --config file', () => {
    const e = thrown(() => loadConfig({ cwd: tmp, configPath: 'nope.toml' }));
    expect(e.code).toBe(2);
    expect(e.message).toBe(`config file not found: ${path.join(tmp, 'nope.toml')}`);
  });

  it('says how to start when no ladder.toml is found', () => {
    if (findConfigFile(path.dirname(tmp)) !== undefined) return;
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.code).toBe(2);
    expect(e.message).toBe(`no ladder.toml found in ${tmp} or any parent directory`);
    expect(e.hint).toMatch(/ladder init/);
  });

  it('reports a TOML syntax error with file, line and column', () => {
    const file = write('ladder.toml', '[environments.dev]\npglite = ".ladder/dev"\nis_production = = true\n');
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/^ladder\.toml:3:17: TOML syntax error: /);
    expect(e.file).toBe(file);
    expect(e.line).toBe(3);
    expect(e.detail).toContain('is_production = = true');
    expect(e.problems).toMatchObject([{ kind: 'config-syntax', line: 3, file }]);
  });

  it('a TOML syntax error on a line holding a password never shows it, in the message or the code frame', () => {
    write('ladder.toml', '[environments.prod]\nconnection_url = "postgres://app:Sup3rS3cret@db/app\nis_production = true\n');
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.message).toMatch(/^ladder\.toml:2:\d+: TOML syntax error: /);
    expect(e.detail).toContain('connection_url = "postgres://app:***@db/app');
    expect(`${e.message}\n${e.detail}\n${JSON.stringify(e.problems)}`).not.toContain('Sup3rS3cret');
  });

  it('reports a duplicate key as a syntax error', () => {
    write('ladder.toml', 'migrations_table = "a"\nmigrations_table = "b"\n');
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.message).toMatch(/^ladder\.toml:2:\d+: TOML syntax error: /);
  });

  it('throws one error listing every problem with file and line', () => {
    const file = write(
      'ladder.toml',
      [
        'migrations_table = "x\\"; drop table y; --"', // 1
        '[environments.dev]', // 2
        'pglite = ".ladder/dev"', // 3
        'conection_url = "postgres://h/d"', // 4
        '[environments.prod]', // 5
        'connection_params = { host = "db", port = "5432" }', // 6
        '',
      ].join('\n'),
    );
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.code).toBe(2);
    expect(e.message).toBe('ladder.toml has 3 problems');
    expect(e.file).toBe(file);
    expect(e.problems.map((p) => p.message)).toEqual([
      'ladder.toml:1: migrations_table: "x\\"; drop table y; --" is not a valid identifier: use letters, digits, _ and $, starting with a letter or _, at most 63 characters',
      'ladder.toml:4: environments.dev.conection_url: unknown key',
      'ladder.toml:6: environments.prod.connection_params.port: expected an integer, got string',
    ]);
    expect(e.problems.every((p) => p.file === file)).toBe(true);
    expect(e.problems.map((p) => p.line)).toEqual([1, 4, 6]);
    expect(e.detail?.split('\n')).toHaveLength(3);
  });

  it('makes a single problem the message itself', () => {
    write('ladder.toml', '[environments.prod]\nconnection_params = { port = "5432" }\n');
    const e = thrown(() => loadConfig({ cwd: tmp }));
    expect(e.message).toBe('ladder.toml:2: environments.prod.connection_params.port: expected an integer, got string');
    expect(e.line).toBe(2);
    expect(e.environment).toBe('prod');
    expect(e.problems).toHaveLength(1);
  });

  it('names the file relative to cwd when found in a parent', () => {
    write('ladder.toml', 'nope = 1\n');
    fs.mkdirSync(path.join(tmp, 'sub'));
    const e = thrown(() => loadConfig({ cwd: path.join(tmp, 'sub') }));
    expect(e.message).toBe(`${path.join('..', 'ladder.toml')}:1: nope: unknown key`);
  });
});

describe('activeEnvironments', () => {
  /** activeEnvironments has no cwd: it names the file relative to the process's cwd when shorter */
  function shown(): string {
    const file = path.join(tmp, 'ladder.toml');
    const rel = path.relative(process.cwd(), file);
    return rel.length < file.length ? rel : file;
  }

  function load() {
    write('ladder.toml', CONFIG);
    return loadConfig({ cwd: tmp });
  }

  it('uses default_environments and does not need production variables', () => {
    const envs = activeEnvironments(load(), undefined, {});
    expect(envs.map((e) => [e.name, e.display])).toEqual([['dev', `pglite:${path.join('.ladder', 'dev')}`]]);
    expect(envs[0]?.connection).toEqual({ kind: 'pglite', dataDir: path.join(tmp, '.ladder/dev') });
  });

  it('-e beats LADDER_ENV beats defaults', () => {
    const loaded = load();
    const vars = { PGPASSWORD: 's3cret' };
    expect(activeEnvironments(loaded, undefined, { ...vars, LADDER_ENV: 'production' }).map((e) => e.name)).toEqual(['production']);
    expect(activeEnvironments(loaded, ['dev'], { ...vars, LADDER_ENV: 'production' }).map((e) => e.name)).toEqual(['dev']);
    expect(activeEnvironments(loaded, ['production,dev'], vars).map((e) => e.name)).toEqual(['production', 'dev']);
  });

  it('reports a missing variable of an active environment, never a value', () => {
    const e = thrown(() => activeEnvironments(load(), ['dev,production'], { PGUSER: 's3cret' }));
    expect(e.code).toBe(2);
    expect(e.message).toBe(
      `${shown()}:7: environments.production.connection_params.password: environment variable PGPASSWORD is not set`,
    );
    expect(e.environment).toBe('production');
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain('s3cret');
  });

  it('reports an unknown environment with the defined ones', () => {
    const e = thrown(() => activeEnvironments(load(), ['prd'], {}));
    expect(e.code).toBe(2);
    expect(e.message).toBe('unknown environment "prd" (from -e); defined: dev, production');
    expect(e.hint).toBe('use one of: dev, production');
  });

  it('reports several problems in one error', () => {
    write('ladder.toml', '[environments.a]\nconnection_url = { env = "A_URL" }\n[environments.b]\nconnection_url = { env = "B_URL" }\n');
    const e = thrown(() => activeEnvironments(loadConfig({ cwd: tmp }), ['a,b'], {}));
    expect(e.message).toBe('2 problems resolving environments');
    expect(e.problems.map((p) => p.message)).toEqual([
      `${shown()}:2: environments.a.connection_url: environment variable A_URL is not set`,
      `${shown()}:4: environments.b.connection_url: environment variable B_URL is not set`,
    ]);
  });

  it('keeps passwords out of display and problems', () => {
    write('ladder.toml', '[environments.ci]\nconnection_url = { env = "DATABASE_URL" }\n');
    const [env] = activeEnvironments(loadConfig({ cwd: tmp }), undefined, {
      DATABASE_URL: 'postgres://app:s3cret@db:5432/app',
    });
    expect(env?.display).toBe('postgres://app:***@db:5432/app');
    expect(env?.secrets).toEqual(['s3cret']);
  });
});

describe('loadInlineConfig', () => {
  it('validates and resolves against root', () => {
    const loaded = loadInlineConfig(
      { root: 'app', environments: { dev: { pglite: '.ladder/dev' } } },
      tmp,
    );
    expect(loaded.config.configPath).toBeUndefined();
    expect(loaded.config).toMatchObject({
      root: path.join(tmp, 'app'),
      migrationsDirectory: path.join(tmp, 'app/drizzle'),
    });
    expect(activeEnvironments(loaded, undefined, {})[0]?.connection).toEqual({
      kind: 'pglite',
      dataDir: path.join(tmp, 'app/.ladder/dev'),
    });
  });

  it('throws one error with every problem', () => {
    const e = thrown(() =>
      loadInlineConfig(
        {
          migrationsTable: 'drop table x',
          environments: { dev: { pglite: 'x', connectionUrl: 'postgres://h/d' }, prod: {} },
        },
        tmp,
      ),
    );
    expect(e.code).toBe(2);
    expect(e.message).toBe('inline config has 3 problems');
    expect(e.problems.map((p) => p.kind)).toEqual(['config-identifier', 'config-connection', 'config-connection']);
  });
});
