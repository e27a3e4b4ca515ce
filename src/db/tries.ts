/**
 * Tries: an uncommitted migration applied to a dev database, recorded with
 * the exact migrate and revert SQL used, so untry can revert it even after
 * the files changed.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import { isSent, migrationDirectives, withoutConcurrently, type RunPlan } from '../core/modes.js';
import { revertDirectives, splitStatements } from '../core/parse.js';
import { describeSchemaDifference, diffSchemas, isSameSchema, planRevertCheck } from '../core/revert-proof.js';
import type { MigrationFile, TryRow } from '../core/types.js';
import type { SqlClient } from './client.js';
import type { TableNames } from './quote.js';
import { withSavepoint } from './savepoint.js';
import { readSchemaSnapshot } from './schema-snapshot.js';
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
          hint:
            i === 0
              ? `${run.mode} migration: nothing of it ran`
              : `${run.mode} migration: statements 1-${i} ran and stay; undo them by hand${where.what === 'revert' ? `, then \`ladder untry ${where.migration} --forget\`` : ' before trying again'}; or, on a PGlite dev database, \`ladder reset --recreate\` rebuilds it from the committed migrations`,
        },
        e,
      );
    }
  }
}

/**
 * Record a try. `revertUnverified` says why its revert was not proven (it
 * failed, or left another schema): status shows it and commit refuses it.
 */
export async function insertTry(tx: SqlClient, t: TableNames, file: MigrationFile, revertUnverified?: string): Promise<void> {
  await tx.query(
    `insert into ${t.tries} (migration_id, position, hash, revert_hash, migrate_sql, revert_sql, revert_unverified)
     select $1, coalesce(max(position), 0) + 1, $2, $3, $4, $5, $6 from ${t.tries}`,
    [file.id, file.hash, file.revert?.hash ?? '', file.sql, file.revert?.sql ?? '', revertUnverified ?? null],
  );
}

/**
 * Tries tables made before the revert check have no revert_unverified column:
 * add it (dev loop only, under the migrate lock; nullable, so an older ladder
 * keeps reading and writing the table).
 */
export async function upgradeTriesTable(db: SqlClient, t: TableNames): Promise<void> {
  const [row] = await db.query<{ has: boolean }>(
    `select exists(select 1 from pg_attribute where attrelid = to_regclass($1) and attname = 'revert_unverified' and attnum > 0 and not attisdropped) as has`,
    [t.tries],
  );
  if (!row?.has) await db.exec(`ALTER TABLE ${t.tries} ADD COLUMN IF NOT EXISTS revert_unverified text`);
}

/** What the revert check of one try found. */
export type RevertCheck =
  | { kind: 'verified' }
  /** the revert failed or left another schema; the try is applied all the same */
  | { kind: 'unverified'; reason: string }
  | { kind: 'not-checked'; note?: string };

/**
 * Apply a migration as a try: its statements and its try row, in the
 * caller's transaction. With `verifyRevert`, the revert is proven in between:
 * run, schema compared with the one before the migration, migration applied
 * again (issue 15), all in a savepoint rolled back at the end: the try keeps
 * the migration applied once, whatever the revert does.
 */
export async function applyTry(
  tx: SqlClient,
  t: TableNames,
  file: MigrationFile,
  environment: string,
  /** mark: put back a try as it was (its revert-unverified reason), without checking again */
  opts: { verifyRevert?: boolean; mark?: string } = {},
): Promise<RevertCheck> {
  const plan = opts.verifyRevert
    ? planRevertCheck({
        revert: file.revert,
        migrationOutsideTransaction: migrationDirectives(file.sql).noTransaction,
        revertOutsideTransaction: file.revert ? migrationDirectives(file.revert.sql).noTransaction : false,
      })
    : { check: false as const };
  const before = plan.check ? await readSchemaSnapshot(tx) : undefined;
  await runStatements(tx, file.sql, { environment, migration: file.id, file: file.sqlPath, what: 'try' });
  const check: RevertCheck = before
    ? await proveRevert(tx, file, before, environment)
    : { kind: 'not-checked', ...(!plan.check && plan.note ? { note: plan.note } : {}) };
  await insertTry(tx, t, file, check.kind === 'unverified' ? check.reason : opts.mark);
  return check;
}

/** How a revert check ends: thrown inside the savepoint, so everything since it is rolled back. */
class Unverified extends Error {}
class Proven extends Error {}

/**
 * The migration is applied: run its revert, compare, apply it again; then
 * roll back to the savepoint, whatever happened. The try so leaves the
 * migration applied exactly once: a backfill (UPDATE, INSERT) that its revert
 * rightly leaves alone runs once, not twice, and rows the revert would drop
 * are still there.
 */
async function proveRevert(tx: SqlClient, file: MigrationFile, before: string[], environment: string): Promise<RevertCheck> {
  const revert = file.revert!;
  const failure = (e: unknown) => (e instanceof LadderError ? e.message.replace(`${file.id}: `, '') : String(e));
  try {
    await withSavepoint(tx, 'ladder_revert_check', async (sp) => {
      await runStatements(sp, revert.sql, { environment, migration: file.id, file: file.revertPath, what: 'revert' }).catch((e: unknown) => {
        throw new Unverified(`its revert fails: ${failure(e)}`);
      });
      const difference = diffSchemas(before, await readSchemaSnapshot(sp));
      if (!isSameSchema(difference)) throw new Unverified(`its revert does not restore the schema: ${describeSchemaDifference(difference)}`);
      await runStatements(sp, file.sql, { environment, migration: file.id, file: file.sqlPath, what: 'try after its revert' }).catch((e: unknown) => {
        throw new Unverified(`the migration fails again after its revert: ${failure(e)}`);
      });
      throw new Proven();
    });
  } catch (e) {
    if (e instanceof Unverified) return { kind: 'unverified', reason: e.message };
    if (e instanceof Proven) return { kind: 'verified' };
    throw e;
  }
  throw new Error('unreachable: the revert check always rolls back to its savepoint');
}

/** The ways out of an untry that cannot go on, for its hint. */
export function untryWayOut(id: string, revertPath: string | undefined, storedDiffers: boolean): string {
  const file = revertPath ?? 'its revert file';
  return [
    storedDiffers
      ? `the revert stored at try time differs from ${file}: \`ladder untry ${id} --with-current-revert\` runs the file as it is now`
      : `fix ${file}, then \`ladder untry ${id} --with-current-revert\``,
    `or undo the migration by hand, then \`ladder untry ${id} --forget\` (drops the try record, runs nothing)`,
    'or, on a PGlite dev database, `ladder reset --recreate` rebuilds it from the committed migrations',
  ].join('; ');
}

/**
 * Revert one try with the SQL stored at try time. When that was still a
 * ladder:todo, the current revert file is used if it has been written since.
 * `useCurrentFile` (untry --with-current-revert): the revert file as it is on
 * disk now, whatever was stored (the way out when the stored one is stale:
 * drizzle-kit drop and generate again under the same name).
 */
export async function revertTry(
  tx: SqlClient,
  t: TableNames,
  tried: TryRow,
  current: MigrationFile | undefined,
  environment: string,
  opts: { useCurrentFile?: boolean } = {},
): Promise<{ usedCurrentFile: boolean }> {
  const revertSqlNow = current?.revert?.sql;
  const storedDiffers = revertSqlNow !== undefined && revertSqlNow !== tried.revertSql;
  let sql = tried.revertSql;
  let usedCurrentFile = false;
  if (opts.useCurrentFile || revertDirectives(sql).todo || sql.trim() === '') {
    const file = current?.revert;
    if (!file || file.todo) {
      const why = !file ? `${current?.revertPath ?? 'its revert file'} does not exist` : opts.useCurrentFile ? `${current!.revertPath} is a ladder:todo` : 'its revert SQL is still a ladder:todo';
      throw new LadderError(ExitCode.usage, `${tried.migrationId} cannot be untried: ${why}`, {
        environment,
        migration: tried.migrationId,
        file: current?.revertPath,
        hint: `write ${current?.revertPath ?? 'its revert file'}, then run the command again; or undo the migration by hand, then \`ladder untry ${tried.migrationId} --forget\``,
      });
    }
    sql = file.sql;
    usedCurrentFile = true;
  }
  if (revertDirectives(sql).irreversible) {
    throw new LadderError(ExitCode.usage, `${tried.migrationId} is marked -- ladder:irreversible: it cannot be untried`, {
      environment,
      migration: tried.migrationId,
      hint: `undo it by hand, then \`ladder untry ${tried.migrationId} --forget\`; or, on a PGlite dev database, \`ladder reset --recreate\``,
    });
  }
  // Statement numbers and lines are those of the SQL that runs: name the file
  // only when that is what it holds now, else say it is the stored copy.
  const revertPath = current?.revertPath ?? `${tried.migrationId}.revert.sql`;
  try {
    await runStatements(tx, sql, {
      environment,
      migration: tried.migrationId,
      file: usedCurrentFile || revertSqlNow === sql ? revertPath : `${revertPath} (as tried)`,
      what: 'revert',
    });
  } catch (e) {
    if (!(e instanceof LadderError)) throw e;
    const wayOut = untryWayOut(tried.migrationId, current?.revertPath, storedDiffers && !usedCurrentFile);
    throw new LadderError(e.code, e.message, { ...e, problems: e.problems, hint: `${e.hint ? `${e.hint}; ` : ''}${wayOut}` }, e.cause);
  }
  await tx.query(`delete from ${t.tries} where migration_id = $1`, [tried.migrationId]);
  return { usedCurrentFile };
}

/** untry --forget: drop the try record, run nothing (the user put the database back by hand). */
export async function forgetTry(tx: SqlClient, t: TableNames, tried: TryRow): Promise<void> {
  await tx.query(`delete from ${t.tries} where migration_id = $1`, [tried.migrationId]);
}

/** A tried migration has just been committed: its try becomes drizzle's tracking row (with drizzle 1.0's name when given), not run again. */
export async function adoptTry(tx: SqlClient, t: TableNames, file: MigrationFile, name?: string): Promise<void> {
  if (name === undefined) await tx.query(insertTrackingRow(t, false, 'values ($1, $2)'), [file.hash, file.when]);
  else await tx.query(insertTrackingRow(t, true, 'values ($1, $2, $3)'), [file.hash, file.when, name]);
  await tx.query(`delete from ${t.tries} where migration_id = $1`, [file.id]);
}
