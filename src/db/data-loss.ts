/**
 * The data-loss check of `rollback`: for each object a revert would drop
 * (core/data-loss.ts finds them), count what is in it now. Counts are
 * bounded, so a huge table costs at most LIMIT rows read, never a full scan.
 */
import { describeProbe, lossProbes, type LossProbe, type QualifiedName } from '../core/data-loss.js';
import type { SqlClient } from './client.js';
import { quoteIdent } from './quote.js';

/** Counting stops here: "at least 1000000 rows" is all a user needs to know. */
export const COUNT_LIMIT = 1_000_000;

export interface DataLoss {
  migration: string;
  /** the revert file and the 1-based statement in it */
  file: string;
  statement: number;
  /** what would be dropped: `table "users"`, `column "users"."email"`, `enum "mood" values 'meh' in "comments"."mood"` */
  object: string;
  /** rows that hold data there (capped at COUNT_LIMIT: then atLeast) */
  rows?: number;
  atLeast?: boolean;
  /** a sequence's position, lost with it */
  value?: string;
}

export interface RevertToCheck {
  id: string;
  revertPath: string;
  revertSql: string;
}

export async function checkDataLoss(db: SqlClient, reverts: RevertToCheck[]): Promise<DataLoss[]> {
  const losses: DataLoss[] = [];
  for (const r of reverts) {
    for (const { statement, probe } of lossProbes(r.revertSql)) {
      for (const found of await probeNow(db, probe)) {
        losses.push({ migration: r.id, file: r.revertPath, statement, ...found });
      }
    }
  }
  return losses;
}

type Found = Pick<DataLoss, 'object' | 'rows' | 'atLeast' | 'value'>;

async function probeNow(db: SqlClient, p: LossProbe): Promise<Found[]> {
  switch (p.kind) {
    case 'table': {
      if (!(await relationExists(db, p.table))) return [];
      const n = await boundedCount(db, qualified(p.table), 'true');
      return n > 0 ? [{ object: describeProbe(p), ...rows(n) }] : [];
    }
    case 'column': {
      if (!(await relationExists(db, p.table))) return [];
      const [col] = await db.query<{ ok: number }>(
        `select 1 as ok from pg_attribute where attrelid = to_regclass($1) and attname = $2 and attnum > 0 and not attisdropped`,
        [qualified(p.table), p.column],
      );
      if (!col) return [];
      const n = await boundedCount(db, qualified(p.table), `${quoteIdent(p.column)} is not null`);
      return n > 0 ? [{ object: describeProbe(p), ...rows(n) }] : [];
    }
    case 'enum': {
      const type = qualified(p.type);
      const labels = (
        await db.query<{ l: string }>(`select enumlabel as l from pg_enum where enumtypid = to_regtype($1) order by enumsortorder`, [type])
      ).map((r) => r.l);
      const lost = labels.filter((l) => !(p.keep ?? []).includes(l));
      if (lost.length === 0) return [];
      // every table column of that type (through the catalog: the revert may have converted none yet)
      const columns = await db.query<{ s: string; t: string; c: string }>(
        `select n.nspname as s, c.relname as t, a.attname as c
           from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where a.atttypid = to_regtype($1) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
          order by 1, 2, 3`,
        [type],
      );
      const out: Found[] = [];
      for (const col of columns) {
        // the labels as one JSON text: an array parameter is typed differently by each driver
        const n = await boundedCount(db, `${quoteIdent(col.s)}.${quoteIdent(col.t)}`, `${quoteIdent(col.c)}::text in (select json_array_elements_text($1::text::json))`, [JSON.stringify(lost)]);
        if (n > 0) {
          out.push({
            object: `${describeProbe(p)} value${lost.length === 1 ? '' : 's'} ${lost.map((l) => `'${l}'`).join(', ')} in "${col.t}"."${col.c}"`,
            ...rows(n),
          });
        }
      }
      return out;
    }
    case 'sequence': {
      const [seq] = await db.query<{ ok: number }>(`select 1 as ok from pg_class where oid = to_regclass($1) and relkind = 'S'`, [qualified(p.sequence)]);
      if (!seq) return [];
      const [state] = await db.query<{ v: string; called: boolean }>(`select last_value::text as v, is_called as called from ${qualified(p.sequence)}`);
      return state?.called ? [{ object: describeProbe(p), value: state.v }] : [];
    }
  }
}

function rows(n: number): Pick<DataLoss, 'rows' | 'atLeast'> {
  return n > COUNT_LIMIT ? { rows: COUNT_LIMIT, atLeast: true } : { rows: n };
}

function qualified(n: QualifiedName): string {
  return n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.name)}` : quoteIdent(n.name);
}

async function relationExists(db: SqlClient, n: QualifiedName): Promise<boolean> {
  const [r] = await db.query<{ r: string | null }>(`select to_regclass($1)::text as r`, [qualified(n)]);
  return !!r?.r;
}

async function boundedCount(db: SqlClient, relation: string, where: string, params: unknown[] = []): Promise<number> {
  const [r] = await db.query<{ n: number | string }>(
    `select count(*)::int as n from (select 1 from ${relation} where ${where} limit ${COUNT_LIMIT + 1}) s`,
    params,
  );
  return Number(r?.n ?? 0);
}

/** One line per loss, for messages: `0003_x (drizzle/0003_x.revert.sql statement 2): table "users": 3 rows`. */
export function describeLoss(l: DataLoss): string {
  const what = l.value !== undefined ? `at value ${l.value}` : `${l.atLeast ? 'at least ' : ''}${l.rows} row${l.rows === 1 ? '' : 's'}`;
  return `${l.migration} (${l.file} statement ${l.statement}): ${l.object}: ${what}`;
}
