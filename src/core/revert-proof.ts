/**
 * Every try proves its revert (issue 15): the migration is applied, its
 * revert run, the schema compared with the one before, and the migration
 * applied again, all inside the try's transaction. These are the pure rules:
 * whether a revert can be checked, and what differs between two schema
 * snapshots (one sorted line per object, db/schema-snapshot.ts). Column order
 * is not in the snapshot: a revert that drops a column and a migration that
 * adds it back at the end leave the same schema for every query by name.
 */

/** What the try knows of a migration to decide whether its revert can be checked. */
export interface RevertCheckInput {
  revert?: { sql: string; todo: boolean; irreversible: boolean };
  /** the migration runs outside a transaction (-- ladder:no-transaction, or segmented) */
  migrationOutsideTransaction: boolean;
  /** the revert file asks to run outside a transaction (-- ladder:no-transaction) */
  revertOutsideTransaction: boolean;
}

export type RevertCheckPlan =
  | { check: true }
  /** no check; `note` is said to the user when the reason is not already visible elsewhere */
  | { check: false; note?: string };

/**
 * A ladder:todo, irreversible or missing revert is not checked: status
 * already says so, and commit refuses a todo. A migration or revert that runs
 * outside a transaction cannot be undone and redone inside the try's
 * transaction: not checked, with a note saying why (the statements of a
 * no-transaction migration commit one by one, so a failed revert check could
 * not be rolled back).
 */
export function planRevertCheck(input: RevertCheckInput): RevertCheckPlan {
  const r = input.revert;
  if (!r || r.todo || r.irreversible || r.sql.trim() === '') return { check: false };
  if (input.migrationOutsideTransaction) {
    return { check: false, note: 'revert not checked: the migration runs outside a transaction, so it cannot be undone and redone inside the try' };
  }
  if (input.revertOutsideTransaction) {
    return { check: false, note: 'revert not checked: its revert file runs outside a transaction (-- ladder:no-transaction)' };
  }
  return { check: true };
}

export interface SchemaDifference {
  /** objects the revert left that were not there before the migration */
  left: string[];
  /** objects that were there before the migration and are gone or changed after the revert */
  missing: string[];
}

/** The difference between the schema before a migration and after its revert (multisets of snapshot lines). */
export function diffSchemas(before: readonly string[], afterRevert: readonly string[]): SchemaDifference {
  const count = new Map<string, number>();
  for (const l of before) count.set(l, (count.get(l) ?? 0) + 1);
  const left: string[] = [];
  for (const l of afterRevert) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else left.push(l);
  }
  const missing: string[] = [];
  for (const l of before) {
    const n = count.get(l) ?? 0;
    if (n > 0) {
      missing.push(l);
      count.set(l, n - 1);
    }
  }
  return { left, missing };
}

export function isSameSchema(d: SchemaDifference): boolean {
  return d.left.length === 0 && d.missing.length === 0;
}

/**
 * One line for a `warning:`: what the revert left and what it did not bring
 * back, the first few of each, with a count of the rest.
 */
export function describeSchemaDifference(d: SchemaDifference, max = 3): string {
  const part = (label: string, lines: string[]) =>
    lines.length === 0 ? [] : [`${label} ${lines.slice(0, max).join('; ')}${lines.length > max ? ` (and ${lines.length - max} more)` : ''}`];
  return [...part('it leaves', d.left), ...part('it does not restore', d.missing)].join('; ') || 'no difference';
}
