/**
 * drizzle's tracking table across drizzle-orm versions. drizzle-orm 1.0
 * tracks migrations by `name` (the folder name) and upgrades a 0.x table in
 * place (drizzle-orm/up-migrations/pg.js): each row is matched to a local
 * migration by its created_at second (one candidate: taken as is; several:
 * by hash), else by hash, and gets that migration's name. ladder makes the
 * same match, and refuses where drizzle would guess: a row whose hash is not
 * the matched migration's, or that matches nothing.
 */
import type { Problem } from './errors.js';
import type { AppliedRow, MigrationFile } from './types.js';

export interface TrackingUpgrade {
  /** the name each 0.x row gets */
  names: { rowId: number; name: string }[];
  /** rows that cannot be named with confidence: nothing is upgraded while there is one */
  problems: Problem[];
}

/** created_at to the second, as drizzle-orm 1.0 compares it (its folders have second resolution). */
function toSecond(createdAt: number): number {
  return Math.floor(createdAt / 1000) * 1000;
}

export function planTrackingUpgrade(migrations: MigrationFile[], rows: AppliedRow[], environment?: string): TrackingUpgrade {
  const bySecond = new Map<number, MigrationFile[]>();
  const byHash = new Map<string, MigrationFile>();
  for (const m of migrations) {
    const second = toSecond(m.when);
    bySecond.set(second, [...(bySecond.get(second) ?? []), m]);
    if (!byHash.has(m.hash)) byHash.set(m.hash, m);
  }
  const names: TrackingUpgrade['names'] = [];
  const problems: Problem[] = [];
  const taken = new Set<string>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const candidates = row.createdAt === null ? undefined : bySecond.get(toSecond(row.createdAt));
    const matched =
      candidates && candidates.length === 1 ? candidates[0] : candidates && candidates.length > 1 ? candidates.find((c) => c.hash === row.hash) : byHash.get(row.hash);
    if (!matched) {
      problems.push({
        kind: 'tracking-upgrade-unmatched',
        environment,
        message: `tracking row ${row.id} (hash ${row.hash.slice(0, 12)}, created_at ${row.createdAt ?? 'null'}) matches no migration in the folder: it cannot be given a drizzle 1.0 name`,
        hint: 'restore the migration it was applied from, or delete the row if you are sure it is stale; drizzle-orm 1.0 refuses to upgrade such a table too',
      });
      continue;
    }
    if (matched.hash !== row.hash) {
      problems.push({
        kind: 'tracking-upgrade-hash',
        environment,
        migration: matched.id,
        file: matched.sqlPath,
        message: `tracking row ${row.id} was applied from different SQL than ${matched.sqlPath} (applied sha256 ${row.hash.slice(0, 12)}, file ${matched.hash.slice(0, 12)})`,
        hint: 'drizzle-orm 1.0 would name it anyway; restore the migration as it was applied (git log) before moving to 1.0',
      });
      continue;
    }
    if (taken.has(matched.id)) {
      problems.push({
        kind: 'tracking-upgrade-duplicate',
        environment,
        migration: matched.id,
        message: `tracking rows for ${matched.id} appear more than once (row ${row.id} is a duplicate)`,
        hint: 'delete the duplicate row: a migration is recorded once',
      });
      continue;
    }
    taken.add(matched.id);
    names.push({ rowId: row.id, name: matched.id });
  }
  return { names, problems };
}
