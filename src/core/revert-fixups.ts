/**
 * Corrections to the revert SQL drizzle-kit 0.31 generates from swapped
 * snapshots, where its statements fail on PostgreSQL as written (issue 15).
 * Each rule only changes statements that would fail, so a revert that runs
 * today runs the same way. Pure: statements and facts from the snapshots in,
 * statements out.
 */

/** What the fixups need to know of the schema the revert starts from (the migration's snapshot). */
export interface RevertContext {
  /** names of the foreign keys in that schema */
  foreignKeys: ReadonlySet<string>;
  /** column type in that schema, by `table` or `schema.table` (as the statement names it) and column name */
  columnType(table: string, column: string): string | undefined;
  /**
   * CHECK constraints of `table` that use `column` and that the revert keeps
   * (the same in the schema before and after the migration): name and expression.
   */
  checksUsing(table: string, column: string): { name: string; expression: string }[];
}

const DROP_CONSTRAINT = /^ALTER TABLE ("[^"]+"(?:\."[^"]+")?) DROP CONSTRAINT "([^"]+)";?$/;
const SET_TYPE = /^(ALTER TABLE ("[^"]+"(?:\."[^"]+")?) ALTER COLUMN "([^"]+)" SET DATA TYPE ([^;]+?));?$/;

/**
 * 1. Foreign keys first. A migration that creates a table and a foreign key
 *    to it from an existing table gets `DROP TABLE "new" CASCADE` (which drops
 *    the foreign key with it) and then `ALTER TABLE "old" DROP CONSTRAINT
 *    "old_new_fk"`, which fails: "constraint ... does not exist". Dropping
 *    foreign keys before anything else is always possible (nothing depends on
 *    a foreign key) and is the order a person would write.
 * 2. A type change back that PostgreSQL cannot do by assignment (text to
 *    integer, boolean to integer...) gets `USING "c"::type`; one it can do
 *    stays as is (an explicit cast would also truncate a too-long varchar
 *    silently where the assignment fails).
 * 3. A CHECK constraint that uses a column whose type the revert changes is
 *    dropped before the first change and added again after the last one.
 *    Removing an enum value recreates the enum through text, and PostgreSQL
 *    re-checks the constraint against the column as text: "operator does not
 *    exist: text = credential_type".
 */
export function fixRevertStatements(statements: readonly string[], context: RevertContext): string[] {
  const isForeignKeyDrop = (s: string) => {
    const m = DROP_CONSTRAINT.exec(s);
    return m !== null && context.foreignKeys.has(m[2]!);
  };
  const ordered = [...statements.filter(isForeignKeyDrop), ...statements.filter((s) => !isForeignKeyDrop(s))];
  return aroundChecks(ordered.map((s) => withCast(s, context)), context);
}

function aroundChecks(statements: string[], context: RevertContext): string[] {
  // per CHECK constraint: the first and last type change of a column it uses
  const spans = new Map<string, { table: string; name: string; expression: string; first: number; last: number }>();
  statements.forEach((s, i) => {
    const m = SET_TYPE.exec(s);
    if (!m) return;
    for (const check of context.checksUsing(unquote(m[2]!), m[3]!)) {
      const key = `${m[2]} ${check.name}`;
      const span = spans.get(key);
      if (span) span.last = i;
      else spans.set(key, { table: m[2]!, ...check, first: i, last: i });
    }
  });
  if (spans.size === 0) return statements;
  const out: string[] = [];
  statements.forEach((s, i) => {
    for (const c of spans.values()) if (c.first === i) out.push(`ALTER TABLE ${c.table} DROP CONSTRAINT "${c.name}";`);
    out.push(s);
    for (const c of spans.values()) if (c.last === i) out.push(`ALTER TABLE ${c.table} ADD CONSTRAINT "${c.name}" CHECK (${c.expression});`);
  });
  return out;
}

function withCast(statement: string, context: RevertContext): string {
  const m = SET_TYPE.exec(statement);
  if (!m || /\sUSING\s/i.test(m[4]!)) return statement;
  const table = unquote(m[2]!);
  const column = m[3]!;
  const target = m[4]!.trim();
  const from = context.columnType(table, column);
  if (from === undefined || !needsCast(from, target)) return statement;
  return `${m[1]} USING "${column}"::${target};`;
}

/** `"a"."b"` -> `a.b`; `"b"` -> `b` */
function unquote(name: string): string {
  return name
    .split('"."')
    .map((p) => p.replace(/^"|"$/g, ''))
    .join('.');
}

type Family = 'string' | 'number' | 'boolean' | 'json' | 'other';

function family(type: string): Family {
  const t = type
    .trim()
    .toLowerCase()
    .replace(/^"public"\./, '')
    .replace(/\(.*\)$/, '')
    .trim();
  if (/^(text|varchar|character varying|char|character|bpchar|citext|name)$/.test(t)) return 'string';
  if (/^(smallint|integer|int|int2|int4|int8|bigint|numeric|decimal|real|double precision|float4|float8|serial|bigserial|smallserial)$/.test(t)) {
    return 'number';
  }
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'json' || t === 'jsonb') return 'json';
  return 'other';
}

function arrayDepth(type: string): { base: string; depth: number } {
  let base = type.trim();
  let depth = 0;
  while (base.endsWith('[]')) {
    base = base.slice(0, -2).trim();
    depth++;
  }
  return { base, depth };
}

/**
 * Whether PostgreSQL needs an explicit cast (USING) to change a column from
 * `from` to `to`: there is no implicit or assignment cast between them.
 * Conservative: only pairs known to fail without one; anything unknown gets
 * none (the statement stays as drizzle-kit wrote it).
 */
export function needsCast(from: string, to: string): boolean {
  const a = arrayDepth(from);
  const b = arrayDepth(to);
  if (a.depth !== b.depth) return false;
  const fa = family(a.base);
  const fb = family(b.base);
  if (fa === fb) return false;
  // to text: every type has an assignment cast (its output function)
  if (fb === 'string') return false;
  // from text to anything else: only explicit (I/O) casts
  if (fa === 'string') return true;
  if ((fa === 'boolean' && fb === 'number') || (fa === 'number' && fb === 'boolean')) return true;
  if (fa === 'json' && (fb === 'number' || fb === 'boolean')) return true;
  return false;
}
