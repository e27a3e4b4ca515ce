// Poolers (issue 14 item 1) with a real PgBouncer 1.18 in front of the test
// server: 8 deployers at once, 5 rounds, in transaction mode (every deployer
// refused before changing anything) and in session mode (a normal session:
// each migration applied exactly once). Afterwards no advisory lock is left,
// checked on the direct URL. Skipped, saying why, when pgbouncer is absent
// (.ci/run installs it).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EnvironmentConfig } from '../../src/config/types.js';
import { connect as connectLadder } from '../../src/db/connect.js';
import { refuseTransactionPooler } from '../../src/db/pooler.js';
import { isLadderError, migrate } from '../../src/index.js';
import { connect, freshDatabase, type FreshDatabase, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { pgbouncerBinary, startPgbouncer, type Bouncer } from '../helpers/pgbouncer.js';
import { runLadder } from '../helpers/project.js';

const binary = pgbouncerBinary();
if (!binary) console.warn('[pooler tests] skipped: the pgbouncer binary is not installed (apt-get install -y pgbouncer)');

const DEPLOYERS = 8;
const ROUNDS = 5;
const MIGRATIONS = 10;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

/** Non-idempotent migrations: each adds 1 to a counter and a row to `runs`; run twice, it shows. */
function build(f: Folder): void {
  f.add('counter', [
    'CREATE TABLE "counter" ("n" integer NOT NULL);',
    'INSERT INTO "counter" VALUES (1);',
    'CREATE TABLE "runs" ("tag" text NOT NULL, "pid" integer NOT NULL DEFAULT pg_backend_pid());',
    `INSERT INTO "runs" ("tag") VALUES ('0000');`,
  ]);
  for (let i = 1; i < MIGRATIONS; i++) {
    const tag = String(i).padStart(4, '0');
    const stmts = ['UPDATE "counter" SET "n" = "n" + 1;', `INSERT INTO "runs" ("tag") VALUES ('${tag}');`];
    if (i === 3) stmts.push('SELECT pg_sleep(0.2);'); // the others pile up meanwhile
    f.add(`bump${i}`, stmts);
  }
}

interface Round {
  db: FreshDatabase;
  sql: Sql;
  folder: Folder;
}

async function round(): Promise<Round> {
  const db = await freshDatabase(inject('pgUrl'), 'ladder_pooler');
  const sql = connect(db.url);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-pooler-'));
  cleanups.push(async () => {
    await sql.end({ timeout: 5 });
    await db.drop();
    await fs.rm(root, { recursive: true, force: true });
  });
  await fs.writeFile(path.join(root, 'ladder.toml'), '[environments.prod]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n');
  const folder = new Folder(root);
  build(folder);
  await folder.write();
  return { db, sql, folder };
}

/** Advisory locks held in this round's database (on the direct URL). */
async function advisoryLocks(sql: Sql): Promise<unknown[]> {
  return [...await sql`select pid from pg_locks where locktype = 'advisory' and granted
              and database = (select oid from pg_database where datname = current_database())`];
}

async function nothingChanged(sql: Sql): Promise<void> {
  const [r] = await sql`select to_regnamespace('drizzle')::text as s, to_regclass('public.counter')::text as c, to_regclass('public.runs')::text as r`;
  expect(r).toEqual({ s: null, c: null, r: null });
}

async function eachAppliedOnce(sql: Sql, folder: Folder): Promise<void> {
  const rows = await sql`select hash from drizzle.__drizzle_migrations order by id`;
  expect(rows.map((r) => r.hash)).toEqual(folder.migs.map((m) => folder.hash(m.tag)));
  const runs = await sql`select tag, count(*)::int as n from runs group by tag order by tag`;
  expect(runs).toEqual(folder.migs.map((m) => ({ tag: m.tag.slice(0, 4), n: 1 })));
  expect((await sql`select n from counter`)[0]!.n).toBe(MIGRATIONS);
}

/** 8 migrate() calls at once through url; each one's outcome: 0 or the LadderError's exit code and message. */
async function deploy(url: string, folder: Folder): Promise<{ code: number; message: string }[]> {
  const config = { root: folder.root, environments: { prod: { connectionUrl: url, isProduction: true } } };
  return Promise.all(
    Array.from({ length: DEPLOYERS }, () =>
      migrate({ config, env: 'prod', lockTimeoutMs: 60_000 }).then(
        () => ({ code: 0, message: '' }),
        (e: unknown) => ({ code: isLadderError(e) ? e.code : -1, message: e instanceof Error ? e.message : String(e) }),
      ),
    ),
  );
}

describe.skipIf(!binary)('through a real PgBouncer', () => {
  let transaction: Bouncer;
  let session: Bouncer;
  beforeAll(async () => {
    transaction = await startPgbouncer(inject('pgUrl'), 'transaction');
    session = await startPgbouncer(inject('pgUrl'), 'session');
    cleanups.push(() => transaction.stop(), () => session.stop());
  });

  it(`transaction mode, ${DEPLOYERS} deployers x ${ROUNDS} rounds: every deployer refused (exit 2) before changing anything, no lock left`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { db, sql, folder } = await round();
      const outcomes = await deploy(transaction.urlFor(db.url), folder);
      for (const o of outcomes) {
        expect(o.code, o.message).toBe(2);
        expect(o.message).toMatch(/this URL goes through a transaction pooler/);
      }
      await nothingChanged(sql);
      expect(await advisoryLocks(sql)).toEqual([]);
    }
  }, 120_000);

  it(`session mode, ${DEPLOYERS} deployers x ${ROUNDS} rounds: a normal session, each migration applied exactly once, no lock left`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { db, sql, folder } = await round();
      const outcomes = await deploy(session.urlFor(db.url), folder);
      for (const o of outcomes) expect(o.code, o.message).toBe(0);
      await eachAppliedOnce(sql, folder);
      expect(await advisoryLocks(sql)).toEqual([]);
    }
  }, 120_000);

  it('the CLI through transaction mode: exit 2, one error line naming the environment, a hint with the direct URL, nothing changed', async () => {
    const { db, sql, folder } = await round();
    const env = { DATABASE_URL: transaction.urlFor(db.url) };
    const results = await Promise.all(Array.from({ length: DEPLOYERS }, () => runLadder(folder.root, ['migrate'], { env })));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0], r.stderr).toMatch(/^error: prod: refused: this URL goes through a transaction pooler \(.+\), .*nothing was changed$/);
      expect(lines.some((l) => /^hint: use the direct URL for migrations/.test(l)), r.stderr).toBe(true);
      const password = decodeURIComponent(new URL(db.url).password);
      if (password) expect(r.stderr).not.toContain(`:${password}@`);
    }
    await nothingChanged(sql);
    expect(await advisoryLocks(sql)).toEqual([]);
    // the direct URL then applies everything once
    const direct = await runLadder(folder.root, ['migrate'], { env: { DATABASE_URL: db.url } });
    expect(direct.code, direct.stderr).toBe(0);
    await eachAppliedOnce(sql, folder);
  }, 120_000);

  it('the CLI through session mode: 8 processes, all exit 0, each migration applied once', async () => {
    const { db, sql, folder } = await round();
    const env = { DATABASE_URL: session.urlFor(db.url) };
    const results = await Promise.all(Array.from({ length: DEPLOYERS }, () => runLadder(folder.root, ['migrate'], { env })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    await eachAppliedOnce(sql, folder);
    expect(await advisoryLocks(sql)).toEqual([]);
  }, 120_000);

  it('statement mode: refused (exit 2) before changing anything', async () => {
    const statement = await startPgbouncer(inject('pgUrl'), 'statement');
    cleanups.push(() => statement.stop());
    const { db, sql, folder } = await round();
    const outcomes = await deploy(statement.urlFor(db.url), folder);
    for (const o of outcomes) {
      expect(o.code, o.message).toBe(2);
      expect(o.message).toMatch(/this URL goes through a transaction pooler/);
    }
    await nothingChanged(sql);
    expect(await advisoryLocks(sql)).toEqual([]);
  });

  it('a postgres.js client given as db through PgBouncer: refused (exit 2) unless LADDER_POOLER=session, which session mode then passes', async () => {
    const { db, sql, folder } = await round();
    const config = { root: folder.root, environments: { prod: { connectionUrl: db.url } } };
    const viaTransaction = connect(transaction.urlFor(db.url), { max: 2 });
    const viaSession = connect(session.urlFor(db.url), { max: 2 });
    try {
      const e = await migrate({ config, env: 'prod', db: viaTransaction, processEnv: {} }).catch((x: unknown) => x);
      expect(isLadderError(e) && e.code, String(e)).toBe(2);
      expect((e as Error).message).toMatch(/the db client given goes through a pooler/);
      await nothingChanged(sql);
      await migrate({ config, env: 'prod', db: viaSession, processEnv: { LADDER_POOLER: 'session' } });
      await eachAppliedOnce(sql, folder);
      expect(await advisoryLocks(sql)).toEqual([]);
    } finally {
      await viaTransaction.end({ timeout: 5 });
      await viaSession.end({ timeout: 5 });
    }
  });

  it('read-only commands still work through transaction mode (status)', async () => {
    const { db, folder } = await round();
    const r = await runLadder(folder.root, ['status'], { env: { DATABASE_URL: transaction.urlFor(db.url) } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0000_counter/);
  });
});

describe('the address of a documented transaction pooler', () => {
  // The lock's session is a real one on the test server; only the address
  // ladder was given looks like Supabase's transaction pooler. The refusal
  // comes from the address, before any query.
  const real = () => new URL(inject('pgUrl'));
  const envFor = (host: string, port: number): EnvironmentConfig => {
    const u = real();
    return {
      name: 'prod',
      isProduction: true,
      display: host,
      connection: { kind: 'params', host, port, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: 'postgres' },
    };
  };
  const direct = (): EnvironmentConfig => ({ name: 'prod', isProduction: true, display: 'direct', connection: { kind: 'url', url: inject('pgUrl') } });

  it('is refused with exit 2 naming where Supabase documents the direct URL; LADDER_POOLER=session lets the server decide', async () => {
    const db = await connectLadder(direct());
    const session = await db.lockSession();
    let queries = 0;
    const counted = { ...session, query: ((text: string, params?: unknown[]) => (queries++, session.query(text, params))) as typeof session.query };
    try {
      const env = envFor('aws-0-eu-west-1.pooler.supabase.com', 6543);
      const e = await refuseTransactionPooler({ env, session: counted, openSecond: () => connectLadder(direct()), processEnv: {} }).catch((x: unknown) => x);
      expect(isLadderError(e) && e.code).toBe(2);
      expect((e as Error).message).toMatch(/transaction pooler \(aws-0-eu-west-1\.pooler\.supabase\.com:6543 is Supabase's transaction pooler\)/);
      expect(isLadderError(e) && e.hint).toMatch(/supabase\.co:5432.*https:\/\/supabase\.com\/docs/);
      expect(queries).toBe(0);

      // overridden: the server is asked (the port differs from the one "connected to": the probe runs) and it is a real session
      await refuseTransactionPooler({ env, session: counted, openSecond: () => connectLadder(direct()), processEnv: { LADDER_POOLER: 'session' } });
      expect(queries).toBeGreaterThan(1);
      // a direct connection: one query, no probe
      queries = 0;
      await refuseTransactionPooler({ env: direct(), session: counted, openSecond: () => Promise.reject(new Error('no probe expected')), processEnv: {} });
      expect(queries).toBe(1);
    } finally {
      await session.release();
      await db.close();
    }
  });
});
