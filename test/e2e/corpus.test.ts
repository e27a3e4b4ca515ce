// The bad-input corpus: every directory under test/corpus/ is a small project
// (ladder.toml, drizzle/ files or their absence) and a case.json saying how to
// run the built CLI on it and what must come out:
//
//   { "args": ["migrate"],            the command line
//     "exit": 2,                      the documented exit code
//     "stderr": ["^error: ..."],      regexes (multiline) that must match stderr
//     "env": { "NAME": "value" },     optional; "{db}" / "{db_wrong_password}" are replaced
//     "setup": "apply-then-edit",     optional: "apply-then-edit" (migrate first, then `edit`
//                                     and the case's after/ overlay) or "unknown-row"
//                                     (migrate first, then a tracking row no ledger knows)
//     "edit": [{ "append": "drizzle/x.sql", "text": "..." }, { "remove": "drizzle" }, { "mkdir": "drizzle" }],
//     "generate": [{ "file": "drizzle/x.sql", "latin1": "..." } | { "file": ..., "megabytes": 50, "head": "..." }],
//     "json": true,                   stdout is one JSON document { ok: false, error }
//     "forbidden": ["secret"],        strings that must appear in no output
//     "sql": ["create ..."],          optional: run in the fresh database before the CLI (after setup)
//     "needsPasswordAuth": true,      skipped when the test server accepts any password
//     "knownBug": "..." }             a reported bug outside the corpus' reach: the case is
//                                     expected to FAIL (it.fails) until it is fixed; then
//                                     delete knownBug
//
// For every case: exit code; exactly one stderr line starting with `error:`, only
// indented lines or a `hint:` after it; no stack trace; stdout empty (or, with json,
// exactly one JSON document with ok: false and the error); no file created, changed or
// removed; the database unchanged (catalog, tracking rows, tries: not __ladder_log, the
// audit log a failed migrate may append to). Large and non-UTF-8 inputs are generated
// here, at run time, so the repository stays small.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogSnapshot, freshDatabase, queryRows, withSql, type FreshDatabase, type Sql } from '../helpers/db.js';
import { repoRoot, runLadder, type RunResult } from '../helpers/project.js';

const CORPUS = path.join(repoRoot, 'test', 'corpus');
const WRONG_PASSWORD = 'Corpus-Wrong-Secret-2';
/** the tracking row of setup "unknown-row": a migration applied from another branch */
const UNKNOWN_ROW = { hash: '5eaf'.repeat(16), createdAt: 1760000200000 };

type Edit = { append: string; text: string } | { remove: string } | { mkdir: string };
type Generate = { file: string; latin1: string } | { file: string; megabytes: number; head: string };

interface Case {
  args: string[];
  exit: number;
  stderr: string[];
  env?: Record<string, string>;
  setup?: 'apply-then-edit' | 'unknown-row';
  edit?: Edit[];
  generate?: Generate[];
  json?: boolean;
  forbidden?: string[];
  needsPasswordAuth?: boolean;
  sql?: string[];
  knownBug?: string;
}

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: d.name, spec: JSON.parse(readFileSync(path.join(CORPUS, d.name, 'case.json'), 'utf8')) as Case }))
  .sort((a, b) => a.name.localeCompare(b.name));

let adminUrl: string;
/** false when the server lets a wrong password in (a trust-auth TEST_DATABASE_URL) */
let passwordAuth = true;
const tempDirs: string[] = [];

beforeAll(async () => {
  adminUrl = inject('pgUrl');
  passwordAuth = await withSql(withPassword(adminUrl, WRONG_PASSWORD), (sql) => sql`select 1`).then(
    () => false,
    () => true,
  );
});

afterAll(async () => {
  await Promise.all(tempDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

it('has at least 30 cases, each with its exit code and an error regex', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const { name, spec } of cases) {
    expect([1, 2, 3], name).toContain(spec.exit);
    expect(spec.stderr.length, name).toBeGreaterThan(0);
  }
});

// Not bad input, for contrast with migrations-directory-empty-after-apply: an empty
// folder is zero migrations (a new project), so migrate has nothing to do and creates nothing.
it('an empty migrations folder against a fresh database: exit 0, nothing created', async () => {
  const db = await freshDatabase(adminUrl, 'ladder_corpus');
  try {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-corpus-empty-'));
    tempDirs.push(dir);
    await fs.copyFile(path.join(CORPUS, 'migrations-directory-missing', 'ladder.toml'), path.join(dir, 'ladder.toml'));
    await fs.mkdir(path.join(dir, 'drizzle'));
    const before = await snapshotDatabase(db.url);
    const r = await runLadder(dir, ['migrate'], { env: { DATABASE_URL: db.url, LADDER_ENV: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\[ci\] up to date /);
    expect(await snapshotDatabase(db.url)).toEqual(before);
  } finally {
    await db.drop();
  }
});

describe.concurrent('bad input corpus', () => {
  for (const { name, spec } of cases) {
    const test = spec.knownBug ? it.fails : it;
    test(`${name}: exit ${spec.exit}${spec.knownBug ? ` (known bug: ${spec.knownBug})` : ''}`, async (ctx) => {
      if (spec.needsPasswordAuth && !passwordAuth) ctx.skip();
      const db = await freshDatabase(adminUrl, 'ladder_corpus');
      try {
        await runCase(name, spec, db);
      } finally {
        await db.drop();
      }
    });
  }
});

async function runCase(name: string, spec: Case, db: FreshDatabase): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `ladder-corpus-${name}-`));
  tempDirs.push(dir);
  await fs.cp(path.join(CORPUS, name), dir, {
    recursive: true,
    filter: (src) => !['case.json', 'after'].includes(path.relative(path.join(CORPUS, name), src).split(path.sep)[0]!),
  });
  const env: NodeJS.ProcessEnv = { DATABASE_URL: db.url, LADDER_ENV: '' };
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    env[k] = v.replace('{db_wrong_password}', withPassword(db.url, WRONG_PASSWORD)).replace('{db}', db.url);
  }

  await setup(name, dir, spec, db, { ...env, DATABASE_URL: db.url });
  for (const g of spec.generate ?? []) await generate(path.join(dir, g.file), g);

  const filesBefore = await snapshotFiles(dir);
  const dbBefore = await snapshotDatabase(db.url);
  const r = await runLadder(dir, spec.args, { env, timeoutMs: 60_000 });
  const report = `${name}: ladder ${spec.args.join(' ')} -> exit ${r.code}\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout.slice(0, 4000)}`;

  expect(r.code, report).toBe(spec.exit);
  checkStderr(r, spec, report);
  checkStdout(r, spec, report);
  for (const secret of spec.forbidden ?? []) {
    expect(r.stdout, `${report}\nleaks ${secret}`).not.toContain(secret);
    expect(r.stderr, `${report}\nleaks ${secret}`).not.toContain(secret);
  }
  expect(await snapshotFiles(dir), `${report}\nfiles changed`).toEqual(filesBefore);
  expect(await snapshotDatabase(db.url), `${report}\ndatabase changed`).toEqual(dbBefore);
}

function checkStderr(r: RunResult, spec: Case, report: string): void {
  const lines = r.stderr.split('\n');
  const errorLines = lines.filter((l) => l.startsWith('error:'));
  expect(errorLines, `${report}\nexactly one error: line`).toHaveLength(1);
  // after the error line: problems and frames indented, then an optional hint
  const after = lines.slice(lines.indexOf(errorLines[0]!) + 1).filter((l) => l !== '');
  for (const l of after) expect(l, `${report}\nunexpected line after the error`).toMatch(/^(?:\s|hint: )/);
  expect(r.stderr, `${report}\nstack trace`).not.toMatch(/^ {4}at /m);
  expect(r.stderr, `${report}\nstack trace`).not.toMatch(/\bat .*\.(?:js|ts):\d+:\d+\)?$/m);
  for (const re of spec.stderr) expect(r.stderr, report).toMatch(new RegExp(re, 'm'));
}

function checkStdout(r: RunResult, spec: Case, report: string): void {
  if (!spec.json) {
    expect(r.stdout, `${report}\nstdout must be empty`).toBe('');
    return;
  }
  let doc: { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    doc = JSON.parse(r.stdout) as typeof doc;
  } catch (e) {
    throw new Error(`${report}\nstdout is not one JSON document: ${String(e)}`);
  }
  expect(doc.ok, report).toBe(false);
  expect(doc.error?.code, report).toBe(spec.exit);
  expect(typeof doc.error?.message, report).toBe('string');
  // the same error as the stderr line
  const errorLine = r.stderr.split('\n').find((l) => l.startsWith('error:'))!;
  expect(errorLine, report).toContain(String(doc.error?.message).split('\n')[0]);
}

// ---------------------------------------------------------------------------
// setup

async function setup(name: string, dir: string, spec: Case, db: FreshDatabase, env: NodeJS.ProcessEnv): Promise<void> {
  await setupProject(name, dir, spec, db, env);
  if (!spec.sql?.length) return;
  await withSql(db.url, async (sql) => {
    for (const statement of spec.sql ?? []) await sql.unsafe(statement);
  });
}

async function setupProject(name: string, dir: string, spec: Case, db: FreshDatabase, env: NodeJS.ProcessEnv): Promise<void> {
  if (!spec.setup) return;
  const applied = await runLadder(dir, ['migrate'], { env });
  if (applied.code !== 0) throw new Error(`setup migrate failed (exit ${applied.code}):\n${applied.stderr}${applied.stdout}`);
  if (spec.setup === 'unknown-row') {
    await withSql(db.url, (sql) =>
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${UNKNOWN_ROW.hash}, ${UNKNOWN_ROW.createdAt})`,
    );
  }
  for (const e of spec.edit ?? []) {
    if ('append' in e) await fs.appendFile(path.join(dir, e.append), e.text);
    else if ('remove' in e) await fs.rm(path.join(dir, e.remove), { recursive: true, force: true });
    else await fs.mkdir(path.join(dir, e.mkdir), { recursive: true });
  }
  const after = path.join(CORPUS, name, 'after');
  if (await exists(after)) await fs.cp(after, dir, { recursive: true });
}

async function generate(file: string, g: Generate): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  if ('latin1' in g) {
    await fs.writeFile(file, Buffer.from(g.latin1, 'latin1'));
    return;
  }
  // a big migration: its SQL, then comment lines up to the size (written in chunks)
  const handle = await fs.open(file, 'w');
  try {
    await handle.write(g.head);
    const chunk = Buffer.from(`-- ${'padding '.repeat(12)}\n`.repeat(8192));
    for (let n = Buffer.byteLength(g.head); n < g.megabytes * 1024 * 1024; n += chunk.length) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------
// snapshots

/** Every file and directory under dir: path -> sha256 (or 'dir'). */
async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      if (entry.isDirectory()) {
        out[`${rel}/`] = 'dir';
        await walk(abs);
      } else {
        out[rel] = await sha256File(abs);
      }
    }
  };
  await walk(dir);
  return out;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Every user relation and schema, the public and drizzle catalogs, and ladder's rows (not __ladder_log). */
async function snapshotDatabase(url: string): Promise<Record<string, unknown>> {
  return withSql(url, async (sql) => {
    const relations = await queryRows<{ schema: string; name: string; kind: string }>(
      sql,
      `select n.nspname as schema, c.relname as name, c.relkind::text as kind
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        order by 1, 2`,
    );
    const schemas = await queryRows<{ name: string }>(
      sql,
      `select nspname as name from pg_catalog.pg_namespace
        where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg_toast%' and nspname not like 'pg_temp%'
        order by 1`,
    );
    return {
      schemas: schemas.map((s) => s.name),
      relations: relations.map((r) => `${r.schema}.${r.name} (${r.kind})`),
      public: await catalogSnapshot(sql, 'public'),
      drizzle: await catalogSnapshot(sql, 'drizzle'),
      migrations: await rowsIfExists(sql, 'drizzle.__drizzle_migrations', 'id'),
      tries: await rowsIfExists(sql, 'drizzle.__ladder_tries', 'migration_id'),
    };
  });
}

/** Every row, whatever the table's shape (a case may give it another one): ordered by `orderBy` when it exists. */
async function rowsIfExists(sql: Sql, table: string, orderBy: string): Promise<unknown[]> {
  const [found] = await queryRows<{ t: string | null }>(sql, 'select to_regclass($1)::text as t', [table]);
  if (!found?.t) return [];
  return queryRows(sql, `select to_jsonb(t) as row from ${table} t order by to_jsonb(t)->>'${orderBy}', to_jsonb(t)::text`);
}

// ---------------------------------------------------------------------------

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
