import { describe, expect, it } from 'vitest';
import { directUrlHint, proxySigns, sharedSessionProof, targetOfUrl, urlSign, type ProbeRound } from '../../../src/core/pooler.js';

const sign = (url: string) => {
  const s = urlSign(targetOfUrl(url));
  return s && { provider: s.provider, mode: s.mode };
};

describe('urlSign: what the address says', () => {
  it.each([
    // Neon: pooled endpoints carry -pooler in the host (transaction mode)
    ['postgresql://u:p@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require', { provider: 'neon', mode: 'transaction' }],
    ['postgresql://u:p@EP-X-1-POOLER.eu-central-1.aws.neon.tech:5432/db', { provider: 'neon', mode: 'transaction' }],
    // Supabase: Supavisor on 6543 is transaction mode, on 5432 session mode
    ['postgres://postgres.abcd:p@aws-0-eu-west-1.pooler.supabase.com:6543/postgres', { provider: 'supabase', mode: 'transaction' }],
    ['postgres://postgres.abcd:p@aws-0-eu-west-1.pooler.supabase.com:5432/postgres', { provider: 'supabase', mode: 'proxy' }],
    ['postgres://postgres:p@db.abcdefgh.supabase.co:6543/postgres', { provider: 'supabase', mode: 'transaction' }],
    // Prisma's convention for a transaction-mode PgBouncer
    ['postgres://u:p@db.internal:6432/app?pgbouncer=true', { provider: 'pgbouncer', mode: 'transaction' }],
    ['postgres://u:p@db.internal:6432/app?PgBouncer=TRUE', { provider: 'pgbouncer', mode: 'transaction' }],
    ['postgres://u:p@db.internal:6432/app?pgbouncer=1', { provider: 'pgbouncer', mode: 'transaction' }],
    // RDS Proxy: pinned by a session lock, so the server is asked
    ['postgres://u:p@my-proxy.proxy-c1abcdefgh.us-east-1.rds.amazonaws.com:5432/app', { provider: 'rds-proxy', mode: 'proxy' }],
    // a port poolers use, on an unknown host: the server is asked
    ['postgres://u:p@10.0.0.5:6543/app', { provider: 'pooler', mode: 'proxy' }],
  ])('%s', (url, expected) => {
    expect(sign(url)).toEqual(expected);
  });

  it.each([
    'postgres://u:p@localhost:5432/app',
    'postgres://u:p@127.0.0.1/app',
    'postgresql://u:p@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb', // Neon's direct endpoint
    'postgres://postgres:p@db.abcdefgh.supabase.co:5432/postgres', // Supabase's direct connection
    'postgres://u:p@mydb.c1abcdefgh.us-east-1.rds.amazonaws.com:5432/app', // an RDS instance endpoint
    'postgres://u:p@db.internal:6432/app?pgbouncer=false',
    'postgres://u:p@pooler-not.example.com:5432/app',
    'not a url',
    'postgres://u:p@host1:5432,host2:5432/app',
  ])('no sign: %s', (url) => {
    expect(sign(url)).toBeUndefined();
  });

  it('connection_params: host and port', () => {
    expect(urlSign({ host: 'aws-0-x.pooler.supabase.com', port: 6543 })?.mode).toBe('transaction');
    expect(urlSign({ host: 'aws-0-x.pooler.supabase.com', port: 5432 })?.mode).toBe('proxy');
    expect(urlSign({ host: 'db', port: 5432 })).toBeUndefined();
  });
});

describe('targetOfUrl', () => {
  it.each([
    ['postgres://u:p@h.example:6543/db?pgbouncer=true', { host: 'h.example', port: 6543, params: { pgbouncer: 'true' } }],
    ['postgres://u:p@h.example/db', { host: 'h.example', params: {} }],
    ['postgres://u:p@[::1]:5433/db', { host: '::1', port: 5433, params: {} }],
    ['postgres:///db?host=/var/run/postgresql&port=6432', { host: '/var/run/postgresql', port: 6432, params: { host: '/var/run/postgresql', port: '6432' } }],
    ['::::', {}],
  ])('%s', (url, expected) => {
    expect(targetOfUrl(url)).toEqual(expected);
  });
});

describe('proxySigns: what the server says on our session', () => {
  it.each([
    [{ backendPid: 100, keyPid: 100, connectedPort: 5432, serverPort: 5432 }, 0],
    [{ backendPid: 100, keyPid: 100, connectedPort: 5432, serverPort: null }, 0], // the server reached over a Unix socket by itself
    [{ backendPid: 100, connectedPort: 5432, serverPort: 5432 }, 0], // a driver that does not tell the cancel key
    [{ backendPid: 100, keyPid: 1986915190, connectedPort: 6432, serverPort: 5432 }, 2], // PgBouncer
    [{ backendPid: 100, keyPid: 1986915190, connectedPort: 5432, serverPort: 5432 }, 1], // a pooler on the server's port
    [{ backendPid: 100, keyPid: 100, connectedPort: 15432, serverPort: 5432 }, 1], // a port mapping (not proof: the probe decides)
  ])('%j: %i sign(s)', (facts, n) => {
    expect(proxySigns(facts)).toHaveLength(n);
  });
});

describe('sharedSessionProof: the probe round', () => {
  const base: ProbeRound = { token: 't', aPid: 1, bPid: 2, bSaw: null, aPidAgain: 1, aSawAgain: 't' };
  it.each<[string, Partial<ProbeRound>, boolean]>([
    ['a real session (direct or session pooling)', {}, false],
    ['B ran on A\'s server session', { bPid: 1, bSaw: 't' }, true],
    ['B saw A\'s setting on another pid (a pid reused after a reconnect)', { bSaw: 't' }, true],
    ['A moved to another server session', { aPidAgain: 3, aSawAgain: null }, true],
    ['A no longer sees its own setting', { aSawAgain: null }, true],
  ])('%s', (_what, change, shared) => {
    expect(sharedSessionProof({ ...base, ...change }) !== undefined).toBe(shared);
  });
});

describe('directUrlHint', () => {
  it('names where each provider documents its direct URL', () => {
    expect(directUrlHint('neon')).toMatch(/without "-pooler".*neon\.tech/);
    expect(directUrlHint('supabase')).toMatch(/db\.<ref>\.supabase\.co:5432.*supabase\.com\/docs/);
    expect(directUrlHint('rds-proxy')).toMatch(/DB instance or cluster endpoint.*aws\.amazon\.com/);
    for (const p of [undefined, 'pgbouncer', 'pooler'] as const) expect(directUrlHint(p)).toMatch(/Neon.*Supabase.*RDS Proxy.*PgBouncer/);
  });
});
