/**
 * One process at a time on a PGlite data directory. PGlite is PostgreSQL in
 * this process with no server between processes: two ladder processes on one
 * directory (`try --watch` in one terminal, `status` in another) would both
 * write it and corrupt it. A lock file beside it, created exclusively, holds
 * the owner's pid; a lock whose process is gone is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ExitCode, LadderError } from '../core/errors.js';

export interface DirLock {
  release(): void;
}

export async function lockDirectory(
  dataDir: string,
  environment: string,
  opts: { waitMs?: number; pollMs?: number } = {},
): Promise<DirLock> {
  const file = `${dataDir}.lock`;
  const deadline = Date.now() + (opts.waitMs ?? 15_000);
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(readFileSync(file, { encoding: 'utf8', flag: 'r' }).trim() || NaN);
    if (!isAlive(owner)) {
      rmSync(file, { force: true }); // its process ended without releasing it (killed)
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LadderError(ExitCode.database, `the PGlite database of ${environment} (${dataDir}) is open in another ladder process (pid ${owner})`, {
        environment,
        hint: 'PGlite serves one process at a time: wait for that command to finish, or stop it',
      });
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
