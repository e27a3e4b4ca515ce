/**
 * The one place identifiers from config become SQL. Config validation already
 * restricts them to [A-Za-z_][A-Za-z0-9_$]*; quoting here is the second wall.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A string literal for SQL that ladder writes itself (the pipelined
 * bookkeeping has no parameters). Values are ids and hashes that were
 * validated on reading; quoting is the second wall. E'' keeps backslashes
 * literal whatever standard_conforming_strings says.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('invalid SQL literal: NUL byte');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export interface TableNames {
  schema: string;
  /** drizzle's tracking table, quoted and schema-qualified */
  migrations: string;
  tries: string;
  log: string;
  /** __ladder_partial: progress of no-transaction and segmented migrations */
  partial: string;
  schemaQuoted: string;
  migrationsTable: string;
}

export function tableNames(schema: string, migrationsTable: string): TableNames {
  const s = quoteIdent(schema);
  return {
    schema,
    schemaQuoted: s,
    migrationsTable,
    migrations: `${s}.${quoteIdent(migrationsTable)}`,
    tries: `${s}.${quoteIdent('__ladder_tries')}`,
    log: `${s}.${quoteIdent('__ladder_log')}`,
    partial: `${s}.${quoteIdent('__ladder_partial')}`,
  };
}
