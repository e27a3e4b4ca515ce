// One process at a time on a PGlite data directory (src/db/dir-lock.ts), with real files and real pids.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, LadderError } from '../../src/core/errors.js';
import { lockDirectory } from '../../src/db/dir-lock.js';

const dirs: string[] = [];
function dataDir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-dirlock-'));
  dirs.push(parent);
  return path.join(parent, 'dev');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('lockDirectory', () => {
  it('a second holder waits, then is refused naming the holder, with exit 1', async () => {
    const dir = dataDir();
    const held = await lockDirectory(dir, 'dev');
    const e = await lockDirectory(dir, 'dev', { waitMs: 200, pollMs: 20 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LadderError);
    expect((e as LadderError).code).toBe(ExitCode.database);
    expect((e as LadderError).message).toContain(`open in another ladder process (pid ${process.pid})`);
    held.release();
    const again = await lockDirectory(dir, 'dev', { waitMs: 200 });
    again.release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it('a waiter gets the lock as soon as the holder releases it', async () => {
    const dir = dataDir();
    const held = await lockDirectory(dir, 'dev');
    setTimeout(() => held.release(), 150);
    const t0 = Date.now();
    const next = await lockDirectory(dir, 'dev', { waitMs: 5_000, pollMs: 20 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    next.release();
  });

  it('a lock left by a process that is gone (killed) is taken over', async () => {
    const dir = dataDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(`${dir}.lock`, dead.stdout);
    const lock = await lockDirectory(dir, 'dev', { waitMs: 200 });
    expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});
