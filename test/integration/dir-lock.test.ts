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
    expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]{16}\\n$`));
    lock.release();
  });
});

/**
 * Many real processes race for one directory (issue 14): each takes the lock,
 * writes `enter` and `exit` lines to a shared log with a pause between, and
 * releases it. The log must never show two holders at once. Run once from a
 * clean start and once from a stale lock left by a dead process, the case
 * where two takers could both win before.
 */
describe('racing processes', () => {
  const WORKER = `
    const { lockDirectory } = await import(process.argv[1]);
    const fs = await import('node:fs');
    const [dir, log, rounds] = process.argv.slice(2);
    for (let i = 0; i < Number(rounds); i++) {
      const lock = await lockDirectory(dir, 'dev', { waitMs: 60000, pollMs: 1 });
      fs.appendFileSync(log, 'enter ' + process.pid + '\\n');
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      fs.appendFileSync(log, 'exit ' + process.pid + '\\n');
      lock.release();
    }
  `;
  const modulePath = path.resolve('dist/db/dir-lock.js');

  async function race(dir: string, processes: number, rounds: number): Promise<string[]> {
    const log = `${dir}.log`;
    fs.writeFileSync(log, '');
    const { spawn } = await import('node:child_process');
    const children = Array.from({ length: processes }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', WORKER, modulePath, dir, log, String(rounds)], { stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    const codes = await Promise.all(
      children.map(
        (c) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            let stderr = '';
            c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
            c.on('close', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    for (const c of codes) expect(c.code, c.stderr).toBe(0);
    return fs.readFileSync(log, 'utf8').trim().split('\n');
  }

  function expectOneAtATime(lines: string[], total: number): void {
    expect(lines).toHaveLength(total * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const [enter, exit] = [lines[i]!, lines[i + 1]!];
      expect(enter, `line ${i + 1}: two holders at once`).toMatch(/^enter \d+$/);
      expect(exit, `line ${i + 2}: two holders at once`).toBe(enter.replace('enter', 'exit'));
    }
  }

  it('12 processes, 15 rounds each: never two holders', async () => {
    const dir = dataDir();
    expectOneAtATime(await race(dir, 12, 15), 12 * 15);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  }, 120_000);

  it('from a stale lock, 4 times: exactly one process takes it over at a time', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = dataDir();
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      fs.writeFileSync(`${dir}.lock`, `${dead.stdout} 0123456789abcdef\n`);
      expectOneAtATime(await race(dir, 10, 1), 10);
      // no claim or temp file left behind
      expect(fs.readdirSync(path.dirname(dir)).filter((f) => f !== 'dev.log')).toEqual([]);
    }
  }, 120_000);
});
