#!/usr/bin/env node
/**
 * The `ladder` executable: runs the bundled CLI, dist/cli/ladder.cjs (built
 * by scripts/build-cli.mjs), through V8's code cache (code-cache.ts), one
 * cache per command beside it (ladder.cjs.<command>.cache): each command
 * compiles its own functions. The build makes this file CommonJS too,
 * dist/cli/bin.cjs (the package's `bin`): a CommonJS entry starts sooner.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';
import { COMMAND_NAMES } from './command-names.js';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ladder.cjs');
const key = process.argv.slice(2).find((a) => COMMAND_NAMES.has(a)) ?? 'default';
// import() here resolves from this folder, the bundle's
runWithCodeCache({ file, source: readFileSync(file, 'utf8'), cacheFile: `${file}.${key}.cache` }, (specifier) => import(specifier));
