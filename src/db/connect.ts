import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import type { SqlClient } from './client.js';
import { describeDriverError } from './sql-error.js';

/** A client the API caller passed as `db`: a postgres.js Sql or a PGlite. */
export type GivenClient = unknown;

/**
 * Open (or wrap) the client for one environment and prove it answers.
 * Drivers are imported here, lazily: a PGlite-only project never loads
 * postgres.js and the reverse. `needs.extensions`: the extensions the
 * project's migrations create, which PGlite must load when it starts.
 */
export async function connect(env: EnvironmentConfig, given?: GivenClient, needs: { extensions?: string[] } = {}): Promise<SqlClient> {
  let client: SqlClient;
  if (given !== undefined) {
    client = await wrapGiven(given, env.name);
  } else if (env.connection.kind === 'pglite') {
    const { openPglite } = await import('./pglite.js');
    client = await openPglite(env.connection.dataDir, env.name, { extensions: needs.extensions, settings: env.settings }).catch((e: unknown) => {
      throw connectionError(env, e);
    });
  } else {
    const { openPostgres } = await import('./postgres-js.js');
    const c = env.connection;
    client = await openPostgres(
      c.kind === 'url'
        ? c.url
        : {
            host: c.host,
            port: c.port,
            user: c.user,
            password: c.password,
            database: c.database,
            ...(c.sslmode ? { ssl: sslFromMode(c.sslmode) } : {}),
          },
      // startup parameters: in force from the first statement, and again after a reconnect
      env.settings,
    );
  }
  try {
    // PG14+: a backend whose client vanished (deployer killed) stops its
    // statement within seconds instead of holding locks until the statement ends.
    await client.query(
      `select case when current_setting('server_version_num')::int >= 140000
         then set_config('client_connection_check_interval', '2000', false) end`,
    );
  } catch (e) {
    await client.close().catch(() => {});
    throw connectionError(env, e);
  }
  return client;
}

async function wrapGiven(given: GivenClient, environment: string): Promise<SqlClient> {
  const g = given as Record<string, unknown>;
  if (typeof given === 'function' && typeof g.unsafe === 'function' && typeof g.begin === 'function') {
    const { givenPostgres } = await import('./postgres-js.js');
    return givenPostgres(given as never);
  }
  if (given && typeof g.query === 'function' && typeof g.exec === 'function' && typeof g.transaction === 'function') {
    const { givenPglite } = await import('./pglite.js');
    return givenPglite(given as never);
  }
  throw new LadderError(ExitCode.usage, `the db option for ${environment} is neither a postgres.js Sql nor a PGlite instance`, {
    environment,
  });
}

function sslFromMode(mode: string): boolean | 'require' | 'prefer' | 'allow' | 'verify-full' {
  if (mode === 'disable') return false;
  if (mode === 'require' || mode === 'prefer' || mode === 'allow' || mode === 'verify-full') return mode;
  return 'require';
}

export function connectionError(env: EnvironmentConfig, e: unknown): LadderError {
  if (e instanceof LadderError) return e;
  return new LadderError(
    ExitCode.database,
    `cannot connect (${env.display}): ${describeDriverError(e)}`,
    { environment: env.name, hint: connectionHint(e) },
    e,
  );
}

function connectionHint(e: unknown): string | undefined {
  const code = (e as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'is the server running and listening on that host and port?';
  if (code === '28P01' || code === '28000') return 'check the user and password (shown as *** here)';
  if (code === '3D000') return 'the database does not exist: create it first';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'CONNECT_TIMEOUT') return 'the server did not answer within 10 s';
  return undefined;
}
