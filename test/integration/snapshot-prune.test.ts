// Issue 15 speed, without changing an outcome: drizzle-kit's differ gets
// the snapshots without the tables neither side changed
// (core/snapshot-prune.ts). Checked with REAL drizzle-kit 0.31: on every
// pair of consecutive snapshots of a real history (test/corpus-real/zero)
// and on hand-made pairs (an enum losing
// a value that an unchanged table uses; a foreign key to a table left out), the
// statements are the same, in both directions, as on the whole snapshots.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutUnchangedTables } from '../../src/core/snapshot-prune.js';
import { ambiguities, emptyPgSnapshot, loadDrizzleKit, type GenerateMigrationFn, type PgSnapshot } from '../../src/source/revert-gen.js';
import { repoRoot } from '../helpers/project.js';

let generateMigration: GenerateMigrationFn;
beforeAll(async () => {
  const kit = await loadDrizzleKit(repoRoot);
  if (!kit.ok) throw new Error(kit.reason);
  generateMigration = kit.generateMigration;
});

const diff = (a: PgSnapshot, b: PgSnapshot) => generateMigration(a, b);

async function expectSameDiff(a: PgSnapshot, b: PgSnapshot): Promise<{ whole: string[]; tablesSent: number }> {
  const whole = await diff(a, b);
  const [pa, pb] = withoutUnchangedTables(a, b);
  expect(await diff(pa, pb)).toEqual(whole);
  return { whole, tablesSent: Object.keys(pb['tables'] as object).length };
}

const col = (name: string, type = 'text', extra: Record<string, unknown> = {}) => ({ name, type, primaryKey: false, notNull: false, ...extra });
function table(name: string, columns: ReturnType<typeof col>[], foreignKeys: Record<string, unknown> = {}) {
  return {
    name,
    schema: '',
    columns: Object.fromEntries(columns.map((c) => [c.name, c])),
    indexes: {},
    foreignKeys,
    compositePrimaryKeys: {},
    uniqueConstraints: {},
    policies: {},
    checkConstraints: {},
    isRLSEnabled: false,
  };
}
function snapshot(tables: ReturnType<typeof table>[], enums: Record<string, string[]> = {}): PgSnapshot {
  return {
    ...emptyPgSnapshot(),
    id: 'x',
    tables: Object.fromEntries(tables.map((t) => [`public.${t.name}`, t])),
    enums: Object.fromEntries(Object.entries(enums).map(([n, values]) => [`public.${n}`, { name: n, schema: 'public', values }])),
  };
}

describe('the differ on pruned snapshots gives the same statements', () => {
  it('on every step of a real history, both ways', async () => {
    const meta = path.join(repoRoot, 'test', 'corpus-real', 'zero', 'drizzle', 'meta');
    const files = readdirSync(meta).filter((f) => f.endsWith('_snapshot.json')).sort();
    expect(files.length).toBeGreaterThan(20);
    const snaps = files.map((f) => JSON.parse(readFileSync(path.join(meta, f), 'utf8')) as PgSnapshot);
    let pruned = 0;
    for (let i = 1; i < snaps.length; i++) {
      // drizzle-kit would ask whether it is a rename (ladder never calls it on these whole)
      if (ambiguities(snaps[i - 1]!, snaps[i]!).length > 0) continue;
      for (const [a, b] of [
        [snaps[i - 1]!, snaps[i]!],
        [snaps[i]!, snaps[i - 1]!],
      ] as const) {
        const { tablesSent } = await expectSameDiff(a, b);
        if (tablesSent < Object.keys(b['tables'] as object).length) pruned++;
      }
    }
    // the check is worth something only if tables were left out
    expect(pruned).toBeGreaterThan(10);
  });

  it('an enum losing a value keeps the unchanged tables that use it (drizzle-kit re-types their columns)', async () => {
    const users = table('users', [col('id', 'serial', { primaryKey: true, notNull: true }), col('mood', 'mood', { typeSchema: 'public' })]);
    const a = snapshot([users, table('other', [col('x')])], { mood: ['ok', 'meh', 'great'] });
    const b = snapshot([users, table('other', [col('x'), col('y')])], { mood: ['ok', 'meh'] });
    const { whole } = await expectSameDiff(a, b);
    expect(whole.join('\n')).toContain('ALTER TABLE "users" ALTER COLUMN "mood" SET DATA TYPE text');
  });

  it('a foreign key to an unchanged table is written the same without that table', async () => {
    const parent = table('parent', [col('id', 'serial', { primaryKey: true, notNull: true })]);
    const fk = { child_parent_fk: { name: 'child_parent_fk', tableFrom: 'child', tableTo: 'parent', schemaTo: 'public', columnsFrom: ['pid'], columnsTo: ['id'], onDelete: 'no action', onUpdate: 'no action' } };
    const a = snapshot([parent, table('child', [col('pid', 'integer')]), table('alone', [col('z')])]);
    const b = snapshot([parent, table('child', [col('pid', 'integer')], fk), table('alone', [col('z')])]);
    const [, pb] = withoutUnchangedTables(a, b);
    expect(Object.keys(pb['tables'] as object)).toEqual(['public.child']);
    const { whole } = await expectSameDiff(a, b);
    expect(whole.join('\n')).toContain('REFERENCES "public"."parent"("id")');
  });
});
