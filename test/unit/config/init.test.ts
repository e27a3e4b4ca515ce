import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDrizzleConfig } from '../../../src/config/drizzle-config.js';
import { hintsFromConfig, parseDrizzleConfigHints, readDrizzleConfigHints, renderInitialConfig, type DrizzleConfigHints } from '../../../src/config/init.js';
import { validateConfig } from '../../../src/config/validate.js';

const ROOT = path.resolve('/proj');

function validate(toml: string) {
  return validateConfig(parse(toml), toml, ROOT);
}

describe('parseDrizzleConfigHints', () => {
  it.each<[string, string, DrizzleConfigHints]>([
    [
      'a typical drizzle.config.ts',
      `import { defineConfig } from 'drizzle-kit';
export default defineConfig({
  schema: './src/db/schema.ts',
  out: './migrations',
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL! },
  migrations: {
    table: 'my_migrations',
    schema: "public",
  },
});`,
      { out: 'migrations', table: 'my_migrations', schema: 'public' },
    ],
    ['out only, trailing slash', `export default { out: "db/migrations/", dialect: "postgresql" }`, { out: 'db/migrations' }],
    ['template literal without ${}', 'export default { out: `drizzle` }', { out: 'drizzle' }],
    ['template literal with ${} is code', 'export default { out: `${dir}/drizzle` }', { unreadable: ['out'] }],
    ['no out or migrations', `export default { schema: "./schema.ts" }`, {}],
    ['commented-out out', `export default {\n  // out: "old",\n  /* out: "older", */\n  out: "new",\n}`, { out: 'new' }],
    ['URL with // kept', `export default { dbCredentials: { url: "postgres://h/d" }, out: "o" }`, { out: 'o' }],
    ['out computed', `export default { out: path.join(__dirname, "x") }`, { unreadable: ['out'] }],
    ['out from a constant', `const OUT = "./db";\nexport default { out: OUT }`, { unreadable: ['out'] }],
    ['out from the environment', `export default { out: process.env.X ?? './db', migrations: { table: T } }`, { unreadable: ['out', 'table'] }],
    ['quoted keys', `module.exports = { "out": "d", "migrations": { "table": "t" } }`, { out: 'd', table: 't' }],
    ['layout is not out', `export default { layout: "x" }`, {}],
  ])('%s', (_, source, hints) => {
    expect(parseDrizzleConfigHints(source)).toEqual(hints);
  });
});

describe('hintsFromConfig (the value drizzle.config.* evaluates to)', () => {
  it.each<[string, unknown, DrizzleConfigHints]>([
    ['a default export', { default: { out: './db/sql/', migrations: { table: 'mig', schema: 'ops' } } }, { out: 'db/sql', table: 'mig', schema: 'ops' }],
    ['module.exports itself', { out: 'm', dialect: 'postgresql' }, { out: 'm' }],
    ['no out: drizzle-kit default', { default: { dialect: 'postgresql' } }, {}],
    ['out not a string', { default: { out: 42, migrations: { schema: '' } } }, { unreadable: ['out', 'schema'] }],
    ['exports no object', { default: 'x' }, { unreadable: ['out'] }],
  ])('%s', (_, value, hints) => {
    expect(hintsFromConfig(value)).toEqual(hints);
  });
});

describe('readDrizzleConfigHints', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-init-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads drizzle.config.ts without executing it', () => {
    fs.writeFileSync(
      path.join(tmp, 'drizzle.config.ts'),
      `throw new Error("executed!");\nexport default { out: "./sql", migrations: { schema: "ops" } };\n`,
    );
    expect(readDrizzleConfigHints(tmp)).toEqual({ out: 'sql', schema: 'ops' });
  });

  it.each(['drizzle.config.js', 'drizzle.config.mjs'])('reads %s', (name) => {
    fs.writeFileSync(path.join(tmp, name), `export default { out: "m" };\n`);
    expect(readDrizzleConfigHints(tmp)).toEqual({ out: 'm' });
  });

  it('returns no hints without a drizzle config', () => {
    expect(readDrizzleConfigHints(tmp)).toEqual({});
  });
});

describe('loadDrizzleConfig: the config evaluated as drizzle-kit does', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-init-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs drizzle.config.ts (TypeScript, process.env, export default) and leaves nothing behind in the project', async () => {
    const file = path.join(tmp, 'drizzle.config.ts');
    fs.writeFileSync(file, `const base: string = process.env.LADDER_NO_SUCH_VAR ?? './db';\nexport default { out: \`\${base}/migrations\`, migrations: { table: 'log' } };\n`);
    const loaded = await loadDrizzleConfig(file);
    expect(loaded.ok).toBe(true);
    expect(hintsFromConfig(loaded.ok ? loaded.value : undefined)).toEqual({ out: 'db/migrations', table: 'log' });
    expect(fs.readdirSync(tmp)).toEqual(['drizzle.config.ts']);
  });

  it('a config that throws: not loaded, the reason on one line, nothing left behind', async () => {
    const file = path.join(tmp, 'drizzle.config.ts');
    fs.writeFileSync(file, `throw new Error('DATABASE_URL is not set\\n  at somewhere');\n`);
    expect(await loadDrizzleConfig(file)).toEqual({ ok: false, reason: 'DATABASE_URL is not set' });
    expect(fs.readdirSync(tmp)).toEqual(['drizzle.config.ts']);
  });
});

describe('renderInitialConfig', () => {
  it('renders a valid config with a dev environment on PGlite', () => {
    const toml = renderInitialConfig({});
    const { config, problems } = validate(toml);
    expect(problems).toEqual([]);
    expect(config?.config).toMatchObject({
      migrationsDirectory: path.join(ROOT, 'drizzle'),
      migrationsTable: '__drizzle_migrations',
      migrationsSchema: 'drizzle',
      defaultEnvironments: ['dev'],
      environmentNames: ['dev'],
    });
    expect(config?.environments['dev']?.source).toEqual({ kind: 'pglite', path: '.ladder/dev' });
    expect(toml).toContain('# migrations_table = "__drizzle_migrations"');
  });

  it('uses the hints from drizzle.config', () => {
    const toml = renderInitialConfig({ out: 'db/migrations', table: 'mig', schema: 'ops' });
    expect(toml).toContain('migrations_directory = "db/migrations"\n');
    expect(toml).toContain('\nmigrations_table = "mig"\n');
    expect(toml).toContain('\nmigrations_schema = "ops"\n');
    expect(validate(toml).config?.config).toMatchObject({
      migrationsDirectory: path.join(ROOT, 'db/migrations'),
      migrationsTable: 'mig',
      migrationsSchema: 'ops',
    });
  });

  it('escapes hint values as TOML strings', () => {
    const toml = renderInitialConfig({ out: 'a "quoted" \\ dir' });
    expect(parse(toml)['migrations_directory']).toBe('a "quoted" \\ dir');
  });

  it('has commented ci and production examples that are valid once uncommented', () => {
    const uncommented = renderInitialConfig({}).replace(/^# (\[environments|connection_|is_production)/gm, '$1');
    const { config, problems } = validate(uncommented);
    expect(problems).toEqual([]);
    expect(config?.config.environmentNames).toEqual(['dev', 'ci', 'production']);
    expect(config?.environments['ci']?.source).toEqual({ kind: 'url', url: { env: 'DATABASE_URL' } });
    expect(config?.environments['production']).toMatchObject({
      isProduction: true,
      source: { kind: 'params', password: { env: 'PGPASSWORD' } },
    });
  });

  it('round-trips readDrizzleConfigHints -> renderInitialConfig -> validateConfig', () => {
    const hints = parseDrizzleConfigHints(`export default { out: "./out/", migrations: { table: "t1", schema: "s1" } }`);
    const { config, problems } = validate(renderInitialConfig(hints));
    expect(problems).toEqual([]);
    expect(config?.config).toMatchObject({ migrationsDirectory: path.join(ROOT, 'out'), migrationsTable: 't1', migrationsSchema: 's1' });
  });
});
