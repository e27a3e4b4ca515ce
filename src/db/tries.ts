/**
 * Tries: an uncommitted migration applied to a dev database, recorded with
 * the exact migrate and revert SQL used, so untry can revert it even after
 * the files changed.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import { isSent, withoutConcurrently, type RunPlan } from '../core/modes.js';
import { revertDirectives, splitStatements } from '../core/parse.js';
import type { MigrationFile, TryRow } from '../core/types.js';
import type { SqlClient } from './client.js';
import type { TableNames } from './quote.js';
import { insertTrackingRow } from './tracking-row.js';
import { locateInFile, pgErrorFields } from './sql-error.js';

/** Run one SQL text statement by statement (inside the caller's transaction), naming the failing one. */
export async function runStatements(
  tx: SqlClient,
  sql: string,
  where: { environment: string; migration: string; file: string; what: string },
): Promise<void> {
  const statements = splitStatements(sql);
  for (const [i, stmt] of statements.entries()) {
    if (stmt.trim().length === 0) continue;
    try {
      await tx.exec(stmt);
    } catch (e) {
      const f = pgErrorFields(e);
      const at = locateInFile(sql, statements, i, f.position);
      throw new LadderError(
        ExitCode.database,
        `${where.migration}: ${where.what} failed at statement ${at.statement} (${where.file}:${at.line}): ${f.message}${f.code ? ` (SQLSTATE ${f.code})` : ''}`,
        {
          environment: where.environment,
          migration: where.migration,
          file: where.file,
          line: at.line,
          detail: [at.frame, f.detail ? `detail: ${f.detail}` : undefined].filter(Boolean).join('\n'),
          hint: f.hint ?? 'its transaction was rolled back: the database is as it was before',
        },
        e,
      );
    }
  }
}

/**
 * A no-transaction (or segmented) migration in the dev loop: its statements
 * one at a time, each committing on its own (PGlite builds an index without
 * CONCURRENTLY: it cannot, and nothing else uses its tables). Stops at the
 * first failure; what ran before it stays, and the error says so.
 */
export async function runOutsideTransaction(
  db: SqlClient,
  sql: string,
  run: RunPlan,
  where: { environment: string; migration: string; file: string; what: string },
): Promise<void> {
  const statements = (run.statements ?? []).filter((s) => isSent(s.kind));
  for (const [i, s] of statements.entries()) {
    try {
      await db.exec(db.kind === 'pglite' ? withoutConcurrently(s.text) : s.text);
    } catch (e) {
      const f = pgErrorFields(e);
      const chunks = splitStatements(sql);
      const at = locateInFile(sql, chunks, s.chunk, f.position === undefined ? undefined : s.offset + f.position);
      throw new LadderError(
        ExitCode.database,
        `${where.migration}: ${where.what} failed at statement ${i + 1} (${where.file}:${at.line}): ${f.message}${f.code ? ` (SQLSTATE ${f.code})` : ''}`,
        {
          environment: where.environment,
          migration: where.migration,
          file: where.file,
          line: at.line,
          detail: at.frame,
          hint: `${run.mode} migration: ${i === 0 ? 'nothing of it ran' : `statements 1-${i} ran and stay`}; undo them by hand (or reset the dev database) before trying again`,
        },
        e,
      );
    }
  }
}

export async function insertTry(tx: SqlClient, t: TableNames, file: MigrationFile): Promise<void> {
  await tx.query(
    `insert into ${t.tries} (migration_id, position, hash, revert_hash, migrate_sql, revert_sql)
     select $1, coalesce(max(position), 0) + 1, $2, $3, $4, $5 from ${t.tries}`,
    [file.id, file.hash, file.revert?.hash ?? '', file.sql, file.revert?.sql ?? ''],
  );
}

/** Apply a migration as a try: its statements and its try row, in the caller's transaction. */
export async function applyTry(tx: SqlClient, t: TableNames, file: MigrationFile, environment: string): Promise<void> {
  await runStatements(tx, file.sql, { environment, migration: file.id, file: file.sqlPath, what: 'try' });
  await insertTry(tx, t, file);
}

/**
 * Revert one try with the SQL stored at try time. When that was still a
 * ladder:todo, the current revert file is used if it has been written since.
 */
export async function revertTry(
  tx: SqlClient,
  t: TableNames,
  tried: TryRow,
  current: MigrationFile | undefined,
  environment: string,
): Promise<{ usedCurrentFile: boolean }> {
  let sql = tried.revertSql;
  let usedCurrentFile = false;
  if (revertDirectives(sql).todo || sql.trim() === '') {
    const file = current?.revert;
    if (!file || file.todo) {
      throw new LadderError(ExitCode.usage, `${tried.migrationId} cannot be untried: its revert SQL is still a ladder:todo`, {
        environment,
        migration: tried.migrationId,
        file: current?.revertPath,
        hint: `write ${current?.revertPath ?? 'its revert file'}, then run the command again`,
      });
    }
    sql = file.sql;
    usedCurrentFile = true;
  }
  if (revertDirectives(sql).irreversible) {
    throw new LadderError(ExitCode.usage, `${tried.migrationId} is marked -- ladder:irreversible: it cannot be untried`, {
      environment,
      migration: tried.migrationId,
      hint: 'reset the dev database instead (delete its data directory, or drop and recreate it)',
    });
  }
  // Statement numbers and lines are those of the SQL that runs: name the file
  // only when that is what it holds now, else say it is the stored copy.
  const revertPath = current?.revertPath ?? `${tried.migrationId}.revert.sql`;
  await runStatements(tx, sql, {
    environment,
    migration: tried.migrationId,
    file: usedCurrentFile || current?.revert?.sql === sql ? revertPath : `${revertPath} (as tried)`,
    what: 'revert',
  });
  await tx.query(`delete from ${t.tries} where migration_id = $1`, [tried.migrationId]);
  return { usedCurrentFile };
}

/** A tried migration has just been committed: its try becomes drizzle's tracking row (with drizzle 1.0's name when given), not run again. */
export async function adoptTry(tx: SqlClient, t: TableNames, file: MigrationFile, name?: string): Promise<void> {
  if (name === undefined) await tx.query(insertTrackingRow(t, false, 'values ($1, $2)'), [file.hash, file.when]);
  else await tx.query(insertTrackingRow(t, true, 'values ($1, $2, $3)'), [file.hash, file.when, name]);
  await tx.query(`delete from ${t.tries} where migration_id = $1`, [file.id]);
}
