// `node bench/revert-check.mjs <migrations folder> [--pglite]`: what the
// revert check costs `ladder try --all` on a real history (docs/bench.md,
// "Revert check at try time"). Not a timed test.
//
// The folder is copied into a temp project; `ladder import` writes the
// revert files first (not timed: try would do it once). Then, each on a fresh
// database (embedded PostgreSQL, or a PGlite directory with --pglite):
// `ladder try --all` with the check, and `ladder try --all --no-verify-revert`.
// Uses the built dist/ (run `pnpm run build`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startServer } from './lib/server.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repo, 'dist', 'cli', 'bin.cjs');
const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const pglite = args.includes('--pglite');
if (!folder) {
  console.error('usage: node bench/revert-check.mjs <migrations folder> [--pglite]');
  process.exit(2);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-revert-check-'));
fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
fs.cpSync(path.resolve(folder), path.join(root, 'drizzle'), { recursive: true });
fs.writeFileSync(path.join(root, 'drizzle.config.ts'), `export default { dialect: 'postgresql', out: './drizzle', schema: './schema.ts' };\n`);

function ladder(argv, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ...r, ms: performance.now() - t0 };
}

const server = pglite ? undefined : await startServer();
try {
  fs.writeFileSync(path.join(root, 'ladder.toml'), `[environments.dev]\nconnection_url = { env = "DATABASE_URL" }\n`);
  const imp = ladder(['import'], { DATABASE_URL: 'postgres://unused@127.0.0.1:1/x' });
  if (imp.status !== 0) throw new Error(`import failed: ${imp.stderr}`);
  const migrations = JSON.parse(fs.readFileSync(path.join(root, 'drizzle', 'meta', '_journal.json'), 'utf8')).entries.length;
  const reverts = fs.readdirSync(path.join(root, 'drizzle')).filter((f) => f.endsWith('.revert.sql'));
  const todo = reverts.filter((f) => /^-- ladder:todo/.test(fs.readFileSync(path.join(root, 'drizzle', f), 'utf8'))).length;
  console.log(
    `${folder}: ${migrations} migrations, ${reverts.length - todo} reverts to check (${todo} ladder:todo, not checked) (${pglite ? 'PGlite' : 'embedded PostgreSQL'}); import ${(imp.ms / 1000).toFixed(1)} s (not timed below)`,
  );
  let n = 0;
  for (const [label, extra] of [
    ['try --all', []],
    ['try --all --no-verify-revert', ['--no-verify-revert']],
  ]) {
    n++;
    let env = {};
    if (pglite) {
      fs.writeFileSync(path.join(root, 'ladder.toml'), `[environments.dev]\npglite = ".ladder/dev${n}"\n`);
    } else {
      const admin = postgres(server.url, { onnotice: () => {}, max: 1 });
      await admin.unsafe(`create database bench${n}`);
      await admin.end();
      env = { DATABASE_URL: server.url.replace(/\/[^/]*$/, `/bench${n}`) };
    }
    const r = ladder(['try', '--all', ...extra], env);
    const tried = (r.stdout.match(/\] tried /g) ?? []).length;
    const unverified = (r.stderr.match(/revert unverified:/g) ?? []).length;
    const notChecked = (r.stderr.match(/revert not checked/g) ?? []).length;
    console.log(
      `  ${label}: exit ${r.status}, ${tried} tried in ${(r.ms / 1000).toFixed(1)} s${extra.length === 0 ? `; ${unverified} revert unverified, ${notChecked} not checked` : ''}`,
    );
    if (r.status !== 0) console.log(r.stderr.split('\n').slice(0, 4).map((l) => `    ${l}`).join('\n'));
    if (process.env.VERBOSE) console.log(r.stderr);
  }
} finally {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
