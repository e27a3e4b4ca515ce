/**
 * The schema of a database as sorted lines, one per object, for the revert
 * check at try time (core/revert-proof.ts) and bench/revert-corpus.mjs. One
 * query, so a snapshot costs one round trip. Column positions are left out
 * (a column dropped and added again comes back last: the same schema for
 * every query by name); objects an extension owns are left out too (they
 * come and go with its `extension` line).
 */
import type { SqlClient } from './client.js';

const USER_SCHEMA = `not in ('pg_catalog', 'information_schema', 'pg_toast')`;
const NOT_EXTENSION_OWNED = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_depend dep where dep.classid = '${catalog}'::regclass and dep.objid = ${oid} and dep.deptype = 'e')`;

export const SCHEMA_SNAPSHOT_SQL = `
select 'schema ' || n.nspname as line from pg_namespace n
 where n.nspname ${USER_SCHEMA} and n.nspname not like 'pg\\_temp\\_%' and n.nspname not like 'pg\\_toast\\_temp\\_%'
union all
select 'extension ' || e.extname from pg_extension e where e.extname <> 'plpgsql'
union all
select 'enum ' || n.nspname || '.' || t.typname || ' (' || string_agg(e.enumlabel, ', ' order by e.enumsortorder) || ')'
  from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
 group by n.nspname, t.typname
union all
select 'relation ' || c.relkind::text || ' ' || n.nspname || '.' || c.relname
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'S', 'v', 'm', 'f') and n.nspname ${USER_SCHEMA} and ${NOT_EXTENSION_OWNED('pg_class', 'c.oid')}
union all
select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || case when a.attnotnull then ' not null' else '' end
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end
       || case when a.attgenerated <> '' then ' generated' else '' end
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
 where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname ${USER_SCHEMA} and ${NOT_EXTENSION_OWNED('pg_class', 'c.oid')}
union all
select 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid, true)
  from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname ${USER_SCHEMA}
union all
select 'index ' || i.indexdef from pg_indexes i where i.schemaname ${USER_SCHEMA}
union all
select 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname ${USER_SCHEMA} and ${NOT_EXTENSION_OWNED('pg_proc', 'p.oid')}
union all
select 'trigger ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
 where not t.tgisinternal and n.nspname ${USER_SCHEMA}
order by 1`;

/** Every user schema's objects, one sorted line each. */
export async function readSchemaSnapshot(db: SqlClient): Promise<string[]> {
  const rows = await db.query<{ line: string }>(SCHEMA_SNAPSHOT_SQL);
  return rows.map((r) => r.line);
}
