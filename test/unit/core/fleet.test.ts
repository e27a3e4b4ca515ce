import { describe, expect, it } from 'vitest';
import { duplicateName, FleetSchedule, groupTargets, inShard, parseShard, serverOfUrl, shardOf, targetNamesFromText, urlWithDatabase, type FleetPolicy } from '../../../src/core/fleet.js';
import { isLadderError } from '../../../src/core/errors.js';

describe('--shard i/n', () => {
  it.each([
    ['1/4', { index: 1, count: 4 }],
    [' 4 / 4 ', { index: 4, count: 4 }],
    ['1/1', { index: 1, count: 1 }],
  ])('%s is understood', (text, shard) => expect(parseShard(text)).toEqual(shard));

  it.each(['0/4', '5/4', '1/0', '2', 'a/b', '-1/4', '1.5/4'])('%s is refused with exit 2 and a hint', (text) => {
    try {
      parseShard(text);
      expect.unreachable();
    } catch (e) {
      expect(isLadderError(e) && e.code).toBe(2);
      expect(isLadderError(e) && e.hint).toContain('JOB_COMPLETION_INDEX');
    }
  });

  it('every name falls in exactly one shard, whatever the list around it', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `tenant_${i}`);
    for (const count of [1, 2, 3, 8]) {
      const sizes = Array.from({ length: count }, (_, i) => names.filter((n) => inShard(n, { index: i + 1, count })).length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
      // roughly even: within 30% of a fair share
      for (const s of sizes) expect(Math.abs(s - 1000 / count)).toBeLessThan((1000 / count) * 0.3);
    }
    // stable: a name's shard depends on the name only
    expect(shardOf('tenant_42', 8)).toBe(shardOf('tenant_42', 8));
    expect(inShard('anything', undefined)).toBe(true);
  });
});

describe('target names from a file or a command', () => {
  it('one per line; blank lines and # comments skipped; spaces trimmed', () => {
    expect(targetNamesFromText('# tenants\nt1\n\n  t2  \r\nt3\n')).toEqual(['t1', 't2', 't3']);
    expect(targetNamesFromText('')).toEqual([]);
  });
  it('a name listed twice is found', () => {
    expect(duplicateName(['a', 'b', 'a'])).toBe('a');
    expect(duplicateName(['a', 'b'])).toBeUndefined();
  });
});

/** Run a schedule to the end: `fails` are the indexes that fail; targets finish in start order. */
function simulate(total: number, policy: FleetPolicy, fails: number[]): { started: number[]; maxRunning: number; stoppedEarly: boolean } {
  const s = new FleetSchedule(total, policy);
  const started: number[] = [];
  const running: number[] = [];
  let maxRunning = 0;
  for (;;) {
    for (let i = s.next(); i !== undefined; i = s.next()) {
      started.push(i);
      running.push(i);
    }
    maxRunning = Math.max(maxRunning, running.length);
    const done = running.shift();
    if (done === undefined) break;
    s.finished(done, !fails.includes(done));
  }
  return { started, maxRunning, stoppedEarly: s.stoppedEarly };
}

describe('FleetSchedule: which target starts next', () => {
  const policy = (p: Partial<FleetPolicy>): FleetPolicy => ({ concurrency: 4, canary: 0, maxFailures: 0, ...p });

  it('all targets, never more than the concurrency at once', () => {
    const r = simulate(20, policy({}), []);
    expect(r.started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(r.maxRunning).toBe(4);
    expect(r.stoppedEarly).toBe(false);
  });

  it('--max-failures 0 (default): no target starts after the first failure; running ones finish', () => {
    const r = simulate(20, policy({}), [5]);
    // 5 fails when 6, 7, 8 are already running (4 at once)
    expect(r.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.stoppedEarly).toBe(true);
  });

  it('--max-failures 2: the third failure stops it', () => {
    const r = simulate(20, policy({ concurrency: 1, maxFailures: 2 }), [1, 3, 5, 7]);
    expect(r.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.stoppedEarly).toBe(true);
  });

  it('--continue-on-error: everything starts; not "stopped early"', () => {
    const r = simulate(10, policy({ maxFailures: Infinity }), [0, 1, 2]);
    expect(r.started).toHaveLength(10);
    expect(r.stoppedEarly).toBe(false);
  });

  it('a failure on the last target is not "stopped early": nothing was left unstarted', () => {
    expect(simulate(5, policy({ concurrency: 1 }), [4]).stoppedEarly).toBe(false);
  });

  it('--canary 3: the canaries alone first, then the rest', () => {
    const s = new FleetSchedule(10, policy({ canary: 3 }));
    expect([s.next(), s.next(), s.next(), s.next()]).toEqual([0, 1, 2, undefined]);
    s.finished(0, true);
    s.finished(1, true);
    expect(s.next()).toBeUndefined();
    s.finished(2, true);
    expect(s.next()).toBe(3);
  });

  it('a failed canary stops the rest even with --continue-on-error', () => {
    const r = simulate(10, policy({ canary: 3, maxFailures: Infinity }), [1]);
    expect(r.started).toEqual([0, 1, 2]);
    expect(r.stoppedEarly).toBe(true);
  });

  it('per server: no server runs more than its limit; list order is kept', () => {
    // targets alternate between two servers; 2 per server
    const s = new FleetSchedule(8, policy({ concurrency: 4 }), (i) => (i < 4 ? 0 : 1), 2);
    expect([s.next(), s.next(), s.next()]).toEqual([0, 1, undefined]);
    s.finished(0, true);
    expect(s.next()).toBe(2);
  });
});

describe('groupTargets', () => {
  it('largest group first, then by name', () => {
    const g = groupTargets(['a', 'b', 'c', 'd'], (t) => (t === 'c' ? 'pending' : 'up to date'));
    expect(g.map((x) => [x.key, x.targets])).toEqual([
      ['up to date', ['a', 'b', 'd']],
      ['pending', ['c']],
    ]);
  });
});

describe('URLs of a fleet', () => {
  it.each([
    ['postgres://u:pw@db.example:5433/app?sslmode=require', 'db.example:5433'],
    ['postgresql://db/app', 'db'],
    ['postgres:///app?host=/var/run/postgresql', '?host=/var/run/postgresql'],
  ])('serverOfUrl(%s) is %s: host and port, never the password', (url, key) => {
    expect(serverOfUrl(url)).toBe(key);
    expect(serverOfUrl(url)).not.toContain('pw');
  });

  it.each([
    ['postgres://u:pw@db:5432/app?sslmode=require', 't1', 'postgres://u:pw@db:5432/t1?sslmode=require'],
    ['postgres://db', 'tenant_7', 'postgres://db/tenant_7'],
    ['postgres:///app?host=/tmp', 'a b', 'postgres:///a%20b?host=/tmp'],
  ])('urlWithDatabase(%s, %s) keeps server, credentials and options', (url, db, expected) => {
    expect(urlWithDatabase(url, db)).toBe(expected);
  });

  it('a URL without scheme://authority has no place for a database', () => {
    expect(urlWithDatabase('db.example/app', 't1')).toBeUndefined();
  });
});
