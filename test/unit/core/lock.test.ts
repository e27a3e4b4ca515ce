// The migrate lock's pure parts: its advisory key (core/lock-key.ts) and how
// its holder is named in "waiting for the migrate lock held by ..." (core/lock-holder.ts).
import { describe, expect, it } from 'vitest';
import { describeHolder } from '../../../src/core/lock-holder.js';
import { advisoryLockKey, lockKeyParts } from '../../../src/core/lock-key.js';

describe('advisoryLockKey', () => {
  it('is the same in every ladder version: two versions deploying at once must exclude each other', () => {
    expect(advisoryLockKey('drizzle', '__drizzle_migrations')).toBe(-7065225451293739738n);
  });

  it('differs per tracking table and per schema: apps sharing a server but not a table never wait on each other', () => {
    const keys = [
      advisoryLockKey('drizzle', '__drizzle_migrations'),
      advisoryLockKey('drizzle', 'other'),
      advisoryLockKey('app', '__drizzle_migrations'),
    ];
    expect(new Set(keys).size).toBe(3);
  });
});

describe('lockKeyParts: the key as pg_locks shows it', () => {
  it.each<[bigint, number, number]>([
    [0x0000000100000002n, 1, 2],
    [-1n, 0xffffffff, 0xffffffff],
    [-7065225451293739738n, Number((2n ** 64n - 7065225451293739738n) >> 32n), Number((2n ** 64n - 7065225451293739738n) & 0xffffffffn)],
  ])('%s is classid %i, objid %i', (key, classid, objid) => {
    expect(lockKeyParts(key)).toEqual({ classid, objid });
  });
});

describe('describeHolder', () => {
  it('names pid, application_name, since when, state and the query on one line', () => {
    expect(
      describeHolder({ pid: 42, applicationName: 'deploy-7', since: '2026-01-01 10:00:00+00', state: 'active', query: 'select\n  pg_sleep(60)' }),
    ).toBe('pid 42, application_name deploy-7, connected since 2026-01-01 10:00:00+00, active, query: select pg_sleep(60)');
  });

  it('leaves out what pg_stat_activity does not show (another user\'s session)', () => {
    expect(describeHolder({ pid: 42, applicationName: null, since: null, state: null, query: null })).toBe('pid 42');
  });
});
