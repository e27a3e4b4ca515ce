// `rollback` of -- ladder:no-transaction migrations (issue 18) on real
// PostgreSQL: the revert runs statement by statement outside a transaction
// (DROP INDEX CONCURRENTLY undoes CREATE INDEX CONCURRENTLY), the tracking row
// goes with the last statement; a failing statement stops the revert there,
// the error says which statements ran, and the next rollback resumes after
// them (a statement that ran is never run twice).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../src/api/migrate.js';
import { rollback } from '../../src/api/rollback.js';
import { status } from '../../src/api/status.js';
import { PGlite } from '@electric-sql/pglite';
import { connect, freshDatabase, freshPglite, queryRows, type FreshDatabase } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { rejection } from '../helpers/errors.js';

const temps: string[] = [];
const dbs: FreshDatabase[] = [];
afterAll(async () => {
  for (const d of dbs.splice(0)) await d.drop().catch(() => {});
  for (const t of temps.splice(0)) await fs.rm(t, { recursive: true, force: true });
});

async function setup(): Promise<{ folder: Folder; url: string; o: { cwd: string } }> {
  const db = await freshDatabase(inject('pgUrl'));
  dbs.push(db);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-rollback-notx-'));
  temps.push(root);
  await fs.writeFile(path.join(root, 'ladder.toml'), `[environments.ci]\nconnection_url = "${db.url}"\n`);
  return { folder: new Folder(root), url: db.url, o: { cwd: root } };
}

const refusal = rejection;

const indexes = async (url: string) =>
  (await queryRows<{ indexname: string }>(url, `select indexname from pg_indexes where tablename = 'big' order by 1`)).map((r) => r.indexname);
const tables = async (url: string) =>
  (await queryRows<{ t: string }>(url, `select tablename as t from pg_tables where schemaname = 'public' order by 1`)).map((r) => r.t);
const tracking = async (url: string) => (await queryRows<{ hash: string }>(url, 'select hash from drizzle.__drizzle_migrations order by id')).length;
const partials = (url: string) => queryRows<{ migration_id: string; statements_done: number }>(url, 'select migration_id, statements_done from drizzle.__ladder_partial');
const rollbackLog = (url: string) =>
  queryRows<{ migration_id: string; ok: boolean }>(url, `select migration_id, ok from drizzle.__ladder_log where action = 'rollback' order by id`);

/** A table with data, and a no-transaction migration building two indexes CONCURRENTLY, applied; its revert drops them. */
async function twoIndexes(): Promise<{ url: string; o: { cwd: string }; base: string; notx: string }> {
  const { folder, url, o } = await setup();
  const base = folder.add('big', ['CREATE TABLE "big" ("v" integer, "w" integer);', 'INSERT INTO "big" SELECT g, g FROM generate_series(1, 5000) g;']);
  const notx = folder.add(
    'indexes',
    ['-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY "big_v_idx" ON "big" ("v");', 'CREATE INDEX CONCURRENTLY "big_w_idx" ON "big" ("w");'],
    // no directive in the revert file: the migration's makes it run outside a transaction
    { revert: 'DROP INDEX CONCURRENTLY "big_w_idx";\n--> statement-breakpoint\nDROP INDEX CONCURRENTLY "big_v_idx";\n' },
  );
  await folder.write();
  await migrate(o);
  return { url, o, base, notx };
}

describe('rollback of a no-transaction migration (PostgreSQL)', () => {
  it('CREATE INDEX CONCURRENTLY is reverted with DROP INDEX CONCURRENTLY, outside a transaction; migrate applies it again', async () => {
    const { url, o, base, notx } = await twoIndexes();
    expect(await indexes(url)).toEqual(['big_v_idx', 'big_w_idx']);

    const dry = await rollback({ ...o, dryRun: true });
    expect(dry.environments[0]!.planned.map((p) => [p.id, p.noTransaction])).toEqual([[notx, true]]);

    const r = await rollback(o);
    expect(r.environments[0]!.reverted.map((x) => x.id)).toEqual([notx]);
    expect(await indexes(url)).toEqual([]);
    expect(await tracking(url)).toBe(1);
    expect(await partials(url)).toEqual([]);
    expect(await rollbackLog(url)).toEqual([{ migration_id: notx, ok: true }]);
    const states = (await status(o)).environments[0]!.migrations.map((m) => [m.id, m.state]);
    expect(states).toEqual([
      [base, 'applied'],
      [notx, 'pending'],
    ]);

    const again = await migrate(o);
    expect(again.environments[0]!.applied.map((a) => a.id)).toEqual([notx]);
    expect(await indexes(url)).toEqual(['big_v_idx', 'big_w_idx']);
    expect(await tracking(url)).toBe(2);
  });

  it('interrupted after DROP INDEX CONCURRENTLY ran, before its progress was written: the next rollback goes on, without dropping it twice', async () => {
    const { url, o, notx } = await twoIndexes();
    // a session holds the progress table: the first drop finishes, writing its progress waits
    const blocker = connect(url, { max: 1 });
    const held = await blocker.reserve();
    try {
      await held.unsafe('BEGIN');
      await held.unsafe('LOCK TABLE drizzle.__ladder_partial IN EXCLUSIVE MODE');
      const interrupt = new AbortController();
      const run = rollback({ ...o, signal: interrupt.signal }).catch((e: unknown) => e);
      for (let i = 0; i < 400; i++) {
        const [w] = await queryRows<{ n: number }>(url, `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'drizzle-ladder' and wait_event_type = 'Lock'`);
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await indexes(url)).toEqual(['big_v_idx']);
      interrupt.abort(new Error('SIGTERM'));
      expect(await run).toBeInstanceOf(Error);
      await held.unsafe('ROLLBACK');
    } finally {
      held.release();
      await blocker.end({ timeout: 1 });
    }
    expect(await partials(url)).toEqual([]);
    expect(await tracking(url)).toBe(2);

    const notices: string[] = [];
    const r = await rollback({ ...o, onNotice: (m) => notices.push(m) });
    expect(r.environments[0]!.reverted.map((x) => x.id)).toEqual([notx]);
    expect(notices).toEqual([`${notx}: index "big_w_idx" does not exist: dropped before the interruption, not dropped again`]);
    expect(await indexes(url)).toEqual([]);
    expect(await tracking(url)).toBe(1);
    expect(await partials(url)).toEqual([]);
    await migrate(o);
    expect(await indexes(url)).toEqual(['big_v_idx', 'big_w_idx']);
  });

  it('a failing statement stops the revert there, says which ran; the next rollback resumes after them', async () => {
    const { folder, url, o } = await setup();
    folder.add('base', 'CREATE TABLE "keep" ("n" integer);');
    const notx = folder.add(
      'three',
      ['-- ladder:no-transaction\nCREATE TABLE "a" ("n" integer);', 'CREATE TABLE "b" ("n" integer);', 'CREATE TABLE "c" ("n" integer);'],
      { revert: '-- ladder:no-transaction\nDROP TABLE "c";\n--> statement-breakpoint\nDROP TABLE "b";\n--> statement-breakpoint\nDROP TABLE "a";\n' },
    );
    await folder.write();
    await migrate(o);
    // something outside the migration depends on "b": its DROP fails
    await queryRows(url, 'create view "b_view" as select * from "b"');

    const e = await refusal(rollback(o));
    expect(e.code).toBe(1);
    expect(`${e.environment}: ${e.message}`).toMatch(
      new RegExp(`^ci: rollback of ${notx} stopped at statement 2 of 3 \\(drizzle/${notx}\\.revert\\.sql:4\\): cannot drop table b because other objects depend on it \\(SQLSTATE 2BP01\\)$`),
    );
    expect(e.detail).toContain('statement 1 of 3 ran and stays committed; statement 2 failed; statement 3 did not run');
    expect(e.hint).toContain(`${notx} is still recorded as applied`);
    expect(e.hint).toContain('run `ladder rollback` again: it resumes at statement 2');
    expect(e.partial).toMatchObject({ environments: [], current: { stopped: { migration: notx, statementsDone: 1, statementsTotal: 3, failedStatement: 2 } } });
    // nothing after the failed statement ran; the tracking row stays
    expect(await tables(url)).toEqual(['a', 'b', 'keep']);
    expect(await tracking(url)).toBe(2);
    expect(await partials(url)).toEqual([{ migration_id: notx, statements_done: 1 }]);
    expect(await rollbackLog(url)).toEqual([{ migration_id: notx, ok: false }]);
    const row = (await status(o)).environments[0]!.migrations.find((m) => m.id === notx)!;
    expect([row.state, row.rollbackStatementsDone]).toEqual(['applied', 1]);
    // migrate does not run it again: it is still applied
    expect((await migrate(o)).environments[0]!.applied).toEqual([]);

    await queryRows(url, 'drop view "b_view"');
    const plan = await rollback({ ...o, dryRun: true });
    expect(plan.environments[0]!.planned[0]!.statementsDone).toBe(1);
    // DROP TABLE "c" would fail if it ran twice
    const r = await rollback(o);
    expect(r.environments[0]!.reverted.map((x) => x.id)).toEqual([notx]);
    expect(await tables(url)).toEqual(['keep']);
    expect(await tracking(url)).toBe(1);
    expect(await partials(url)).toEqual([]);
    expect(await rollbackLog(url)).toEqual([
      { migration_id: notx, ok: false },
      { migration_id: notx, ok: true },
    ]);
    await migrate(o);
    expect(await tables(url)).toEqual(['a', 'b', 'c', 'keep']);
  });
});

describe('rollback of a no-transaction migration (PGlite)', () => {
  it('CREATE INDEX CONCURRENTLY is reverted (PGlite runs it without CONCURRENTLY), then applied again', async () => {
    const t = await freshPglite();
    const db = new PGlite(t.dir);
    await db.waitReady;
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-rollback-notx-'));
    temps.push(root);
    try {
      await fs.writeFile(path.join(root, 'ladder.toml'), `[environments.dev]\npglite = "${t.dir}"\n`);
      const folder = new Folder(root);
      folder.add('big', 'CREATE TABLE "big" ("v" integer);');
      const notx = folder.add('index', '-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY "big_v_idx" ON "big" ("v");', { revert: 'DROP INDEX CONCURRENTLY "big_v_idx";\n' });
      await folder.write();
      const o = { cwd: root, db };
      await migrate(o);
      const idx = async () => (await queryRows<{ indexname: string }>(db, `select indexname from pg_indexes where tablename = 'big'`)).map((r) => r.indexname);
      expect(await idx()).toEqual(['big_v_idx']);
      const r = await rollback(o);
      expect(r.environments[0]!.reverted.map((x) => x.id)).toEqual([notx]);
      expect(await idx()).toEqual([]);
      expect((await queryRows(db, 'select 1 from drizzle.__drizzle_migrations')).length).toBe(1);
      await migrate(o);
      expect(await idx()).toEqual(['big_v_idx']);
    } finally {
      await db.close();
      await t.cleanup();
    }
  });
});
