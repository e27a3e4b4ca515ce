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
      /** libpq-style sslmode, passed to postgres.js `ssl` */
      sslmode?: string;
    };

export interface EnvironmentConfig {
  name: string;
  connection: Connection;
  isProduction: boolean;
  /** how to show the target in output: the URL or params with the password replaced by *** */
  display: string;
  /**
   * every secret value of this environment (passwords, raw and URL-decoded), so the one
   * renderer can pass driver messages through redactSecrets() before printing them.
   * Always set by resolveEnvironment; optional so hand-built configs (tests) need not list it.
   */
  secrets?: string[];
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
  lint?: { allow?: string[] };
  environments: Record<
    string,
    {
      pglite?: string;
      connectionUrl?: Secretish;
      connectionParams?: {
        host?: Secretish;
        port?: number;
        user?: Secretish;
        password?: Secretish;
        database?: Secretish;
        sslmode?: Secretish;
      };
      isProduction?: boolean;
    }
  >;
}

/**
 * Where an environment's connection comes from, as written: {env} references are kept
 * unresolved so only the environments a command runs in need their variables set.
 */
export type ConnectionSource =
  | { kind: 'pglite'; path: Secretish }
  | { kind: 'url'; url: Secretish }
  | {
      kind: 'params';
      host?: Secretish;
      port?: number;
      user?: Secretish;
      password?: Secretish;
      database?: Secretish;
      sslmode?: Secretish;
    };

/** One declared environment after validation, before its {env} references are resolved. */
export interface ValidatedEnvironment {
  name: string;
  source: ConnectionSource;
  isProduction: boolean;
  /** directory a relative pglite path is resolved against (the config's root) */
  root: string;
  /** 1-based line of each key in ladder.toml by dotted key (for messages); empty for inline config */
  lines: Record<string, number>;
}

/** What validation (and loading) produces: the config and every declared environment. */
export interface ValidatedConfig {
  config: LadderConfig;
  /** by name; a null-prototype record, so names like `constructor` are plain keys */
  environments: Record<string, ValidatedEnvironment>;
}

export type LoadedConfig = ValidatedConfig;
