// The last line of defence behind pooler detection (issue 14 item 1): should
// detection miss a transaction pooler, the migrate lock is taken
// non-reentrantly with an owner mark and every migration's transaction checks
// that its server session holds it, so no migration is ever applied twice.
// Here detection is switched off on purpose and 8 deployers go through a real
// PgBouncer in transaction mode: some fail, none double-applies.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { isLadderError, migrate } from '../../src/index.js';
import { acquireLock, LOCK_GUARD_MARK } from '../../src/db/lock.js';
import { openPostgres } from '../../src/db/postgres-js.js';
import { connect, freshDatabase, type Sql } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { pgbouncerBinary, startPgbouncer, type Bouncer } from '../helpers/pgbouncer.js';

vi.mock('../../src/db/pooler.js', () => ({ refuseTransactionPooler: async () => {} }));

const binary = pgbouncerBinary();
if (!binary) console.warn('[pooler guard tests] skipped: the pgbouncer binary is not installed (apt-get install -y pgbouncer)');

const MIGRATIONS = 10;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
});

describe.skipIf(!binary)('detection missed (switched off): the lock guard', () => {
  let bouncer: Bouncer;
  beforeAll(async () => {
    bouncer = await startPgbouncer(inject('pgUrl'), 'transaction');
    cleanups.push(() => bouncer.stop());
  });

  it('8 deployers x 5 rounds through transaction pooling: no migration applied twice; the direct URL then completes the rest once', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      const db = await freshDatabase(inject('pgUrl'), 'ladder_guard');
      const sql: Sql = connect(db.url);
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-guard-'));
      cleanups.push(async () => {
        await sql.end({ timeout: 5 });
        await db.drop();
        await fs.rm(root, { recursive: true, force: true });
      });
      const folder = new Folder(root);
      folder.add('counter', ['CREATE TABLE IF NOT EXISTS "counter" ("n" integer NOT NULL);', 'CREATE TABLE IF NOT EXISTS "runs" ("tag" text NOT NULL);', `INSERT INTO "runs" VALUES ('0000');`]);
      for (let i = 1; i < MIGRATIONS; i++) folder.add(`bump${i}`, [`INSERT INTO "runs" VALUES ('${String(i).padStart(4, '0')}');`]);
      await folder.write();

      const through = { root, environments: { prod: { connectionUrl: bouncer.urlFor(db.url) } } };
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          migrate({ config: through, env: 'prod', lockTimeoutMs: 3_000 }).then(
            () => 'exit 0',
            (e: unknown) => (isLadderError(e) ? `exit ${e.code}: ${e.message.replace(/\d+/g, 'N').slice(0, 120)}` : `thrown: ${String(e).slice(0, 120)}`),
          ),
        ),
      );
      for (const r of results) outcomes.set(r, (outcomes.get(r) ?? 0) + 1);
      // (a run may also fail in ensureLedger's CREATE SCHEMA racing another: not this test's subject)

      const twice = async () =>
        (await sql`select to_regclass('public.runs')::text as r`)[0]!.r === null
          ? []
          : await sql`select tag, count(*)::int as n from runs group by tag having count(*) > 1`;
      expect(await twice()).toEqual([]);
      if ((await sql`select to_regclass('drizzle.__drizzle_migrations')::text as r`)[0]!.r !== null) {
        expect(await sql`select hash from drizzle.__drizzle_migrations group by hash having count(*) > 1`).toEqual([]);
      }

      // A release through the pooler may land on another server session: the
      // lock can stay on a pooled one (what detection prevents). End those sessions, then go direct.
      await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'
                 and database = (select oid from pg_database where datname = current_database())`;
      const direct = { root, environments: { prod: { connectionUrl: db.url } } };
      await migrate({ config: direct, env: 'prod', lockTimeoutMs: 10_000 });
      const runs = await sql`select tag, count(*)::int as n from runs group by tag order by tag`;
      expect(runs).toEqual(folder.migs.map((m) => ({ tag: m.tag.slice(0, 4), n: 1 })));
    }
    console.log('[pooler guard] outcomes over 40 deploys:', Object.fromEntries(outcomes));
  }, 180_000);
});

// What the deployers above rely on, without a pooler: the lock comes with a
// guard each migration's transaction runs first, which passes only on the
// server session holding the lock. (Through a pooler the wrong session is a
// race the test above cannot always provoke.)
describe('the lock guard on real PostgreSQL', () => {
  it('passes in a transaction of the session holding the lock, and fails with its mark in any other', async () => {
    const db = await freshDatabase(inject('pgUrl'), 'ladder_guard');
    const holder = await openPostgres(db.url);
    const other = await openPostgres(db.url);
    cleanups.push(async () => {
      await holder.close();
      await other.close();
      await db.drop();
    });
    const lock = await acquireLock(await holder.lockSession(), { key: 4242n, timeoutMs: 1_000, environment: 'prod' });
    const guard = (c: typeof holder) => c.transaction((tx) => tx.query<{ ok: number }>(lock.guardSql!));
    expect(await guard(holder)).toEqual([{ ok: 1 }]);
    await expect(guard(other)).rejects.toThrow(LOCK_GUARD_MARK);
    await lock.release();
  });
});
