/**
 * Two drizzle-kit PostgreSQL snapshots without the tables neither side
 * changed, for drizzle-kit's differ (issue 15: on a long history most of
 * the time went into diffing, cloning and validating hundreds of tables
 * that are the same on both sides). Pure; the snapshots are not modified.
 *
 * Why the diff stays the same (read in drizzle-kit 0.31's
 * applyPgSnapshotsDiff): a table equal on both sides yields no statement,
 * and the statements of the others come out in the same relative order.
 * The differ looks at a table other than the one it writes a statement for
 * in one place: dropping values of an enum scans every table for columns
 * of that enum (prepareDropEnumValues). So a table stays when:
 * - it is not byte-equal on both sides (JSON text, key order included), or
 * - one of its columns has the name of an enum that differs between the
 *   two sides (any schema: more than needed, never less).
 * A foreign key names its target itself (the statement is written from the
 * key alone; PostgreSQL's convertors get no schema), so its target may go.
 * Everything that is not a table (enums, schemas, sequences, views,
 * policies, roles, _meta) is kept as is.
 */

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * A table's JSON text, once per table object: each snapshot's tables are
 * compared as migration N's and again as N+1's previous, both ways (the
 * forward diff and the revert). Snapshots are never modified once read.
 */
const tableTexts = new WeakMap<object, string>();

export function tableText(t: unknown): string | undefined {
  if (t === null || typeof t !== 'object') return JSON.stringify(t);
  let text = tableTexts.get(t);
  if (text === undefined) {
    text = JSON.stringify(t);
    tableTexts.set(t, text);
  }
  return text;
}

export function withoutUnchangedTables<T extends Obj>(prev: T, cur: T): [T, T] {
  const prevTables = obj(prev['tables']);
  const curTables = obj(cur['tables']);
  const prevEnums = obj(prev['enums']);
  const curEnums = obj(cur['enums']);
  const changedEnums = new Set<string>();
  for (const key of new Set([...Object.keys(prevEnums), ...Object.keys(curEnums)])) {
    if (JSON.stringify(prevEnums[key]) !== JSON.stringify(curEnums[key])) {
      const e = obj(prevEnums[key] ?? curEnums[key]);
      changedEnums.add(typeof e['name'] === 'string' ? e['name'] : key.slice(key.indexOf('.') + 1));
    }
  }
  const usesChangedEnum = (table: unknown) =>
    changedEnums.size > 0 &&
    Object.values(obj(obj(table)['columns'])).some((c) => {
      const type = obj(c)['type'];
      return typeof type === 'string' && changedEnums.has(type.replace(/(\[\d*\])+$/, ''));
    });

  const keep = new Set<string>();
  for (const key of new Set([...Object.keys(prevTables), ...Object.keys(curTables)])) {
    const p = prevTables[key];
    const c = curTables[key];
    if (p === undefined || c === undefined || tableText(p) !== tableText(c) || usesChangedEnum(p) || usesChangedEnum(c)) keep.add(key);
  }
  if (keep.size === Object.keys(prevTables).length && keep.size === Object.keys(curTables).length) return [prev, cur];
  const pick = (tables: Obj) => Object.fromEntries(Object.entries(tables).filter(([k]) => keep.has(k)));
  return [
    { ...prev, tables: pick(prevTables) },
    { ...cur, tables: pick(curTables) },
  ];
}
