// The packed package as a user gets it, with no registry needed: the tarball's
// file list, require() and import of the library, its types compiled with
// skipLibCheck: false in a project without @types/node, and --verbose stack
// traces that name src/*.ts. The tarball's runtime dependencies are copied
// from this repository's node_modules instead of being installed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/project.js';
import { spawnProcess } from '../helpers/spawn.js';

const exec = promisify(execFile);
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let tmp: string;
let app: string;
let files: string[];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-package-'));
  // dist as built (`pnpm test` builds first); scripts skipped so packing never rebuilds dist under other tests
  const packed = await exec('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', tmp, '--json'], {
    cwd: repoRoot,
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const tarball = (JSON.parse(packed.stdout) as { filename: string }).filename;
  const listing = await exec('tar', ['tzf', tarball]);
  files = listing.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

  app = path.join(tmp, 'app');
  const installed = path.join(app, 'node_modules', 'drizzle-ladder');
  await fs.mkdir(installed, { recursive: true });
  await exec('tar', ['xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of ['commander', 'postgres', 'smol-toml']) {
    await fs.cp(await fs.realpath(path.join(repoRoot, 'node_modules', dep)), path.join(app, 'node_modules', dep), { recursive: true, dereference: true });
  }
  await fs.writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
}, 120_000);

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the library, its types, the CLI with its source map and the LICENSE, and nothing else', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/index.cjs', 'dist/index.d.cts', 'dist/cli/bin.cjs', 'dist/cli/ladder.cjs', 'dist/cli/ladder.cjs.map', 'dist/bundle/entry.js']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json', 'schema/results.schema.json'].includes(f))).toEqual([]);
    // the --json documents' shapes (docs/fleets.md), for users' validators
    expect(files).toContain('schema/results.schema.json');
    expect(createRequire(path.join(app, 'index.js')).resolve('drizzle-ladder/schema/results.schema.json')).toMatch(/results\.schema\.json$/);
    expect(files.filter((f) => /\.(cache|tmp|ts\.map|js\.map)$/.test(f) || (f.startsWith('dist/cli/') && /\.d\.c?ts$/.test(f)))).toEqual([]);
    // the rest is the library's own modules (the ES build is one file per module, with its types): nothing without a source
    const built = files.filter((f) => /^dist\/.*\.(js|d\.ts)$/.test(f) && !f.startsWith('dist/cli/'));
    const orphans = built.filter((f) => !existsSync(path.join(repoRoot, f.replace(/^dist\//, 'src/').replace(/(\.d)?\.(js|ts)$/, '.ts'))));
    expect(orphans).toEqual([]);
  });

  it('require() and import give the same API', async () => {
    const cjs = await spawnProcess(process.execPath, ['-e', "const l = require('drizzle-ladder'); console.log(typeof l.migrate, typeof l.status, typeof l.verify, new l.LadderError(2, 'x').code)"], { cwd: app });
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe('function function function 2');
    const esm = await spawnProcess(process.execPath, ['--input-type=module', '-e', "import { migrate, ExitCode } from 'drizzle-ladder'; console.log(typeof migrate, ExitCode.integrity)"], { cwd: app });
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function 3');
  });

  it('its types compile with skipLibCheck: false, from ESM and CommonJS, in a project without @types/node', async () => {
    await expect(fs.stat(path.join(app, 'node_modules', '@types'))).rejects.toThrow();
    await fs.writeFile(
      path.join(app, 'esm.mts'),
      `import { migrate, status, LadderError, type MigrateResult, type StatusResult } from 'drizzle-ladder';
const r: MigrateResult = await migrate({ config: 'ladder.toml', env: 'production', processEnv: { DATABASE_URL: 'postgres://x' } });
const s: StatusResult = await status({ env: ['dev', 'ci'] });
export const ids: string[] = r.environments.flatMap((e) => e.applied.map((a) => a.id));
export const failed = (e: unknown): number | undefined => (e instanceof LadderError ? e.code : s.environments.length);
`,
    );
    await fs.writeFile(
      path.join(app, 'cjs.cts'),
      `import ladder = require('drizzle-ladder');
export const run = (): Promise<ladder.MigrateResult> => ladder.migrate({ env: 'production', dryRun: true });
`,
    );
    await fs.writeFile(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, skipLibCheck: false, noEmit: true }, files: ['esm.mts', 'cjs.cts'] }),
    );
    const r = await spawnProcess(process.execPath, [tsc, '-p', '.'], { cwd: app });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('with --verbose, a stack trace names the TypeScript sources', async () => {
    await fs.writeFile(path.join(app, 'ladder.toml'), '[environments.dev]\npglite = ".ladder/dev"\n');
    const bin = path.join(app, 'node_modules', 'drizzle-ladder', 'dist', 'cli', 'bin.cjs');
    const plain = await spawnProcess(process.execPath, [bin, 'status', '-e', 'nosuch'], { cwd: app });
    expect(plain.code).toBe(2);
    expect(plain.stderr).not.toContain('    at ');
    const verbose = await spawnProcess(process.execPath, [bin, 'status', '-e', 'nosuch', '--verbose'], { cwd: app });
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toContain('error: unknown environment "nosuch"');
    expect(verbose.stderr).toMatch(/ {4}at .*src\/config\/load\.ts:\d+:\d+/);
  });
});
