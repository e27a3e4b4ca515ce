import { createHash } from 'node:crypto';

/**
 * The advisory lock key for one tracking table: a signed 64-bit integer
 * derived from schema and table, so two apps sharing a server but not a
 * tracking table never wait on each other.
 */
export function advisoryLockKey(schema: string, table: string): bigint {
  const digest = createHash('sha256').update(`drizzle-ladder:${schema}.${table}`).digest();
  return digest.readBigInt64BE(0);
}

/** pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits), objsubid 1. */
export function lockKeyParts(key: bigint): { classid: number; objid: number } {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) };
}
