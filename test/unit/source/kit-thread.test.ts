// drizzle-kit runs in a thread of its own (src/source/kit-thread.ts): what it
// does there never reaches ladder's process. Checked with small modules that
// misbehave the ways drizzle-kit can: exit to end a prompt, hang on one, spin,
// print, throw while loading.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKitThread } from '../../../src/source/kit-thread.js';
import { repoRoot } from '../../helpers/project.js';

let dir: string;
const MODULE = `
export async function add(a, b) { return a + b; }
export function exits() { process.exit(3); }
export function hangs() { return new Promise(() => {}); }
export function spins() { for (;;); }
export function throws() { throw new Error('no such table'); }
export function prints() { console.log('noise'); console.error('noise'); process.stdout.write('noise'); return 'quiet'; }
export function terminal() { return { stdin: process.stdin.isTTY ?? false, stdout: process.stdout.isTTY ?? false }; }
export default { fromDefault: () => 'default' };
`;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-kit-thread-'));
  await fs.writeFile(path.join(dir, 'kit.mjs'), MODULE);
  await fs.writeFile(path.join(dir, 'broken.mjs'), `throw new Error('cannot load: missing peer');\n`);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const NAMES = ['add', 'exits', 'hangs', 'spins', 'throws', 'prints', 'terminal', 'fromDefault', 'absent'];

describe('a drizzle-kit thread', () => {
  it('says which of the asked functions the module exports, its default export included', async () => {
    const kit = await startKitThread(path.join(dir, 'kit.mjs'), NAMES);
    expect([...kit.functions].sort()).toEqual(NAMES.filter((n) => n !== 'absent').sort());
    expect(await kit.call('add', [2, 3])).toBe(5);
    expect(await kit.call('fromDefault', [])).toBe('default');
  });

  it('turns an exit into an error, and the next call gets a new thread', async () => {
    const exit = vi.spyOn(process, 'exit');
    const kit = await startKitThread(path.join(dir, 'kit.mjs'), NAMES);
    await expect(kit.call('exits', [])).rejects.toThrow(/tried to exit the process \(code 3\)/);
    expect(exit).not.toHaveBeenCalled();
    expect(await kit.call('add', [1, 1])).toBe(2);
  });

  it('ends a call that never answers, even one that never yields, and goes on', async () => {
    const kit = await startKitThread(path.join(dir, 'kit.mjs'), NAMES);
    await expect(kit.call('hangs', [], 200)).rejects.toThrow(/did not answer within 200 ms/);
    const started = Date.now();
    await expect(kit.call('spins', [], 300)).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await kit.call('add', [20, 22])).toBe(42);
  });

  it('passes its errors on and shows it no terminal', async () => {
    const kit = await startKitThread(path.join(dir, 'kit.mjs'), NAMES);
    await expect(kit.call('throws', [])).rejects.toThrow('no such table');
    expect(await kit.call('terminal', [])).toEqual({ stdin: false, stdout: false });
  });

  it('runs calls one at a time, in the order they were made', async () => {
    const kit = await startKitThread(path.join(dir, 'kit.mjs'), NAMES);
    const results = await Promise.all([kit.call('add', [1, 0]), kit.call('throws', []).catch(() => 'failed'), kit.call('add', [2, 0])]);
    expect(results).toEqual([1, 'failed', 2]);
  });

  it('rejects with the error of a module that cannot load', async () => {
    await expect(startKitThread(path.join(dir, 'broken.mjs'), NAMES)).rejects.toThrow('cannot load: missing peer');
  });

  it('keeps its output from the program, which it keeps alive while it waits for an answer, and not once it has one', async () => {
    // a program using ladder's API: its stdout is its own (--json), and it ends on its own when its work is done
    const bundle = path.join(dir, 'thread.mjs');
    await build({ entryPoints: [path.join(repoRoot, 'src/source/kit-thread.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
    const program = path.join(dir, 'program.mjs');
    await fs.writeFile(
      program,
      `import { startKitThread } from './thread.mjs';\n` +
        `const kit = await startKitThread(${JSON.stringify(path.join(dir, 'kit.mjs'))}, ['add', 'prints']);\n` +
        `setTimeout(async () => console.log('answer', await kit.call('prints', []), await kit.call('add', [40, 2])), 100);\n`,
    );
    const r = spawnSync(process.execPath, [program], { encoding: 'utf8', timeout: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('answer quiet 42\n');
    expect(r.stderr).toBe('');
  });
});
