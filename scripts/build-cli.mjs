// Second build step (after tsc): dist/cli/bin.js becomes ONE module holding
// ladder's CLI with commander, smol-toml and postgres.js.
//
// Why: Node.js loads ESM module by module (resolve, read, compile each), and
// the CLI's ~60 modules cost more than everything a no-op `ladder migrate`
// does with the database. One file loads in a fraction of that (postgres.js
// is initialised only when a command connects). drizzle-orm, drizzle-kit,
// PGlite and esbuild stay outside, loaded only when there is work for them.
// The library (dist/index.js) stays as tsc wrote it.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist', 'cli', 'bin.js');
const source = readFileSync(bin, 'utf8');
if (source.includes('// ladder: bundled CLI')) {
  console.log('dist/cli/bin.js is already bundled');
  process.exit(0);
}

const result = await build({
  entryPoints: [bin],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  // smaller to parse at every start; identifiers stay, so --verbose stack traces still read
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  legalComments: 'none',
  external: ['drizzle-orm', 'drizzle-orm/*', 'drizzle-kit', 'drizzle-kit/*', '@electric-sql/pglite', 'esbuild', 'pg', 'pg-native'],
  banner: {
    js: [
      '#!/usr/bin/env node',
      '// ladder: bundled CLI (scripts/build-cli.mjs); the sources are src/cli and the modules it imports',
      // commander is CommonJS: its require() calls of node built-ins need a require in ESM
      "import { createRequire as __ladderCreateRequire } from 'node:module';",
      'const require = __ladderCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});
const out = result.outputFiles[0];
// esbuild keeps the entry's own shebang line: drop the second one
const text = out.text.replace(/\n#!\/usr\/bin\/env node\n/, '\n').replace(/^(#!.*\n)#!.*\n/, '$1');
const tmp = `${bin}.${process.pid}.tmp`;
writeFileSync(tmp, text, { mode: 0o755 });
renameSync(tmp, bin);
rmSync(`${bin}.map`, { force: true }); // tsc's map described the file replaced
console.log(`dist/cli/bin.js bundled: ${(text.length / 1024).toFixed(0)} KB`);
