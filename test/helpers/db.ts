// Database helpers for integration and e2e tests: a fresh database per test
// (or per file) on the shared server from global-setup.ts, a fresh PGlite data
// dir, and read-only views of the catalog to assert on.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export type Sql = postgres.Sql;

/** Anything with `query(text, params)`: a PGlite instance, or an adapter. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** A postgres URL, an open postgres.js client, or a Queryable (PGlite). */
export type DbTarget = string | Sql | Queryable;

export interface FreshDatabase {
  /** URL of the new database (same server and credentials as the admin URL). */
  url: string;
  name: string;
  /** Drops the database, closing any sessions still connected to it. */
  drop(): Promise<void>;
}

/** Opens a postgres.js client with notices silenced (CREATE ... IF NOT EXISTS chatter). */
export function connect(url: string, options: postgres.Options<{}> = {}): Sql {
  return postgres(url, { onnotice: () => {}, max: 4, ...options });
}

/** Runs fn with a client on url and always closes it. */
export async function withSql<T>(url: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = connect(url);
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates a uniquely named, empty database on the server of adminUrl. */
export async function freshDatabase(adminUrl: string, prefix = 'ladder_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withSql(adminUrl, (sql) => sql`create database ${sql(name)}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+): a test that leaked a client must not
      // turn teardown into a hang.
      await withSql(adminUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`);
    },
  };
}

/**
 * How many sessions of database `name` ended without the client saying
 * goodbye (the protocol's Terminate): pg_stat_database.sessions_abandoned
 * (PostgreSQL 14+), read once no session of `applicationName` is left (a
 * backend records how its session ended as it exits, which may be after the
 * client's process has).
 */
export async function abandonedSessions(adminUrl: string, name: string, applicationName: string): Promise<number> {
  return withSql(adminUrl, async (sql) => {
    for (let waited = 0; ; waited += 50) {
      const [open] = await sql`select count(*)::int as n from pg_stat_activity where datname = ${name} and application_name = ${applicationName}`;
      if (open!.n === 0) break;
      if (waited >= 10_000) throw new Error(`${open!.n} ${applicationName} sessions still open on ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [row] = await sql`select sessions_abandoned::int as n from pg_stat_database where datname = ${name}`;
    return row!.n as number;
  });
}

export interface FreshPglite {
  /** A path that does not exist yet, inside a fresh temp dir: give it to `new PGlite(dir)`. */
  dir: string;
  cleanup(): Promise<void>;
}

/** A temp location for a PGlite data dir; close the PGlite instance before cleanup(). */
export async function freshPglite(): Promise<FreshPglite> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-pglite-'));
  return {
    dir: path.join(parent, 'pgdata'),
    cleanup: () => fs.rm(parent, { recursive: true, force: true }),
  };
}

function isSql(target: DbTarget): target is Sql {
  return typeof target === 'function' && typeof (target as Sql).unsafe === 'function';
}

/** Runs one parameterized read query against any DbTarget and returns its rows. */
export async function queryRows<R = Record<string, unknown>>(
  target: DbTarget,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  if (typeof target === 'string') {
    return withSql(target, (sql) => queryRows<R>(sql, text, params));
  }
  if (isSql(target)) {
    const rows = await target.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
    return [...rows] as R[];
  }
  const result = await target.query(text, params);
  if (Array.isArray(result)) return result as R[];
  if (result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows)) {
    return (result as { rows: R[] }).rows;
  }
  throw new TypeError('query() returned neither rows nor { rows }');
}

/** Names of the base tables in schema, sorted. */
export async function tableNames(target: DbTarget, schema = 'public'): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    target,
    `select c.relname as name
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p')
      order by c.relname`,
    [schema],
  );
  return rows.map((r) => r.name);
}

/**
 * A stable text dump of one schema (default public): enums, sequences, views,
 * tables with their columns (type, nullability, default), constraints and
 * indexes. No OIDs, no positions, sorted by name, so "before try" and "after
 * untry" compare equal with toBe/toEqual exactly when the schema is the same.
 */
export async function catalogSnapshot(target: DbTarget, schema = 'public'): Promise<string> {
  if (typeof target === 'string') {
    return withSql(target, (sql) => catalogSnapshot(sql, schema));
  }
  const lines: string[] = [];

  const enums = await queryRows<{ name: string; labels: string }>(
    target,
    `select t.typname as name,
            string_agg(e.enumlabel, ', ' order by e.enumsortorder) as labels
       from pg_catalog.pg_type t
       join pg_catalog.pg_namespace n on n.oid = t.typnamespace
       join pg_catalog.pg_enum e on e.enumtypid = t.oid
      where n.nspname = $1
      group by t.typname
      order by t.typname`,
    [schema],
  );
  for (const e of enums) lines.push(`enum ${e.name} (${e.labels})`);

  const relations = await queryRows<{ name: string; kind: string }>(
    target,
    `select c.relname as name, c.relkind::text as kind
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('S', 'v', 'm')
      order by c.relname`,
    [schema],
  );
  const kindName: Record<string, string> = { S: 'sequence', v: 'view', m: 'materialized view' };
  for (const r of relations) lines.push(`${kindName[r.kind] ?? r.kind} ${r.name}`);

  const columns = await queryRows<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    dflt: string | null;
    identity: string;
    generated: string;
  }>(
    target,
    `select c.relname as "table", a.attname as "column",
            pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
            a.attnotnull as notnull,
            pg_catalog.pg_get_expr(d.adbin, d.adrelid) as dflt,
            a.attidentity::text as identity,
            a.attgenerated::text as generated
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = $1 and c.relkind in ('r', 'p')
      order by c.relname, a.attnum`,
    [schema],
  );
  const constraints = await queryRows<{ table: string; name: string; def: string }>(
    target,
    `select c.relname as "table", k.conname as name, pg_catalog.pg_get_constraintdef(k.oid, true) as def
       from pg_catalog.pg_constraint k
       join pg_catalog.pg_class c on c.oid = k.conrelid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1
      order by c.relname, k.conname`,
    [schema],
  );
  const indexes = await queryRows<{ table: string; def: string }>(
    target,
    `select tablename as "table", indexdef as def
       from pg_catalog.pg_indexes
      where schemaname = $1
      order by tablename, indexname`,
    [schema],
  );

  const tables = await tableNames(target, schema);
  for (const table of tables) {
    lines.push(`table ${table}`);
    for (const c of columns.filter((x) => x.table === table)) {
      let line = `  column ${c.column} ${c.type}${c.notnull ? ' not null' : ''}`;
      if (c.identity) line += ` identity ${c.identity === 'a' ? 'always' : 'by default'}`;
      if (c.dflt !== null) line += c.generated ? ` generated as ${c.dflt}` : ` default ${c.dflt}`;
      lines.push(line);
    }
    for (const k of constraints.filter((x) => x.table === table)) lines.push(`  constraint ${k.name} ${k.def}`);
    for (const i of indexes.filter((x) => x.table === table)) lines.push(`  index ${i.def}`);
  }
  return lines.join('\n') + '\n';
}
