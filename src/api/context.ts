/**
 * What every operation starts from: the config, the active environments,
 * the migrations folder. And the loop that runs an operation in each active
 * environment in turn, closing what it opened.
 */
import { activeEnvironments, loadConfig, loadInlineConfig } from '../config/load.js';
import type { EnvironmentConfig, InlineConfig, LadderConfig, LoadedConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { advisoryLockKey } from '../core/lock-key.js';
import type { MigrationSource } from '../core/types.js';
import type { SqlClient } from '../db/client.js';
import { connect, type GivenClient } from '../db/connect.js';
import { describeDriverError, driverErrorHint, isDriverError } from '../db/sql-error.js';
import { tableNames, type TableNames } from '../db/quote.js';
import { createdExtensions } from '../core/extensions.js';
import { extensionsInFolder } from '../source/extensions.js';
import { readMigrationSource } from '../source/index.js';
import type { LadderEvents } from './events.js';

export interface CommonOptions {
  /** path of ladder.toml (default: searched upward from cwd), or an inline config */
  config?: string | InlineConfig;
  cwd?: string;
  /** environment name(s); default: LADDER_ENV, then default_environments, then the only one */
  env?: string | string[];
  /** a client to use instead of opening one (a postgres.js Sql or a PGlite); never closed by ladder */
  db?: GivenClient;
  events?: LadderEvents;
  signal?: AbortSignal;
  /** environment variables for `{ env = "..." }` values (default: process.env) */
  processEnv?: Record<string, string | undefined>;
  /**
   * A `ladder bundle` file's own project, used instead of ladder.toml and the
   * migrations folder (an explicit `config` still wins). Passed down by the
   * bundle's CLI with every call, never held by this module.
   */
  embedded?: EmbeddedProject;
}

/**
 * A project carried inside a `ladder bundle` file instead of read from disk:
 * the config as written (`{ env }` references unresolved) and the committed
 * migrations, already hash-checked by the bundle at start.
 */
export interface EmbeddedProject {
  config: InlineConfig;
  source: MigrationSource;
}

export interface Project {
  loaded: LoadedConfig;
  config: LadderConfig;
  environments: EnvironmentConfig[];
  names: TableNames;
  lockKey: bigint;
  /** set when the project comes from a bundle (CommonOptions.embedded), not from disk */
  embedded?: EmbeddedProject;
  /** the caller's hooks: readSource reports the folder's warnings through them */
  events?: LadderEvents;
}

/** `environments: false` for file-only commands: no environment is resolved (no env variable needed). */
export function openProject(opts: CommonOptions, what: { environments: boolean; fleets?: boolean } = { environments: true }): Project {
  const cwd = opts.cwd ?? process.cwd();
  const fromBundle = opts.config === undefined ? opts.embedded : undefined;
  const loaded =
    opts.config !== undefined && typeof opts.config === 'object'
      ? loadInlineConfig(opts.config, cwd)
      : fromBundle !== undefined
        ? loadInlineConfig(fromBundle.config, cwd)
        : loadConfig({ configPath: opts.config, cwd });
  // split (`a,b`) by selectEnvironmentNames, as LADDER_ENV is
  const requested = opts.env === undefined ? undefined : Array.isArray(opts.env) ? opts.env : [opts.env];
  const environments = what.environments ? activeEnvironments(loaded, requested, opts.processEnv ?? process.env) : [];
  const fleet = environments.find((e) => e.fleet);
  if (fleet && !what.fleets) {
    // before anything runs: the dev loop, sql and rollback work on one database
    throw new LadderError(ExitCode.usage, `${fleet.name} is a fleet (many ${fleet.fleet!.layout}), and this command works on one database`, {
      environment: fleet.name,
      hint: 'migrate, baseline, status and verify run on fleets; select another environment with -e (docs/fleets.md)',
    });
  }
  if (opts.db !== undefined && what.environments && environments.length !== 1) {
    throw new LadderError(ExitCode.usage, `a db client was given, but ${environments.length} environments are active`, {
      hint: 'pass env with exactly one environment name',
    });
  }
  const { config } = loaded;
  return {
    ...(fromBundle !== undefined ? { embedded: fromBundle } : {}),
    loaded,
    config,
    environments,
    names: tableNames(config.migrationsSchema, config.migrationsTable),
    lockKey: advisoryLockKey(config.migrationsSchema, config.migrationsTable),
    ...(opts.events !== undefined ? { events: opts.events } : {}),
  };
}

/** The migrations folder; its warnings go to the caller's `warning` hook as they are found. */
export function readSource(project: Project): MigrationSource {
  if (project.embedded) return project.embedded.source;
  const source = readMigrationSource(project.config.root, project.config.migrationsDirectory);
  for (const w of source.warnings ?? []) project.events?.warning?.(w);
  return source;
}

/** What a PGlite environment ladder opens itself must load: the extensions the migrations create. */
export function pgliteNeeds(project: Project, env: EnvironmentConfig, opts: CommonOptions): { extensions?: string[] } {
  if (env.connection.kind !== 'pglite' || opts.db !== undefined) return {};
  if (project.embedded) return { extensions: [...new Set(project.embedded.source.migrations.flatMap((m) => createdExtensions(m.sql)))] };
  return { extensions: extensionsInFolder(project.config.migrationsDirectory) };
}

/**
 * Run fn in each environment in turn. On failure the error carries the
 * results of the environments already done (and fn's own partial result).
 */
export async function forEachEnvironment<R>(
  project: Project,
  opts: CommonOptions,
  fn: (env: EnvironmentConfig, db: SqlClient) => Promise<R>,
  /** how the operation runs on a fleet (api/fleet.ts); without it, a fleet is refused. `stop`: later environments do not run */
  fleet?: (env: EnvironmentConfig) => Promise<{ result: R; stop: boolean }>,
): Promise<R[]> {
  const results: R[] = [];
  for (const env of project.environments) {
    opts.events?.environment?.(env);
    if (env.fleet) {
      if (!fleet || opts.db !== undefined) {
        throw new LadderError(ExitCode.usage, `${env.name} is a fleet (many ${env.fleet.layout}), and this ${fleet ? 'db client is one database' : 'command works on one database'}`, {
          environment: env.name,
          hint: fleet ? 'drop the db option: ladder opens a connection per target' : 'migrate, baseline, status and verify run on fleets; try, reset, sql and the dev loop need one database (docs/fleets.md)',
        });
      }
      const done = await fleet(env).catch((e: unknown) => {
        throw asLadderError(e, env, results);
      });
      results.push(done.result);
      if (done.stop) break;
      continue;
    }
    const db = await connect(env, opts.db, {
      signal: opts.signal,
      onRetry: (attempt, of, reason) => opts.events?.connectRetry?.(env, attempt, of, reason),
      ...pgliteNeeds(project, env, opts),
    }).catch((e: unknown) => {
      throw asLadderError(e, env, results);
    });
    const onAbort = () => void db.abort().catch(() => {});
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      results.push(await fn(env, db));
    } catch (e) {
      throw asLadderError(e, env, results);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      await db.close().catch(() => {});
    }
  }
  return results;
}

/**
 * Every failure leaves as a LadderError naming its environment (issue 14: a
 * driver error such as `permission denied for schema drizzle` or `write
 * CONNECTION_CLOSED` escaped bare, without environment, SQLSTATE or hint).
 */
function asLadderError(e: unknown, env: EnvironmentConfig, results: unknown[]): unknown {
  if (e instanceof LadderError) {
    e.environment ??= env.name;
    // the environments done, then what fn did in this one (its partialResult)
    const current = e.partial?.current;
    e.partial = { environments: results, ...(current === undefined ? {} : { current }) };
    return e;
  }
  // an interrupt's reason, a bug (TypeError...): not a driver's answer
  if (!isDriverError(e)) return e;
  return new LadderError(
    ExitCode.database,
    describeDriverError(e),
    { environment: env.name, hint: driverErrorHint(e), partial: { environments: results } },
    e,
  );
}
