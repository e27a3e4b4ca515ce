/**
 * Read an input file as a file (issue 14): a FIFO in the migrations folder
 * blocked every command forever (a synchronous read blocks the event loop,
 * signals included), a symlink to /dev/zero was read until memory ran out,
 * and a symlink to /etc/shadow was hashed without a word.
 *
 * So: open without blocking (O_NONBLOCK: opening a FIFO waits for a writer
 * otherwise) and refuse, from the open descriptor's own fstat, anything that
 * is not a regular file, before reading a byte; read at most the size limit;
 * and say when a symlink leads out of the project.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/** 64 MiB: far above any real migration (the corpus has a 50 MB one), far below what hurts. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ReadFileOptions {
  /** bytes; default: LADDER_MAX_FILE_SIZE, else DEFAULT_MAX_FILE_BYTES */
  limit?: number;
  /** the project's root: a symlink resolving outside it is reported through warn() */
  root?: string;
}

export interface FileRead {
  bytes: Buffer;
}

/** Why a file was not read; `code` ENOENT when it does not exist. */
export interface FileRefusal {
  code: string;
  /** for a message after the file's name: "is a FIFO, not a regular file" */
  reason: string;
}

const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

let warn: (message: string) => void = (message) => process.stderr.write(`warning: ${message}\n`);
const warned = new Set<string>();

/** Where warnings go (default: a `warning:` line on stderr), e.g. for a test. */
export function setFileWarningSink(sink: (message: string) => void): void {
  warn = sink;
}

/** The file's bytes, or why it was refused. Never blocks on a FIFO; never reads past the limit. */
export function readRegularFile(abs: string, opts: ReadFileOptions = {}): FileRead | FileRefusal {
  const limit = opts.limit ?? maxFileBytes();
  let fd: number;
  let symlink = false;
  try {
    // O_NOFOLLOW: the common case (a plain file) costs no extra lstat; a symlink fails with ELOOP
    fd = openSync(abs, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    if (code !== 'ELOOP' && code !== 'EMLINK') return refusal(code);
    symlink = true;
    try {
      fd = openSync(abs, constants.O_RDONLY | O_NONBLOCK);
    } catch (e2) {
      return refusal((e2 as NodeJS.ErrnoException).code ?? 'EIO');
    }
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { code: 'ENOTREG', reason: `is ${kindOf(stat)}, not a regular file` };
    if (stat.size > limit) return tooLarge(limit);
    if (symlink && opts.root !== undefined) warnIfOutside(abs, opts.root);
    return { bytes: readAtMost(fd, stat.size, limit) ?? Buffer.alloc(0) };
  } catch (e) {
    if (e instanceof TooLarge) return tooLarge(limit);
    return refusal((e as NodeJS.ErrnoException).code ?? 'EIO');
  } finally {
    closeSync(fd);
  }
}

export function isRefusal(r: FileRead | FileRefusal): r is FileRefusal {
  return !(r as FileRead).bytes;
}

/** LADDER_MAX_FILE_SIZE: bytes, or with a unit (64MB, 1GB). */
export function maxFileBytes(raw = process.env['LADDER_MAX_FILE_SIZE']): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_FILE_BYTES;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(raw);
  if (!m) return DEFAULT_MAX_FILE_BYTES;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * factor);
}

class TooLarge extends Error {}

/** A file can grow after fstat: read until EOF, never more than limit bytes. */
function readAtMost(fd: number, size: number, limit: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, 0), limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (length > limit) throw new TooLarge();
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    const n = readSync(fd, buf, length, buf.length - length, null);
    if (n === 0) break;
    length += n;
    if (length > limit) throw new TooLarge();
  }
  return buf.subarray(0, length);
}

function tooLarge(limit: number): FileRefusal {
  return {
    code: 'EFBIG',
    reason: `is larger than ${formatBytes(limit)}, the most ladder reads from one file (set LADDER_MAX_FILE_SIZE, e.g. 256MB, to raise it)`,
  };
}

function refusal(code: string): FileRefusal {
  if (code === 'ENOENT') return { code, reason: 'does not exist' };
  if (code === 'EISDIR') return { code, reason: 'is a directory, not a file' };
  if (code === 'EACCES' || code === 'EPERM') return { code, reason: `cannot be read (${code}: permission denied)` };
  return { code, reason: `cannot be read (${code})` };
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function warnIfOutside(abs: string, root: string): void {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(abs);
    realRoot = realpathSync(root);
  } catch {
    return;
  }
  const rel = path.relative(realRoot, real);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return;
  if (warned.has(abs)) return;
  warned.add(abs);
  warn(`${path.relative(process.cwd(), abs) || abs} is a symlink to ${real}, outside the project (${realRoot}): check it is meant to be there`);
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** readRegularFile as UTF-8 text, throwing an Error whose code is the refusal's (ENOENT, ENOTREG, EFBIG...). */
export function readTextFile(abs: string, opts: ReadFileOptions = {}): string {
  const read = readRegularFile(abs, opts);
  if (isRefusal(read)) throw Object.assign(new Error(`${abs} ${read.reason}`), { code: read.code, reason: read.reason });
  return read.bytes.toString('utf8');
}

/** readRegularFile's bytes, throwing like readTextFile. */
export function readFileBytes(abs: string, opts: ReadFileOptions = {}): Buffer {
  const read = readRegularFile(abs, opts);
  if (isRefusal(read)) throw Object.assign(new Error(`${abs} ${read.reason}`), { code: read.code, reason: read.reason });
  return read.bytes;
}
