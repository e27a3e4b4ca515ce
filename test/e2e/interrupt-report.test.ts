// The report of an interrupted migrate is true (issue 14): when SIGTERM comes
// while a COMMIT is on its way, the server may commit it though ladder never
// hears back. Made deterministic with synchronous replication to a standby
// that does not exist: the migration's COMMIT is written locally and then
// waits (wait_event SyncRep) until its session ends; it then stays committed.
// Before the fix, such a migration was reported "not applied, rolled back".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/embedded-postgres.mjs';
import { queryRows, withSql } from '../helpers/db.js';
import { committedProject, errorLines, INIT, removeDir, startLadder } from '../helpers/edges.js';

let server: EmbeddedServer;
const dirs: string[] = [];

beforeAll(async () => {
  // every commit would wait for the missing standby; sessions opt in (the migration does)
  server = await startEmbeddedPostgres({ prefix: 'ladder-pg-syncrep-', settings: { synchronous_standby_names: 'nobody', synchronous_commit: 'local', fsync: 'off' } });
}, 120_000);

afterAll(async () => {
  for (const d of dirs) removeDir(d);
  await server?.destroy();
});

const MIGRATIONS = [
  INIT,
  // its COMMIT waits for the standby, after it is durable locally
  { tag: '0001_fill', sql: 'SET LOCAL synchronous_commit TO on;\n--> statement-breakpoint\nINSERT INTO "items" ("name") VALUES (\'a\');\n', revert: 'DELETE FROM "items";\n' },
  { tag: '0002_more', sql: 'CREATE TABLE "more" ("id" integer);\n', revert: 'DROP TABLE "more";\n' },
];

async function waitForSyncRep(url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await queryRows(url, `select 1 from pg_stat_activity where application_name = 'drizzle-ladder' and wait_event = 'SyncRep'`);
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('migrate never reached the COMMIT of 0001_fill');
}

describe('SIGTERM while a COMMIT is in flight', () => {
  for (const json of [false, true]) {
    it(`reports the migration the server committed as applied${json ? ' (--json)' : ''}`, async () => {
      const name = `interrupt_${json ? 'json' : 'text'}`;
      await withSql(server.url, (sql) => sql.unsafe(`create database ${name}`));
      const url = server.url.replace(/\/postgres$/, `/${name}`);
      const dir = committedProject(`[environments.ci]\nconnection_url = "${url}"\n`, MIGRATIONS);
      dirs.push(dir);
      const run = startLadder(dir, ['migrate', ...(json ? ['--json'] : [])], {}, 30_000);
      await waitForSyncRep(url);
      const sent = performance.now();
      run.child.kill('SIGTERM');
      const r = await run.done;
      expect(performance.now() - sent).toBeLessThan(1000);
      expect(r.code, r.stderr).toBe(143);

      // the truth, as the database has it
      const tracked = await queryRows<{ n: number }>(url, 'select count(*)::int as n from drizzle.__drizzle_migrations');
      const items = await queryRows<{ n: number }>(url, 'select count(*)::int as n from items');
      expect(tracked[0]!.n).toBe(2);
      expect(items[0]!.n).toBe(1);

      // and the report says the same
      expect(errorLines(r.stderr)).toEqual(['error: ci: interrupted by SIGTERM: applied 0000_init, 0001_fill; not applied: 0002_more']);
      expect(r.stderr).toMatch(/^hint: 0002_more was rolled back; run ladder migrate again/m);
      if (json) {
        const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: number; partial: { current: { applied: { id: string }[] } } } };
        expect(doc.ok).toBe(false);
        expect(doc.error.code).toBe(143);
        expect(doc.error.partial.current.applied.map((a) => a.id)).toEqual(['0000_init', '0001_fill']);
      }
    });
  }
});
