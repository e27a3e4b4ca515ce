/**
 * The validated configuration: what config/load.ts returns and every command uses.
 */

/** A TOML string value or a reference to an environment variable. */
export type Secretish = string | { env: string };

export type Connection =
  | { kind: 'pglite'; /** absolute path of the PGlite data dir */ dataDir: string }
  | { kind: 'url'; url: string }
  | {
      kind: 'params';
      host?: string;
      port?: number;
      user?: string;
      password?: string;
      database?: string;
      /** libpq's sslmode (db/pg-socket.ts) */
      sslmode?: string;
      /** PEM text, or the absolute path of a PEM file */
      sslrootcert?: string;
      sslcert?: string;
      sslkey?: string;
      /** seconds per connection attempt */
      connectTimeout?: number;
    };

export interface EnvironmentConfig {
  name: string;
  connection: Connection;
  isProduction: boolean;
  /** run-time settings for every session ladder opens (search_path, statement_timeout, ...) */
  settings?: Record<string, string>;
  /** how to show the target in output: the URL or params with the password replaced by *** */
  display: string;
  /**
   * every secret value of this environment (passwords, raw and URL-decoded), so the one
   * renderer can pass driver messages through redactSecrets() before printing them.
   * Always set by resolveEnvironment; optional so hand-built configs (tests) need not list it.
   */
  secrets?: string[];
  /** lock_timeout / statement_timeout for each migration (ms; 0: none), from the environment or the top level */
  timeouts?: { lockTimeoutMs?: number; statementTimeoutMs?: number };
  /** a fleet: many targets (tenant databases or schemas) behind this one environment (docs/fleets.md) */
  fleet?: FleetConfig;
}

/** Where a fleet's target names come from. */
export type FleetSource =
  | { kind: 'list'; names: string[] }
  | { kind: 'query'; sql: string }
  | { kind: 'file'; /** absolute */ path: string }
  | { kind: 'command'; command: string };

export interface FleetConfig {
  /** databases: one database per target on the environment's server (or a URL per target); schemas: one schema per target in its database */
  layout: 'databases' | 'schemas';
  source: FleetSource;
  /** the environment whose database runs the query (default: this one) */
  control?: string;
  /** schemas: each target's search_path, `{target}` standing for its schema */
  searchPath: string;
  /** set by activeEnvironments when control names another environment */
  controlEnvironment?: EnvironmentConfig;
}

export interface LadderConfig {
  /** absolute path of ladder.toml, or undefined for an inline config */
  configPath?: string;
  /** absolute directory that relative paths are resolved against (ladder.toml's folder) */
  root: string;
  /** absolute path of the migrations folder */
  migrationsDirectory: string;
  migrationsTable: string;
  migrationsSchema: string;
  defaultEnvironments?: string[];
  /** every environment declared, by name (connection values NOT resolved: see resolveEnvironments) */
  environmentNames: string[];
  /** `[lint]`: rules allowed project-wide (`rule` or `<migration id>:<rule>`) */
  lint?: { allow: string[] };
}

/** Inline config accepted by the programmatic API (same keys as ladder.toml, camelCased). */
export interface InlineConfig {
  root?: string;
  migrationsDirectory?: string;
  migrationsTable?: string;
  migrationsSchema?: string;
  defaultEnvironments?: string[];
  /** e.g. "5s"; "0" for none (default 5s) */
  lockTimeout?: string;
  /** e.g. "10m"; default none */
  statementTimeout?: string;
  lint?: { allow?: string[] };
  environments: Record<
    string,
    {
      pglite?: string;
      connectionUrl?: Secretish;
      connectionParams?: ConnectionParamsSource;
      isProduction?: boolean;
      settings?: Record<string, string | number | boolean>;
      lockTimeout?: string;
      statementTimeout?: string;
      fleet?: {
        databases?: InlineFleetSource;
        schemas?: InlineFleetSource;
        control?: string;
        searchPath?: string;
      };
    }
  >;
}

export type InlineFleetSource = { list: string[] } | { query: string } | { file: string } | { command: string };

/**
 * Where an environment's connection comes from, as written: {env} references are kept
 * unresolved so only the environments a command runs in need their variables set.
 */
export type ConnectionSource =
  | { kind: 'pglite'; path: Secretish }
  | { kind: 'url'; url: Secretish }
  | ({ kind: 'params' } & ConnectionParamsSource);

/** connection_params as written (inline config: connectionParams), {env} references unresolved. */
export interface ConnectionParamsSource {
  host?: Secretish;
  port?: number;
  user?: Secretish;
  password?: Secretish;
  database?: Secretish;
  sslmode?: Secretish;
  sslrootcert?: Secretish;
  sslcert?: Secretish;
  sslkey?: Secretish;
  connectTimeout?: number;
}

/** One declared environment after validation, before its {env} references are resolved. */
export interface ValidatedEnvironment {
  name: string;
  source: ConnectionSource;
  isProduction: boolean;
  /** directory a relative pglite path is resolved against (the config's root) */
  root: string;
  /** 1-based line of each key in ladder.toml by dotted key (for messages); empty for inline config */
  lines: Record<string, number>;
  settings?: Record<string, string>;
  /** lock_timeout / statement_timeout (ms), the environment's over the top level's */
  timeouts?: { lockTimeoutMs?: number; statementTimeoutMs?: number };
  fleet?: FleetConfig;
}

/** What validation (and loading) produces: the config and every declared environment. */
export interface ValidatedConfig {
  config: LadderConfig;
  /** by name; a null-prototype record, so names like `constructor` are plain keys */
  environments: Record<string, ValidatedEnvironment>;
}

export type LoadedConfig = ValidatedConfig;
