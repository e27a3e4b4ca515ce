import path from 'node:path';
import { isPem } from '../config/environments.js';
import type { EnvironmentConfig } from '../config/types.js';
import {
  CONNECT_ATTEMPTS,
  DEFAULT_SSLMODE,
  isSslMode,
  isTransientConnectError,
  parseConnectTimeout,
  retryDelayMs,
  splitUrlConnInfo,
  SSL_MODES,
  tlsPolicy,
} from '../core/conninfo.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { isRefusal, readRegularFile } from '../source/read-file.js';
import type { SqlClient } from './client.js';
import { pgSocketFactory, type SocketSettings } from './pg-socket.js';
import { describeDriverError, pgErrorFields } from './sql-error.js';

/** A client the API caller passed as `db`: a postgres.js Sql or a PGlite. */
export type GivenClient = unknown;

export interface ConnectOptions {
  /** Ctrl-C or SIGTERM: stop connecting at once */
  signal?: AbortSignal;
  /** another attempt is about to start (the first failed with a failure that may pass) */
  onRetry?: (attempt: number, of: number, reason: string) => void;
  /** attempts at a server that is not up yet (default CONNECT_ATTEMPTS); 1 for a quick check */
  attempts?: number;
  /** replaces connect_timeout (seconds) */
  timeoutS?: number;
  /** the extensions the project's migrations create, which PGlite must load when it starts */
  extensions?: string[];
}

/**
 * Open (or wrap) the client for one environment and prove it answers.
 * Drivers are imported here, lazily: a PGlite-only project never loads
 * postgres.js and the reverse. A server that is not up yet (refused, timed
 * out, starting up) gets a bounded number of attempts, each said through
 * onRetry; any other failure ends at once.
 */
export async function connect(env: EnvironmentConfig, given?: GivenClient, opts: ConnectOptions = {}): Promise<SqlClient> {
  if (given !== undefined) return prove(env, await wrapGiven(given, env.name));
  if (env.connection.kind === 'pglite') {
    const { openPglite } = await import('./pglite.js');
    const client = await openPglite(env.connection.dataDir, env.name, { extensions: opts.extensions, settings: env.settings }).catch((e: unknown) => {
      const err = connectionError(env, e);
      if (e instanceof LadderError || env.isProduction) throw err;
      // PGlite failed to open its directory: a dev database broken beyond the dev loop has a way out
      throw new LadderError(err.code, err.message, {
        ...err,
        problems: err.problems,
        hint: `if this PGlite dev database is broken, \`ladder reset --recreate -e ${env.name}\` throws it away and migrates a new one from the committed migrations (its tries are lost)`,
      }, err.cause);
    });
    return prove(env, client);
  }
  const target = postgresTarget(env);
  const attempts = Math.max(1, opts.attempts ?? CONNECT_ATTEMPTS);
  const { openPostgres } = await import('./postgres-js.js');
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw whileConnecting(opts.signal.reason, env);
    const timeoutS = opts.timeoutS ?? target.timeoutS;
    const client = await openPostgres(target.target, {
      // postgres.js talks through our socket (pg-socket.ts): its own TLS stays off
      ssl: false,
      socket: pgSocketFactory({ ...target.socket, timeoutMs: timeoutS * 1000, signal: opts.signal }),
      connect_timeout: timeoutS,
    } as never,
    // environment settings as startup parameters: in force from the first statement, and again after a reconnect
    env.settings,
    );
    const onAbort = () => void client.abort().catch(() => {});
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await prove(env, client);
    } catch (e) {
      if (opts.signal?.aborted) throw whileConnecting(opts.signal.reason, env);
      const code = pgErrorFields(e instanceof LadderError ? e.cause : e).code;
      if (attempt >= attempts || !isTransientConnectError(code)) throw e;
      opts.onRetry?.(attempt + 1, attempts, describeDriverError(e instanceof LadderError ? e.cause : e));
      await sleep(retryDelayMs(attempt + 1), opts.signal).catch((reason: unknown) => {
        throw whileConnecting(reason, env);
      });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Ctrl-C or SIGTERM before a session was open: nothing was done. */
function whileConnecting(reason: unknown, env: EnvironmentConfig): unknown {
  if (!(reason instanceof LadderError)) return reason;
  return new LadderError(reason.code, `${reason.message} while connecting (${env.display}): nothing was done`, { environment: env.name }, reason);
}

const backendPids = new WeakMap<SqlClient, number>();

/** The server process of the session a client opened first (for an interrupt's check: has it ended?). */
export function backendPidOf(client: SqlClient): number | undefined {
  return backendPids.get(client);
}

/** A first query: the session answers; a failure closes what was opened. */
async function prove(env: EnvironmentConfig, client: SqlClient): Promise<SqlClient> {
  try {
    // PG14+: a backend whose client vanished (deployer killed) stops its
    // statement within seconds instead of holding locks until the statement ends.
    const [row] = await client.query<{ pid: number | null }>(
      `select pg_backend_pid() as pid, case when current_setting('server_version_num')::int >= 140000
         then set_config('client_connection_check_interval', '2000', false) end`,
    );
    if (typeof row?.pid === 'number') backendPids.set(client, row.pid);
  } catch (e) {
    await client.close().catch(() => {});
    throw connectionError(env, e);
  }
  return client;
}

interface PostgresTarget {
  target: string | Record<string, unknown>;
  socket: Omit<SocketSettings, 'timeoutMs' | 'signal'>;
  timeoutS: number;
}

/**
 * What postgres.js gets, and what our socket does: sslmode, the TLS files
 * and connect_timeout come out of the URL (postgres.js would send unknown
 * query parameters to the server as settings, and its own sslmode is not libpq's).
 */
function postgresTarget(env: EnvironmentConfig): PostgresTarget {
  const c = env.connection;
  if (c.kind === 'pglite') throw new Error('not a PostgreSQL server connection');
  const fromUrl = c.kind === 'url' ? splitUrlConnInfo(c.url) : undefined;
  const raw =
    fromUrl ??
    (c.kind === 'params'
      ? { sslmode: c.sslmode, sslrootcert: c.sslrootcert, sslcert: c.sslcert, sslkey: c.sslkey, connectTimeout: c.connectTimeout }
      : {});
  const where = c.kind === 'url' ? 'connection_url' : 'connection_params';
  const sslmode = raw.sslmode ?? DEFAULT_SSLMODE;
  if (!isSslMode(sslmode)) {
    throw new LadderError(ExitCode.usage, `${where}: sslmode "${sslmode}" is not one of ${SSL_MODES.join(', ')}`, { environment: env.name });
  }
  const timeoutS = parseConnectTimeout(raw.connectTimeout);
  if (timeoutS === 'invalid') {
    throw new LadderError(ExitCode.usage, `${where}: connect_timeout must be whole seconds`, { environment: env.name });
  }
  // URL paths are relative to the current directory, as libpq reads them
  const pem = (key: 'sslrootcert' | 'sslcert' | 'sslkey') => {
    const value = raw[key];
    if (value === undefined || value === '') return undefined;
    if (isPem(value)) return value;
    // libpq's sslrootcert=system: the platform's CAs (Node's store)
    if (key === 'sslrootcert' && value === 'system') return undefined;
    return readTlsFile(path.resolve(value), key, env);
  };
  const ca = pem('sslrootcert');
  const socket = {
    sslmode,
    policy: tlsPolicy(sslmode, ca !== undefined || raw.sslrootcert === 'system'),
    ...(ca !== undefined ? { ca } : {}),
    ...optional('cert', pem('sslcert')),
    ...optional('key', pem('sslkey')),
  };
  const target =
    fromUrl !== undefined
      ? fromUrl.url
      : c.kind === 'params'
        ? { host: c.host, port: c.port, user: c.user, password: c.password, database: c.database }
        : {};
  return { target, socket, timeoutS };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function readTlsFile(file: string, key: string, env: EnvironmentConfig): string {
  const read = readRegularFile(file, { limit: 1024 * 1024 });
  if (isRefusal(read)) {
    throw new LadderError(ExitCode.usage, `${key} ${file} ${read.reason}`, {
      environment: env.name,
      hint: `${key} is the path of a PEM file (relative paths: to ladder.toml's folder in connection_params, to the current directory in a URL), or { env = "NAME" } holding the PEM text`,
    });
  }
  return read.bytes.toString('utf8');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
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
  if (code === 'CONNECT_TIMEOUT') return 'is the host and port right, and does a firewall let the connection through? connect_timeout in the URL or connection_params sets the wait';
  if (code === 'NOT_POSTGRES') return 'check the port: another service answers there (PostgreSQL listens on 5432 unless configured otherwise)';
  if (code === 'TLS_CERTIFICATE') return 'give the CA that signed the server certificate as sslrootcert (a PEM file or { env = "NAME" }); verify-full also needs the host name the certificate names';
  if (code === 'TLS_NOT_OFFERED') return 'turn ssl on in the server, or use sslmode=prefer to accept an unencrypted connection';
  return undefined;
}
