#!/usr/bin/env node
/**
 * The `ladder` executable: runs the bundled CLI, dist/cli/ladder.cjs, through
 * V8's code cache.
 *
 * Why: a deploy step is short, so starting counts. Compiling the CLI's
 * 300 KB costs about as much as everything a no-op `ladder migrate` does with
 * the database; V8 can instead load the code it compiled last time. Node 22
 * does this by itself (module.enableCompileCache); Node 20, which ladder
 * supports, only through vm.Script's cachedData.
 *
 * The caches sit beside the bundle (ladder.cjs.<command>.cache): each is
 * written at the end of the first run of its command, and again after a run
 * whose Node.js could not use it (another version: V8 checks its version,
 * flags and the source, and rejects anything else).
 * Beside the code, not in a shared temp folder: whoever can write there can
 * already change the code. A read-only install simply runs without it.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, 'ladder.cjs');
// One cache per command: V8 keeps the functions a run compiled, and each command compiles its own.
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
const cacheFile = `${file}.${command !== undefined && /^[a-z]{1,12}$/.test(command) ? command : 'default'}.cache`;
const require = createRequire(file);
// the option that makes import() work in vm.Script code without a cache (Node >= 20.12); older: no cache
const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

// An import() inside code compiled with a cache fails on Node 20: ladder loads its optional packages through this one (src/optional-import.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for('drizzle-ladder.import')] = (specifier: string) => import(specifier);

if (dynamicImport === undefined || process.env.LADDER_NO_CODE_CACHE) {
  require(file);
} else {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: dynamicImport,
  });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => saveCache(script));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, here);
}

/** At exit, so the cache holds every function this run compiled. Atomic: replicas starting together never read half a file. */
function saveCache(script: vm.Script): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}
