// Second build step (after tsc): dist/cli/ladder.cjs becomes ONE CommonJS
// file holding ladder's CLI with commander, smol-toml and postgres.js, which
// the executable dist/cli/bin.cjs runs through V8's code cache (see
// src/cli/bin.ts).
//
// Why one file: Node.js loads ESM module by module (resolve, read, compile
// each), and the CLI's ~60 modules cost more than everything a no-op
// `ladder migrate` does with the database. Why CommonJS: only a classic
// script can use a code cache on Node 20. drizzle-orm, drizzle-kit, PGlite
// and esbuild stay outside, loaded only when there is work for them. The
// library (dist/index.js) stays as tsc wrote it.
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli');
const out = path.join(cli, 'ladder.cjs');

const result = await build({
  entryPoints: [path.join(cli, 'entry.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  // smaller to parse at every start; identifiers stay, so --verbose stack traces still read
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  legalComments: 'none',
  external: ['drizzle-orm', 'drizzle-orm/*', 'drizzle-kit', 'drizzle-kit/*', '@electric-sql/pglite', 'esbuild', 'pg', 'pg-native'],
  // the modules ask import.meta.url where they are: here, this file
  define: { 'import.meta.url': '__ladderFileUrl' },
  banner: {
    js: [
      '// ladder: bundled CLI (scripts/build-cli.mjs); the sources are src/cli and the modules it imports',
      "var __ladderFileUrl = require('node:url').pathToFileURL(__filename).href;",
    ].join('\n'),
  },
});
const text = result.outputFiles[0].text;
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, out);
for (const f of readdirSync(cli)) if (/^ladder\.cjs\..*\.cache$/.test(f)) rmSync(path.join(cli, f), { force: true }); // for the old code
console.log(`dist/cli/ladder.cjs bundled: ${(text.length / 1024).toFixed(0)} KB`);

// The executable, dist/cli/bin.cjs: the launcher (src/cli/bin.ts) and what it
// imports, as one CommonJS file. Node.js starts a CommonJS entry ~10 ms sooner
// than an ES module one (no ESM loader to set up); the package's `bin` points here.
// (dist/cli/bin.js, tsc's ES module of the same source, runs the same way.)
const launcher = path.join(cli, 'bin.cjs');
await build({
  entryPoints: [path.join(cli, 'bin.js')],
  outfile: launcher,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'import.meta.url': '__ladderFileUrl' },
  banner: { js: "var __ladderFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});
chmodSync(launcher, 0o755);
chmodSync(path.join(cli, 'bin.js'), 0o755);

// One run writes the first code cache (--help's; each command writes its own on first use).
const warm = spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8' });
if (warm.status !== 0) {
  console.error(`dist/cli/bin.cjs --help failed (exit ${warm.status}):\n${warm.stdout}${warm.stderr}`);
  process.exit(1);
}
