/**
 * Run a CommonJS script through V8's code cache: the CLI's launcher
 * (bin.ts) and every `ladder bundle` file start this way.
 *
 * Why: a deploy step is short, so starting counts. Compiling ladder's
 * 300 KB costs about as much as everything a no-op `ladder migrate` does with
 * the database; V8 can instead load the code it compiled last time. Node 22
 * does this by itself (module.enableCompileCache); Node 20, which ladder
 * supports, only through vm.Script's cachedData.
 *
 * The cache is written at the end of the first run (so it holds every
 * function that run compiled), and again after a run that could not use it:
 * another Node.js (V8 checks its version and flags) or another source (V8
 * checks only its length; ladder stamps the cache with the source's SHA-256). It lives beside the code, not in a shared temp folder:
 * whoever can write there can already change the code. Where nothing can be
 * written, the script simply runs without it.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { sha256Hex } from '../core/hash.js';
import { LENT_IMPORT } from '../optional-import.js';

export interface CachedScript {
  /** the script's own path: its __filename, where require() resolves from */
  file: string;
  /** its CommonJS source */
  source: string;
  /** where its code cache is kept */
  cacheFile: string;
}

export function runWithCodeCache(script: CachedScript, importer: (specifier: string) => Promise<unknown>): void {
  // An import() inside code compiled with a cache fails on Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): lend ours (src/optional-import.ts).
  (globalThis as Record<symbol, unknown>)[LENT_IMPORT] = importer;
  const useCache = !process.env.LADDER_NO_CODE_CACHE;
  const stamp = Buffer.from(sha256Hex(script.source));
  let cachedData: Buffer | undefined;
  try {
    const file = useCache ? readFileSync(script.cacheFile) : undefined;
    // V8 checks only the source's length: a file edited in place (a patch, a tampered bundle) must not run its old code
    if (file?.subarray(0, stamp.length).equals(stamp)) cachedData = file.subarray(stamp.length);
  } catch {
    // none yet
  }
  const compiled = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${script.source}\n})`, {
    filename: script.file,
    cachedData,
  });
  if (useCache && (cachedData === undefined || compiled.cachedDataRejected)) {
    process.once('exit', () => saveCache(compiled, script.cacheFile, stamp));
  }
  const module = { exports: {} };
  const run = compiled.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(script.file), module, script.file, path.dirname(script.file));
}

/** Atomic: replicas starting together never read half a file. */
function saveCache(compiled: vm.Script, cacheFile: string, stamp: Buffer): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([stamp, compiled.createCachedData()]));
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}
