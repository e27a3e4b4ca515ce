// `ladder lint` through the built binary, on migrations from REAL drizzle-kit
// generate, with the REAL squawk binary (squawk-cli, a dev dependency here as
// in a user's project); and lint as try, commit and verify run it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, type FreshDatabase } from '../helpers/db.js';
import { generate, makeProject, regenerate, removeProject, repoRoot, runLadder, type RunResult } from '../helpers/project.js';
import { USERS_AND_POSTS } from '../helpers/schemas.js';

/** USERS_AND_POSTS, then: an enum value added and used as the default, a required column, an index */
const V2 = USERS_AND_POSTS.replace(`['draft', 'published']`, `['draft', 'published', 'archived']`)
  .replace(`default('draft')`, `default('archived')`)
  .replace(`name: text('name').notNull() }`, `name: text('name').notNull(), email: text('email').notNull() }`)
  .replace('import { ', 'import { index, ')
  .replace(/notNull\(\),\n\}\)/, "notNull(),\n}, (t) => [index('posts_user_idx').on(t.userId)])");

const TOML = '[environments.dev]\nconnection_url = { env = "DATABASE_URL" }\n';

const cleanups: (() => Promise<void>)[] = [];
let db: FreshDatabase;
let project: string;
let initTag: string;
let v2Tag: string;

const ladder = (args: string[], dir = project): Promise<RunResult> => runLadder(dir, args, { env: { DATABASE_URL: db.url } });
const file = (dir: string, tag: string) => path.join(dir, 'drizzle', `${tag}.sql`);

/** The rule names in `ladder lint` output, with their level and line: `error enum-value-used-in-transaction 0001_x.sql:2`. */
function found(out: string): string[] {
  return [...out.matchAll(/^(error|warning): drizzle\/(\S+?):(\d+): .* \[([a-z-]+)\]$/gm)].map((m) => `${m[1]} ${m[4]} ${m[2]}:${m[3]}`);
}

beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'));
  cleanups.push(db.drop);
  project = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
  cleanups.push(() => removeProject(project));
  initTag = '0000_init';
  v2Tag = (await regenerate(project, V2, 'archive')).tag!;
});

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

describe('ladder lint on drizzle-kit output', () => {
  it("flags the enum value drizzle-kit adds and uses in one migration (error, exit 3), with squawk's warnings", async () => {
    const sql = await fs.readFile(file(project, v2Tag), 'utf8');
    expect(sql).toContain(`ADD VALUE 'archived'`); // drizzle-kit wrote both in one migration
    expect(sql).toContain(`SET DEFAULT 'archived'`);

    const r = await ladder(['lint']);
    expect(r.code, r.stderr).toBe(3);
    const f = found(r.stdout);
    expect(f).toContain(`error enum-value-used-in-transaction ${v2Tag}.sql:2`);
    expect(f).toContain(`warning adding-required-field ${v2Tag}.sql:3`); // squawk
    expect(f).toContain(`warning require-concurrent-index-creation ${v2Tag}.sql:4`); // squawk
    // the code frame and the safe patterns
    expect(r.stdout).toMatch(/^ +> 2 \| ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'archived';/m);
    expect(r.stdout).toMatch(/hint: add the enum value in one migration and use it in a later one/);
    expect(r.stdout).toMatch(/hint: add the column nullable .*backfill it, then SET NOT NULL/);
    expect(r.stdout).toMatch(/hint: CREATE INDEX CONCURRENTLY IF NOT EXISTS in its own `-- ladder:no-transaction` migration/);
    expect(r.stdout).toContain('see: https://squawkhq.com/docs/adding-required-field');
    // ladder sets lock_timeout itself; no-transaction idempotency is its own rule
    expect(r.stdout).not.toMatch(/require-lock-timeout|require-statement-timeout|prefer-robust-stmts/);
    // the uncommitted migrations only, by default; the first has no error
    expect(f.filter((x) => x.includes(initTag) && x.startsWith('error'))).toEqual([]);
    expect(r.stderr).toMatch(/^error: lint: 2 migrations linted: 1 error, \d+ warnings, in 0001_archive$/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('and PostgreSQL refuses that migration as lint said', async () => {
    expect((await ladder(['try'])).code).toBe(0); // 0000_init
    const r = await ladder(['try']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unsafe use of new value "archived"');
    expect((await ladder(['untry'])).code).toBe(0);
  });

  it('lints only the ids given; an unknown id is a usage error', async () => {
    const one = await ladder(['lint', initTag]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^ok: 1 migration linted: 0 errors, \d+ warnings$/m);
    expect(found(one.stdout).every((x) => x.includes(initTag))).toBe(true);
    const bad = await ladder(['lint', '0009_nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: no migration "0009_nope"/);
  });

  it("runs squawk in the migration's transaction mode", async () => {
    // drizzle-kit's first migration adds a foreign key to a table it creates: in one
    // transaction that is fine; run statement by statement, the table may already hold rows
    const dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
    const tx = found((await ladder(['lint'], dir)).stdout);
    expect(tx.filter((x) => x.includes('constraint-missing-not-valid'))).toEqual([]);

    const sql = await fs.readFile(file(dir, '0000_init'), 'utf8');
    await fs.writeFile(file(dir, '0000_init'), `-- ladder:no-transaction\n${sql}`);
    const noTx = found((await ladder(['lint'], dir)).stdout);
    const fkLine = sql.split('\n').findIndex((l) => l.includes('FOREIGN KEY')) + 2;
    expect(noTx).toContain(`warning constraint-missing-not-valid 0000_init.sql:${fkLine}`);
  });

  it('CREATE INDEX CONCURRENTLY: an error in a transactional migration, fine in a no-transaction one', async () => {
    const dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
    const custom = await generate(dir, { custom: true, name: 'posts_index' });
    const index = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "posts_user_idx" ON "posts" ("user_id");\n';
    await fs.writeFile(custom.sqlFile!, index);
    const inTx = await ladder(['lint', custom.tag!], dir);
    expect(inTx.code).toBe(3);
    expect(found(inTx.stdout)).toEqual([`error needs-no-transaction ${custom.tag}.sql:1`]);
    expect(inTx.stdout).toContain('PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block');

    await fs.writeFile(custom.sqlFile!, `-- ladder:no-transaction\n${index}`);
    const noTx = await ladder(['lint', custom.tag!], dir);
    expect(noTx.code, noTx.stdout).toBe(0);
    expect(found(noTx.stdout)).toEqual([]);
  });

  it('an empty custom migration (drizzle-kit generate --custom, left as generated) is an error', async () => {
    const dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
    const custom = await generate(dir, { custom: true, name: 'todo' });
    const r = await ladder(['lint', custom.tag!], dir);
    expect(r.code).toBe(3);
    expect(found(r.stdout)).toEqual([`error empty-migration ${custom.tag}.sql:1`]);
  });
});

describe('suppressions', () => {
  it('`-- ladder:allow <rule>` on the statement, and [lint] allow in ladder.toml', async () => {
    const dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
    const tag = (await regenerate(dir, V2, 'archive')).tag!;
    const sql = await fs.readFile(file(dir, tag), 'utf8');
    await fs.writeFile(
      file(dir, tag),
      sql.replace(`ALTER TABLE "posts" ALTER COLUMN`, `-- ladder:allow enum-value-used-in-transaction\nALTER TABLE "posts" ALTER COLUMN`),
    );
    const allowed = await ladder(['lint', tag], dir);
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(found(allowed.stdout).some((x) => x.includes('enum-value-used-in-transaction'))).toBe(false);
    expect(found(allowed.stdout).some((x) => x.includes('adding-required-field'))).toBe(true);
    expect(allowed.stdout).toMatch(/\(1 allowed\)$/m);

    await fs.writeFile(path.join(dir, 'ladder.toml'), `${TOML}\n[lint]\nallow = ["adding-required-field", "${tag}:require-concurrent-index-creation"]\n`);
    const project = await ladder(['lint', tag], dir);
    expect(project.code).toBe(0);
    expect(found(project.stdout).filter((x) => /adding-required-field|require-concurrent-index-creation/.test(x))).toEqual([]);
    expect(project.stdout).toMatch(/\(3 allowed\)$/m);
  });
});

describe('--json', () => {
  it('one document: findings on success, error.partial with them on exit 3', async () => {
    const ok = await ladder(['lint', initTag, '--json']);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout) as { ok: boolean; findings: { rule: string; line: number; file: string; severity: string }[]; squawk: { ran: boolean } };
    expect(doc.ok).toBe(true);
    expect(doc.squawk.ran).toBe(true);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings[0]).toMatchObject({ file: `drizzle/${initTag}.sql`, severity: 'warning' });

    const bad = await ladder(['lint', '--json']);
    expect(bad.code).toBe(3);
    const err = JSON.parse(bad.stdout) as { ok: boolean; error: { code: number; partial: { environments: unknown[]; current: { findings: { rule: string; severity: string }[] } } } };
    expect(err.ok).toBe(false);
    expect(err.error.code).toBe(3);
    expect(err.error.partial.environments).toEqual([]);
    expect(err.error.partial.current.findings).toContainEqual(expect.objectContaining({ rule: 'enum-value-used-in-transaction', severity: 'error' }));
  });
});

describe('without squawk installed', () => {
  it('lint says how to install it and still runs ladder rules; try says nothing about it', async () => {
    const dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
    const tag = (await regenerate(dir, V2, 'archive')).tag!;
    // the project's node_modules: everything of ours but squawk-cli
    await fs.rm(path.join(dir, 'node_modules'));
    await fs.mkdir(path.join(dir, 'node_modules'));
    for (const entry of await fs.readdir(path.join(repoRoot, 'node_modules'))) {
      if (entry === 'squawk-cli' || entry === '.bin') continue;
      await fs.symlink(path.join(repoRoot, 'node_modules', entry), path.join(dir, 'node_modules', entry));
    }
    // `pnpm test` sets NODE_PATH to pnpm's hoisted folder, where the platform package is found
    const bare = (args: string[]) => runLadder(dir, args, { env: { DATABASE_URL: db.url, NODE_PATH: '' } });
    const r = await bare(['lint']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^note: squawk did not run \(squawk-cli is not installed\): only ladder's own rules were checked$/m);
    expect(r.stderr).toMatch(/^hint: npm i -D squawk-cli/m);
    expect(found(r.stdout)).toEqual([`error enum-value-used-in-transaction ${tag}.sql:2`]);

    const t = await bare(['try']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).not.toMatch(/squawk/);

    // squawk-cli without its platform binary (optional dependencies skipped)
    await fs.cp(await fs.realpath(path.join(repoRoot, 'node_modules', 'squawk-cli')), path.join(dir, 'node_modules', 'squawk-cli'), { recursive: true });
    const noBinary = await bare(['lint']);
    expect(noBinary.code).toBe(3);
    expect(noBinary.stderr).toMatch(/^note: squawk did not run \(squawk-cli is installed without its binary for this platform \(@squawk-cli\/[a-z0-9]+-[a-z0-9]+; optional dependencies skipped\?\)\)/m);
    expect(found(noBinary.stdout)).toEqual([`error enum-value-used-in-transaction ${tag}.sql:2`]);
  });
});

describe('try, commit and verify', () => {
  let dir: string;
  let dbDir: FreshDatabase;
  const run = (args: string[]) => runLadder(dir, args, { env: { DATABASE_URL: dbDir.url } });

  beforeAll(async () => {
    dbDir = await freshDatabase(inject('pgUrl'));
    cleanups.push(dbDir.drop);
    dir = await makeProject({ schema: USERS_AND_POSTS, name: 'init', files: { 'ladder.toml': TOML } });
    cleanups.push(() => removeProject(dir));
  });

  it('try and commit print warnings on stderr and succeed', async () => {
    const t = await run(['try']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('[dev] tried 0000_init');
    expect(t.stderr).toMatch(/^warning: drizzle\/0000_init\.sql:\d+: .* \[prefer-identity\]$/m);
    const c = await run(['commit']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/^warning: drizzle\/0000_init\.sql:\d+: .* \[prefer-identity\]$/m);
  });

  it('try of a migration with an error-level finding warns and still tries it', async () => {
    // drizzle-kit generate --custom, left as generated: today it is tried and committed silently
    const custom = await generate(dir, { custom: true, name: 'noop' });
    await fs.writeFile(custom.sqlFile!.replace(/\.sql$/, '.revert.sql'), '-- ladder:irreversible\n');
    const t = await run(['try']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('[dev] tried 0001_noop');
    expect(t.stderr).toMatch(/^warning: drizzle\/0001_noop\.sql:1: this migration has no SQL statement: .* \[empty-migration\]$/m);
    expect(t.stderr).toMatch(/^ +hint: write its SQL, or remove the migration/m);
  });

  it('verify fails on an uncommitted migration with an error, and names it', async () => {
    const r = await run(['verify', '--offline']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/drizzle\/0001_noop\.sql:1: this migration has no SQL statement: .* \[empty-migration\]/);
    expect(r.stderr).toMatch(/hint: write its SQL/);
  });

  it('verify does not re-judge committed history for what does not break migrate; lint --all still shows it', async () => {
    const c = await run(['commit']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/\[empty-migration\]$/m);
    const v = await run(['verify', '--offline']);
    expect(v.code, v.stderr).toBe(0);
    // plain lint looks at what is not committed yet: nothing is left here
    const plain = await run(['lint']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(found(plain.stdout)).toEqual([]);
    const all = await run(['lint', '--all']);
    expect(all.code).toBe(3);
    expect(found(all.stdout)).toContain('error empty-migration 0001_noop.sql:1');
  });

  it('verify fails on a committed migration that migrate cannot run (COPY FROM STDIN)', async () => {
    const custom = await generate(dir, { custom: true, name: 'dump' });
    await fs.writeFile(custom.sqlFile!, 'COPY public.users (id, name) FROM stdin;\n');
    await fs.writeFile(custom.sqlFile!.replace(/\.sql$/, '.revert.sql'), '-- ladder:irreversible\n');
    expect((await run(['commit', '--untried'])).code).toBe(0);
    const v = await run(['verify', '--offline']);
    expect(v.code).toBe(3);
    expect(v.stderr).toMatch(/0002_dump\.sql:1: `COPY \.\.\. FROM STDIN` waits for data .* \[copy-from-stdin\]/);
    // allowed for that one migration in ladder.toml (its file is frozen by its hash)
    await fs.appendFile(path.join(dir, 'ladder.toml'), '\n[lint]\nallow = ["0002_dump:copy-from-stdin"]\n');
    expect((await run(['verify', '--offline'])).code).toBe(0);
    expect(await queryRows(dbDir.url, `select 1 from pg_tables where tablename = 'users'`)).toHaveLength(1);
  });
});
