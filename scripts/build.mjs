// `pnpm run build`: a clean dist/, tsc's ES module library (dist/**/*.js and
// its .d.ts), then esbuild writes the two files that need bundling.
//
// - dist/cli/ladder.cjs: the CLI with commander, smol-toml and postgres.js in
//   one CommonJS file, run by dist/cli/bin.cjs. One file because Node.js loads
//   ES modules one by one (resolve, read, compile each), and the CLI's ~60
//   modules would cost more than a no-op `ladder migrate` spends on the
//   database. Its source map (ladder.cjs.map) maps --verbose stack traces to
//   src/*.ts. drizzle-orm, drizzle-kit, PGlite and esbuild stay outside,
//   loaded only when there is work for them.
// - dist/index.cjs: the library for require('drizzle-ladder'), its
//   dependencies left to require() at run time; dist/index.d.cts its types.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');

// files of an older build (renamed or removed modules) must not reach the package
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// code that asks import.meta.url where it is gets the CommonJS file's own URL
const fileUrl = {
  define: { 'import.meta.url': '__ladderFileUrl' },
  banner: { js: "var __ladderFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await build({
  entryPoints: [path.join(root, 'src', 'cli', 'entry.ts')],
  outfile: path.join(dist, 'cli', 'ladder.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // smaller to parse at every start; identifiers stay, so stack traces read without the map too
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  // the map names src/*.ts and lines; the sources themselves are not shipped
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['libpg-query', 'drizzle-orm', 'drizzle-orm/*', 'drizzle-kit', 'drizzle-kit/*', '@electric-sql/pglite', 'esbuild', 'pg', 'pg-native'],
  ...fileUrl,
});
chmodSync(path.join(dist, 'cli', 'bin.cjs'), 0o755);

await build({
  entryPoints: [path.join(root, 'src', 'index.ts')],
  outfile: path.join(dist, 'index.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // every package.json dependency and optional peer is require()d or import()ed where it is installed
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
  ...fileUrl,
});
// A CommonJS project resolving `require` types gets a .d.cts: the same declarations.
writeFileSync(path.join(dist, 'index.d.cts'), "export * from './index.js';\n");
