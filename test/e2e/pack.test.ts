// The runtime-only install a production image does:
//
//   npm install --omit=dev --omit=optional drizzle-ladder drizzle-orm postgres
//
// from the tarball `pnpm pack` makes of this repository, in an empty temp
// directory. No drizzle-kit, no PGlite, no esbuild, at most 25 MB of
// node_modules, and `ladder migrate`, `status`, `verify`, `baseline` work
// against the real PostgreSQL server. Reaches the npm registry (nothing else):
// skipped, with the reason, when it cannot.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, tableNames } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { repoRoot } from '../helpers/project.js';
import { registryUnreachable } from '../helpers/network.js';
import { spawnProcess, type RunResult } from '../helpers/spawn.js';

const offline = await registryUnreachable();

const exec = promisify(execFile);
const MB = 1024 * 1024;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const MIGRATIONS = [
  { tag: '0000_users', sql: 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL\n);\n', revert: 'DROP TABLE "users";\n' },
  {
    tag: '0001_posts',
    sql: 'CREATE TABLE "posts" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"user_id" integer NOT NULL\n);\n--> statement-breakpoint\nALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");',
    revert: 'DROP TABLE "posts";\n',
  },
];

/** A drizzle-kit 0.3x folder with both migrations committed, and a ladder.toml reading DATABASE_URL. */
async function writeProject(dir: string): Promise<void> {
  const folder = new Folder(dir);
  for (const m of MIGRATIONS) folder.add(m.tag.replace(/^\d{4}_/, ''), m.sql, { revert: m.revert });
  await folder.write();
  await fs.writeFile(path.join(dir, 'ladder.toml'), '[environments.production]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n');
}

/** Every package directory under node_modules (nested ones too), by package name. */
async function installedPackages(nodeModules: string): Promise<string[]> {
  const names: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) {
        for (const scoped of await fs.readdir(path.join(dir, entry.name), { withFileTypes: true })) {
          if (scoped.isDirectory()) {
            names.push(`${entry.name}/${scoped.name}`);
            await walk(path.join(dir, entry.name, scoped.name, 'node_modules'));
          }
        }
      } else {
        names.push(entry.name);
        await walk(path.join(dir, entry.name, 'node_modules'));
      }
    }
  }
  await walk(nodeModules);
  return names;
}

/** A command with no TTY and a clean environment (the installed package must not lean on ours). */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  return spawnProcess(command, args, { cwd, env, cleanEnv: true });
}

function runInstalled(dir: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return run(path.join(dir, 'node_modules', '.bin', 'ladder'), args, dir, env);
}

function expectExit(r: RunResult, code: number): void {
  expect(r.code, `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`).toBe(code);
}

if (offline !== undefined) {
  describe('runtime-only install of the packed package', () => {
    it.skip(`skipped: needs the npm registry (${offline})`, () => {});
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

describe.skipIf(offline !== undefined)('runtime-only install of the packed package (needs the npm registry)', () => {
  let app: string;

  beforeAll(async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-pack-'));
    cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
    // `pnpm pack` packs dist as built (`pnpm test` builds first); scripts are skipped
    // so packing never rebuilds dist under the feet of other tests running the CLI
    const packed = await exec('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', tmp, '--json'], {
      cwd: repoRoot,
      env: { ...process.env, npm_config_ignore_scripts: 'true' },
      maxBuffer: 16 * MB,
    });
    const tarball = (JSON.parse(packed.stdout) as { filename: string }).filename;
    app = path.join(tmp, 'app');
    await fs.mkdir(app);
    await fs.writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await exec(
      'npm',
      ['install', '--omit=dev', '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error', tarball, 'drizzle-orm', 'postgres'],
      { cwd: app, env: { ...process.env, npm_config_ignore_scripts: 'false' }, maxBuffer: 16 * MB },
    );
    await writeProject(app);
  }, 150_000);

  it('holds at most 25 MB of node_modules, and no drizzle-kit, PGlite or esbuild', async () => {
    const { stdout } = await exec('du', ['-sk', path.join(app, 'node_modules')]);
    const kb = Number(stdout.split(/\s+/)[0]);
    expect(kb).toBeGreaterThan(0);
    expect(kb * 1024, `node_modules is ${(kb / 1024).toFixed(1)} MB`).toBeLessThanOrEqual(25 * MB);
    const packages = await installedPackages(path.join(app, 'node_modules'));
    expect(packages).toContain('drizzle-ladder');
    expect(packages).toContain('drizzle-orm');
    expect(packages).toContain('postgres');
    for (const heavy of ['drizzle-kit', '@electric-sql/pglite', 'esbuild']) expect(packages).not.toContain(heavy);
    expect(packages.filter((p) => p.startsWith('@esbuild/'))).toEqual([]);
  });

  it('migrates a real database, and status, verify and baseline work', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const env = { DATABASE_URL: db.url };

    expectExit(await runInstalled(app, ['verify', '--offline'], env), 0);
    const migrated = await runInstalled(app, ['migrate'], env);
    expectExit(migrated, 0);
    expect(migrated.stdout).toContain('[production] 2 migrations applied');
    expect(await tableNames(db.url)).toEqual(['posts', 'users']);
    const rows = await queryRows<{ hash: string }>(db.url, 'select hash from drizzle.__drizzle_migrations order by id');
    expect(rows.map((r) => r.hash)).toEqual(MIGRATIONS.map((m) => sha256(m.sql)));

    const again = await runInstalled(app, ['migrate'], env);
    expectExit(again, 0);
    expect(again.stdout).toContain('[production] up to date');
    const status = await runInstalled(app, ['status', '--all'], env);
    expectExit(status, 0);
    expect(status.stdout).toContain('2 applied');
    const verify = await runInstalled(app, ['verify'], env);
    expectExit(verify, 0);
    expect(verify.stdout).toContain('2 committed migrations verified (files and production)');

    const existing = await freshDatabase(inject('pgUrl'));
    cleanups.push(existing.drop);
    const baseline = await runInstalled(app, ['baseline'], { DATABASE_URL: existing.url });
    expectExit(baseline, 0);
    expect(baseline.stdout).toContain('2 migrations recorded as applied');
  });

  it('says what to install when a command needs a dev dependency', async () => {
    const r = await runInstalled(app, ['bundle', '--out', 'migrate.mjs'], { DATABASE_URL: 'postgres://unused@127.0.0.1:1/x' });
    expectExit(r, 2);
    expect(r.stderr).toContain('error: ladder bundle needs esbuild, which is not installed');
    expect(r.stderr).toContain('hint: install it as a dev dependency');
  });

  it('with esbuild added as a dev dependency, `ladder bundle` writes a file that migrates from an empty folder', async () => {
    await exec('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--loglevel=error', 'esbuild'], {
      cwd: app,
      env: { ...process.env, npm_config_ignore_scripts: 'false' },
      maxBuffer: 16 * MB,
    });
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-pack-bundle-'));
    cleanups.push(() => fs.rm(elsewhere, { recursive: true, force: true }));
    const file = path.join(elsewhere, 'migrate.mjs');
    expectExit(await runInstalled(app, ['bundle', '--out', file]), 0);

    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const r = await run(process.execPath, [file, 'migrate'], elsewhere, { DATABASE_URL: db.url });
    expectExit(r, 0);
    expect(r.stdout).toContain('[production] 2 migrations applied');
    expect(await tableNames(db.url)).toEqual(['posts', 'users']);
  });
});
