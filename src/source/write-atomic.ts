import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';

export interface WriteOptions {
  /** create only: fail with EEXIST when the file exists (never replace it) */
  exclusive?: boolean;
  /** permission bits of a new file (default 0o666 minus the umask) */
  mode?: number;
}

/**
 * ladder's one file writer: a file is never half-written, nor left empty
 * when the disk is full (issue 14: `ladder new` on a full disk left a 0-byte
 * snapshot that broke the next `new`). The bytes go to a temp file in the
 * same directory (same filesystem, so the last step is atomic), which is
 * fsynced, then renamed over the target (or, `exclusive`, hard-linked to it:
 * link never replaces an existing file), then the directory is fsynced so the
 * rename itself is durable. On any failure the temp file is removed and the
 * target is as it was.
 *
 * The target must be a regular file or not exist. A symlink is written
 * through: its target is replaced and the link stays. A directory, FIFO,
 * device or socket is refused with ENOTREG (`ladder bundle --out /dev/null`
 * once turned the device into a regular file).
 */
export function writeFileAtomic(absPath: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const target = writeTarget(absPath);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', opts.mode ?? 0o666);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (opts.mode !== undefined) chmodSync(tmp, opts.mode); // exact bits, whatever the umask
    if (opts.exclusive) createFrom(tmp, target);
    else renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (opts.exclusive) rmSync(tmp, { force: true });
  syncDirectory(dir);
}

/** Make `target` from the finished temp file, failing with EEXIST when it exists. */
function createFrom(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // filesystems without hard links: an exclusive copy, removed if it fails half-way
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
    try {
      copyFileSync(tmp, target, constants.COPYFILE_EXCL);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(target, { force: true });
      throw e2;
    }
  }
}

/**
 * Where a write to `absPath` lands: the path itself, or what a symlink
 * there points to (followed to the end, even when that file does not exist
 * yet). Throws ENOTREG for anything that is not a regular file.
 */
export function writeTarget(absPath: string): string {
  let p = absPath;
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return p;
      throw e;
    }
    if (st.isSymbolicLink()) {
      p = path.resolve(path.dirname(p), readlinkSync(p));
      continue;
    }
    if (st.isFile()) return p;
    throw notRegular(absPath, p, st);
  }
  throw Object.assign(new Error(`${absPath}: too many levels of symbolic links`), { code: 'ELOOP' });
}

function notRegular(asked: string, real: string, st: Stats): Error {
  const kind = st.isDirectory()
    ? 'a directory'
    : st.isFIFO()
      ? 'a FIFO (named pipe)'
      : st.isCharacterDevice()
        ? 'a character device'
        : st.isBlockDevice()
          ? 'a block device'
          : st.isSocket()
            ? 'a socket'
            : 'a special file';
  const via = asked === real ? '' : ` (a symlink to ${real})`;
  return Object.assign(new Error(`${asked}${via} is ${kind}, not a regular file: not written`), { code: 'ENOTREG', kind });
}

/** Remove a file we created, ignoring one already gone. */
export function removeFile(absPath: string): void {
  try {
    unlinkSync(absPath);
  } catch {
    // gone already, or never made
  }
}

function syncDirectory(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // directories cannot be opened or fsynced on some platforms (Windows); the rename is done
  }
}

/** Does a regular file (or a symlink to one) exist at absPath? Never opens it. */
export function isRegularFile(absPath: string): boolean {
  return statSync(absPath, { throwIfNoEntry: false })?.isFile() ?? false;
}
