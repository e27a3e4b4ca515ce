// drizzle's tracking table across versions: naming 0.x rows as drizzle-orm
// 1.0's upgrade does (core/tracking.ts), and planning a 1.0 folder against
// named rows (core/plan.ts). Plain data, no database.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/hash.js';
import { planEnvironment, planMigrate } from '../../../src/core/plan.js';
import { planTrackingUpgrade } from '../../../src/core/tracking.js';
import type { AppliedRow, CommittedEntry, MigrationFile, MigrationSource } from '../../../src/core/types.js';

const S = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h, mi, s);

/** A 1.0 folder migration: id = folder name, when = its second. */
function folder(name: string, when: number, sql = `CREATE TABLE "${name.slice(15)}" ("id" serial);`): MigrationFile {
  const revert = `DROP TABLE "${name.slice(15)}";`;
  return {
    id: name,
    index: 0,
    when,
    sqlPath: `drizzle/${name}/migration.sql`,
    sql,
    hash: sha256Hex(sql),
    revertPath: `drizzle/${name}/revert.sql`,
    revert: { sql: revert, hash: sha256Hex(revert), todo: false, irreversible: false },
  };
}
const row = (id: number, hash: string, createdAt: number | null, name: string | null = null): AppliedRow => ({ id, hash, createdAt, name });
const entry = (f: MigrationFile): CommittedEntry => ({ id: f.id, hash: f.hash, revertHash: f.revert!.hash, fake: false });
const source = (migrations: MigrationFile[]): MigrationSource => ({
  directory: '/p/drizzle',
  format: 'folders',
  migrations,
  committed: migrations.map(entry),
  committedPath: 'drizzle/committed.toml',
});

const a = folder('20250101120000_users', S(2025, 1, 1, 12, 0, 0));
const b = folder('20250101120000_posts', S(2025, 1, 1, 12, 0, 0)); // same second as a
const c = folder('20250102080000_tags', S(2025, 1, 2, 8, 0, 0));

describe('planTrackingUpgrade: 0.x rows named as drizzle-orm 1.0 names them', () => {
  it('one migration in the row\'s second: named (0.x kept the milliseconds of the journal\'s when)', () => {
    expect(planTrackingUpgrade([a, c], [row(1, a.hash, a.when + 734), row(2, c.hash, c.when + 5)])).toEqual({
      names: [
        { rowId: 1, name: a.id },
        { rowId: 2, name: c.id },
      ],
      problems: [],
    });
  });

  it('several in one second: matched by hash', () => {
    const up = planTrackingUpgrade([a, b], [row(1, b.hash, b.when + 1), row(2, a.hash, a.when + 2)]);
    expect(up.names).toEqual([
      { rowId: 1, name: b.id },
      { rowId: 2, name: a.id },
    ]);
  });

  it('no migration in its second (drizzle-kit up moved the time): matched by hash', () => {
    expect(planTrackingUpgrade([c], [row(7, c.hash, 12345)]).names).toEqual([{ rowId: 7, name: c.id }]);
  });

  it('refuses where drizzle-orm would guess: a hash that is not the migration\'s, a row matching nothing, a duplicate', () => {
    const up = planTrackingUpgrade([a, c], [row(1, sha256Hex('edited'), a.when), row(2, sha256Hex('gone'), null), row(3, c.hash, c.when), row(4, c.hash, c.when)]);
    expect(up.problems.map((p) => p.kind)).toEqual(['tracking-upgrade-hash', 'tracking-upgrade-unmatched', 'tracking-upgrade-duplicate']);
    expect(up.names).toEqual([{ rowId: 3, name: c.id }]);
  });
});

describe('planEnvironment on a 1.0 folder', () => {
  it('a named row is its migration\'s: applied, and the step for the next carries its name', () => {
    const plan = planMigrate(source([a, c]), { applied: [row(1, a.hash, a.when, a.id)], tries: [], fakeHashes: new Set(), trackingShape: 'v1' });
    expect(plan.plan.rows.map((r) => [r.id, r.state])).toEqual([
      [a.id, 'applied'],
      [c.id, 'pending'],
    ]);
    expect(plan.steps.map((s) => [s.id, s.name])).toEqual([[c.id, c.id]]);
  });

  it('a named row with another hash than committed is a problem (drizzle never compares hashes; ladder does)', () => {
    const plan = planEnvironment(source([a]), { applied: [row(1, sha256Hex('other'), a.when, a.id)], tries: [], fakeHashes: new Set() });
    expect(plan.problems.map((p) => [p.kind, p.migration])).toEqual([['applied-differs', a.id]]);
  });

  it('a named row matching no committed migration is unknown, shown by its name', () => {
    const plan = planEnvironment(source([a]), { applied: [row(1, a.hash, a.when, a.id), row(2, sha256Hex('x'), 1, '20240101000000_old')], tries: [], fakeHashes: new Set() });
    expect(plan.rows.find((r) => r.state === 'unknown')?.id).toBe('20240101000000_old');
  });
});
