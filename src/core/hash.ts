/**
 * Hashing, as drizzle-orm does it: readMigrationFiles stores
 * `createHash('sha256').update(fileText).digest('hex')` in its tracking table.
 * Hashing the file's bytes gives the same value for valid UTF-8, and source/
 * refuses any other file, so ladder hashes bytes and never re-encodes.
 */
import * as crypto from 'node:crypto';

// crypto.hash (Node.js 20.12+): one call instead of a Hash object per file,
// twice as fast on the small files migrate hashes by the hundred at start.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** sha256 as lowercase hex. A string is hashed as its UTF-8 encoding. */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** A sha256 hex digest as ladder writes it (64 lowercase hex digits). */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
