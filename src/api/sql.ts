/**
 * `ladder sql`: run SQL typed by a person against one environment, PGlite
 * included (there is no psql for a PGlite data directory), to look at what a
 * try did or to follow a hint. Refused in production unless asked for.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { allStatements } from '../core/sql-split.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { describeDriverError, pgErrorFields } from '../db/sql-error.js';
import { openProject, type CommonOptions } from './context.js';

export interface SqlOptions extends CommonOptions {
  /** required in an is_production environment */
  production?: boolean;
}

export interface SqlStatementResult {
  statement: string;
  /** column names, from the first row (none when no row came back) */
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface SqlSession {
  environment: string;
  target: string;
  /** one statement (autocommit); throws LadderError(1) with the server's message */
  run(statement: string): Promise<SqlStatementResult>;
  close(): Promise<void>;
}

/** A session on the one active environment. */
export async function openSqlSession(opts: SqlOptions = {}): Promise<SqlSession> {
  const project = openProject(opts);
  const env = oneEnvironment(project.environments);
  if (env.isProduction && !opts.production) {
    throw new LadderError(ExitCode.usage, `sql refused: ${env.name} is a production environment`, {
      environment: env.name,
      hint: `add --production if you mean it (\`ladder sql -e ${env.name} --production\`)`,
    });
  }
  opts.events?.environment?.(env);
  const db = await connect(env, opts.db);
  return {
    environment: env.name,
    target: env.display,
    run: (statement) => runOne(db, env, statement),
    close: () => db.close(),
  };
}

export interface SqlResult {
  environment: string;
  target: string;
  results: SqlStatementResult[];
}

/** Run the statements of `text` in order (each on its own), stopping at the first that fails. */
export async function sql(opts: SqlOptions & { text: string }): Promise<SqlResult> {
  const session = await openSqlSession(opts);
  const results: SqlStatementResult[] = [];
  try {
    for (const statement of allStatements(opts.text)) {
      try {
        results.push(await session.run(statement));
      } catch (e) {
        if (e instanceof LadderError) e.partial = partialResult({ environment: session.environment, target: session.target, results });
        throw e;
      }
    }
  } finally {
    await session.close().catch(() => {});
  }
  return { environment: session.environment, target: session.target, results };
}

function oneEnvironment(envs: EnvironmentConfig[]): EnvironmentConfig {
  if (envs.length !== 1) {
    throw new LadderError(ExitCode.usage, `sql runs against one environment; ${envs.length} are active (${envs.map((e) => e.name).join(', ')})`, {
      hint: `pick one with -e, e.g. \`ladder sql -e ${envs[0]?.name ?? 'dev'}\``,
    });
  }
  return envs[0]!;
}

async function runOne(db: SqlClient, env: EnvironmentConfig, statement: string): Promise<SqlStatementResult> {
  let rows: Record<string, unknown>[];
  try {
    rows = [...(await db.query<Record<string, unknown>>(statement))];
  } catch (e) {
    const f = pgErrorFields(e);
    throw new LadderError(ExitCode.database, describeDriverError(e), {
      environment: env.name,
      detail: [`statement: ${statement.length > 200 ? `${statement.slice(0, 200)}…` : statement}`, f.detail ? `detail: ${f.detail}` : undefined]
        .filter(Boolean)
        .join('\n'),
      hint: f.hint,
    }, e);
  }
  return { statement, columns: rows[0] ? Object.keys(rows[0]) : [], rows };
}
