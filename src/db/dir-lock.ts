/**
 * One process at a time on a PGlite data directory. PGlite is PostgreSQL in
 * this process with no server between processes: two ladder processes on one
 * directory (`try --watch` in one terminal, `status` in another) would both
 * write it and corrupt it. A lock file beside it holds the owner's pid and a
 * random token; a lock whose process is gone is taken over.
 *
 * Race-free (issue 14: another process could read the file between its
 * creation and the pid's write, find it empty and delete a live lock; two
 * processes taking over a stale lock could both win):
 * - the lock is written whole to a temp file, then hard-linked to its name:
 *   it appears complete or not at all, and link never replaces a file;
 * - a stale lock is removed only by the one process that wins its claim, a
 *   file named for that lock's content (pid + token, never reused) and made
 *   the same exclusive way. The winner removes the lock only if it still
 *   holds that content, so no live lock is ever removed. A claim whose
 *   process died is itself stale, and is removed by the same rule.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  for (;;) {
    if (createExclusive(file, mine)) {
      return {
        release: () => {
          // ours only: never a lock someone took over after deciding ours was stale
          if (readContent(file) === mine) removeFile(file);
        },
      };
    }
    const content = readContent(file);
    if (content === undefined) continue; // released meanwhile: try again
    const owner = pidOf(content);
    if (!isAlive(owner)) {
      removeStale(file, content, 0); // its process ended without releasing it (killed)
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

/** Remove `file`, whose content names a dead process, unless another process is doing it or has done it. */
function removeStale(file: string, content: string, depth: number): void {
  const claim = `${file}.stale-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  if (createExclusive(claim, mine)) {
    try {
      // only the holder of this claim removes a file with this content
      if (readContent(file) === content) removeFile(file);
    } finally {
      if (readContent(claim) === mine) removeFile(claim);
    }
    return;
  }
  const other = readContent(claim);
  // another process is taking it over; if that one died doing it, its claim is stale in turn
  if (other !== undefined && !isAlive(pidOf(other)) && depth < 4) removeStale(claim, other, depth + 1);
}

/** Create `file` holding `content`, complete, or return false when it exists. */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    removeFile(tmp);
  }
}

function readContent(file: string): string | undefined {
  try {
    // a lock file is a few bytes written by us; O_NONBLOCK: should it be a FIFO, never block
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      return readFileSync(fd, 'utf8').slice(0, 200);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function pidOf(content: string): number {
  return Number(content.trim().split(/\s+/)[0] || NaN);
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
