import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { validateConfig, validateInlineConfig } from '../../../src/config/validate.js';
import { activeEnvironments } from '../../../src/config/load.js';

const ROOT = path.resolve('/proj');
const check = (toml: string) => validateConfig(parse(toml), toml, ROOT);
const lines = (toml: string) => check(toml).problems.map((p) => `${p.line ?? '?'}: ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`);
const env = (fleet: string, more = '') => `[environments.tenants]\nconnection_url = "postgres://u@db/app"\nfleet = ${fleet}\n${more}`;

describe('fleet = { ... } in an environment', () => {
  it.each([
    ['{ schemas = { query = "select 1" } }', { layout: 'schemas', source: { kind: 'query', sql: 'select 1' }, searchPath: '{target}, public' }],
    ['{ databases = { list = ["t1", " t2 "] } }', { layout: 'databases', source: { kind: 'list', names: ['t1', 't2'] }, searchPath: '{target}, public' }],
    ['{ databases = { file = "tenants.txt" } }', { layout: 'databases', source: { kind: 'file', path: path.join(ROOT, 'tenants.txt') }, searchPath: '{target}, public' }],
    ['{ databases = { command = "./list.sh" }, control = "main" }', { layout: 'databases', source: { kind: 'command', command: './list.sh' }, control: 'main', searchPath: '{target}, public' }],
    ['{ schemas = { list = ["a"] }, search_path = "{target}, shared, public" }', { layout: 'schemas', source: { kind: 'list', names: ['a'] }, searchPath: '{target}, shared, public' }],
  ])('%s', (fleet, expected) => {
    const r = check(env(fleet));
    expect(r.problems).toEqual([]);
    expect(r.config!.environments['tenants']!.fleet).toEqual(expected);
  });

  it.each([
    ['{ }', '3: environments.tenants.fleet: no targets: set databases or schemas'],
    ['{ databases = { list = ["a"] }, schemas = { list = ["b"] } }', '3: environments.tenants.fleet: databases and schemas are both set: a fleet has one layout'],
    ['{ schemas = { query = "x", list = ["a"] } }', '3: environments.tenants.fleet.schemas: set exactly one of query, list, file, command'],
    ['{ schemas = { sql = "x" } }', '3: environments.tenants.fleet.schemas: unknown key sql'],
    ['{ schemas = { list = ["a", ""] } }', '3: environments.tenants.fleet.schemas.list: expected a list of names'],
    ['{ schemas = { query = "" } }', '3: environments.tenants.fleet.schemas.query: expected a non-empty string'],
    ['{ databases = { list = ["a"] }, search_path = "{target}" }', '3: environments.tenants.fleet.search_path: only a schemas fleet sets search_path'],
    ['{ schemas = { list = ["a"] }, search_path = "public" }', '3: environments.tenants.fleet.search_path: expected a string naming {target}'],
    ['{ schemas = { list = ["a"] }, paralel = 3 }', '3: environments.tenants.fleet.paralel: unknown key'],
    ['"tenants.txt"', '3: environments.tenants.fleet: expected a table such as { schemas = { query = "..." } }, got string'],
  ])('%s is refused, located', (fleet, message) => {
    expect(lines(env(fleet)).map((l) => l.replace(/ \(hint: .*\)$/, '').replace(/, e\.g\. .*$/, ''))).toEqual([message]);
  });

  it('a fleet needs a server, not pglite', () => {
    expect(lines(`[environments.tenants]\npglite = ".ladder/dev"\nfleet = { schemas = { list = ["a"] } }\n`)[0]).toMatch(/fleet: a fleet needs a PostgreSQL server, not pglite/);
  });

  it('the inline config spells search_path searchPath', () => {
    const r = validateInlineConfig({ environments: { t: { connectionUrl: 'postgres://db/app', fleet: { schemas: { list: ['a'] }, searchPath: '{target}' } } } }, ROOT);
    expect(r.problems).toEqual([]);
    expect(r.config!.environments['t']!.fleet!.searchPath).toBe('{target}');
  });

  it('control names another environment, resolved with the fleet; a missing or fleet one is refused', () => {
    const ok = check(`[environments.main]\nconnection_url = "postgres://db/control"\n${env('{ schemas = { query = "select 1" }, control = "main" }')}`);
    const [tenants] = activeEnvironments(ok.config!, ['tenants'], {});
    expect(tenants!.fleet!.controlEnvironment!.name).toBe('main');
    expect(tenants!.fleet!.controlEnvironment!.connection).toEqual({ kind: 'url', url: 'postgres://db/control' });
    const missing = check(env('{ schemas = { query = "select 1" }, control = "nosuch" }'));
    expect(() => activeEnvironments(missing.config!, ['tenants'], {})).toThrow(/fleet\.control: no environment named nosuch/);
    const fleetControl = check(`[environments.other]\nconnection_url = "postgres://db/x"\nfleet = { databases = { list = ["a"] } }\n${env('{ schemas = { query = "select 1" }, control = "other" }')}`);
    expect(() => activeEnvironments(fleetControl.config!, ['tenants'], {})).toThrow(/fleet\.control: other is a fleet itself/);
  });
});
