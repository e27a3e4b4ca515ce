// dist/cli/code-cache.js: the way the ladder executable and every bundle
// start (V8's code cache beside the script). Real node processes, a temp folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/project.js';

const codeCache = path.join(repoRoot, 'dist', 'cli', 'code-cache.js');

describe('runWithCodeCache', () => {
  let dir: string;
  let script: string;
  let runner: string;
  const run = () => {
    const r = spawnSync(process.execPath, [runner], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.trim();
  };
  // loads an optional module the way ladder does (the launcher's import()), so cached code must still import
  const source = (word: string) =>
    `globalThis[Symbol.for('drizzle-ladder.import')]('node:os').then((os) => console.log('${word}', typeof os.cpus, __filename.endsWith('app.cjs')));\n`;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-code-cache-'));
    script = path.join(dir, 'app.cjs');
    runner = path.join(dir, 'run.mjs');
    await fs.writeFile(
      runner,
      `import { readFileSync } from 'node:fs';\nimport { runWithCodeCache } from ${JSON.stringify(codeCache)};\n` +
        `const file = ${JSON.stringify(script)};\nrunWithCodeCache({ file, source: readFileSync(file, 'utf8'), cacheFile: file + '.cache' }, (s) => import(s));\n`,
    );
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  // a cache is the source's SHA-256 (64 hex characters), then V8's data
  it('writes the cache after the first run, then runs from it without rewriting it', async () => {
    await fs.writeFile(script, source('alpha'));
    expect(run()).toBe('alpha function true');
    const first = await fs.stat(`${script}.cache`);
    expect(first.size).toBeGreaterThan(64);
    expect(run()).toBe('alpha function true'); // import() works from cached code too
    expect((await fs.stat(`${script}.cache`)).mtimeMs).toBe(first.mtimeMs);
  });

  it('a script edited in place, same length, runs its new code (V8 alone checks only the length) and gets a new cache', async () => {
    await fs.writeFile(script, source('alpha'));
    run();
    const before = await fs.readFile(`${script}.cache`);
    await fs.writeFile(script, source('omega'));
    expect(run()).toBe('omega function true');
    expect((await fs.readFile(`${script}.cache`)).equals(before)).toBe(false);
  });

  it('a damaged cache is ignored and replaced', async () => {
    await fs.writeFile(script, source('alpha'));
    await fs.writeFile(`${script}.cache`, 'not a cache');
    expect(run()).toBe('alpha function true');
    expect((await fs.stat(`${script}.cache`)).size).toBeGreaterThan(64);
  });
});
