#!/usr/bin/env node
/**
 * The `ladder` executable (the package's `bin`): a few lines that run the
 * bundled CLI, dist/cli/ladder.cjs (scripts/build.mjs), after two switches
 * that only work if flipped before that code loads.
 */
// --verbose prints stack traces: map them to src/*.ts through ladder.cjs.map.
// Only modules loaded after this call get their maps read, hence here.
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);

// Node.js 22.1+ keeps V8's compiled code in a disk cache, so later starts skip
// compiling ladder's bundle; older Node.js has no such call and compiles every time.
(require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

require('./ladder.cjs');
