/**
 * What a `ladder bundle` file carries: the config as written in ladder.toml
 * (`{ env }` references stay references, never values) and the committed
 * migrations with their hashes. Plain JSON, embedded in the file.
 *
 * Build side: toEmbedded() (no esbuild here). Run side: fromEmbedded()
 * re-hashes every migration before anything runs, so a bundle edited after
 * it was built (or corrupted in transit) refuses with exit 3, as a modified
 * migration file does.
 */
import type { InlineConfig, LoadedConfig, ConnectionSource } from '../config/types.js';
import { ExitCode, LadderError, problemsError, type Problem } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import type { CommittedEntry, FolderFormatKind, MigrationFile, MigrationSource } from '../core/types.js';

export const EMBEDDED_FORMAT = 1;

export interface EmbeddedMigration {
  id: string;
  /** the journal's `when`: drizzle-orm stores it as created_at */
  when: number;
  /** the migration's SQL, exactly as committed */
  sql: string;
  /** committed.toml's hash: sha256 of the SQL */
  hash: string;
  /** committed.toml's revert_hash (the revert SQL itself is not carried: production never reverts) */
  revertHash: string;
  fake: boolean;
  /** where it came from, for messages */
  sqlPath: string;
  revertPath: string;
}

export interface EmbeddedData {
  format: typeof EMBEDDED_FORMAT;
  /** drizzle-ladder's version that built the bundle */
  ladderVersion: string;
  config: InlineConfig;
  /** environments of ladder.toml left out (PGlite ones): named in the error if asked for */
  omittedEnvironments: { name: string; reason: string }[];
  /** the folder's layout: decides the tracking rows' shape (absent in bundles built before 1.0 support: journal) */
  folderFormat?: FolderFormatKind;
  committedPath: string;
  migrations: EmbeddedMigration[];
}

export interface ToEmbeddedOptions {
  ladderVersion: string;
  /** only these environments (default: every environment that is not PGlite) */
  environments?: string[];
}

/**
 * The bundle's data from a loaded config and a verified source: committed
 * migrations only, in committed order. Throws LadderError(2) when no
 * environment can be carried (or a requested one cannot).
 */
export function toEmbedded(loaded: LoadedConfig, source: MigrationSource, opts: ToEmbeddedOptions): EmbeddedData {
  const { config, environments } = loaded;
  const files = new Map(source.migrations.map((m) => [m.id, m]));
  const migrations = source.committed.map((entry): EmbeddedMigration => {
    const file = files.get(entry.id);
    // the caller verified the source: every committed entry has its file, with the same hash
    if (!file || file.hash !== entry.hash) {
      throw new LadderError(ExitCode.integrity, `${entry.id} cannot be bundled: its file is missing or modified`, { migration: entry.id });
    }
    return {
      id: entry.id,
      when: file.when,
      sql: file.sql,
      hash: entry.hash,
      revertHash: entry.revertHash,
      fake: entry.fake,
      sqlPath: file.sqlPath,
      revertPath: file.revertPath,
    };
  });

  const requested = opts.environments;
  for (const name of requested ?? []) {
    if (!environments[name]) {
      throw new LadderError(ExitCode.usage, `environment ${name} is not defined in ${configName(loaded)}`, {
        hint: `defined: ${config.environmentNames.join(', ') || 'none'}`,
      });
    }
  }
  const inlineEnvironments: InlineConfig['environments'] = Object.create(null) as InlineConfig['environments'];
  const omitted: EmbeddedData['omittedEnvironments'] = [];
  for (const name of config.environmentNames) {
    const env = environments[name];
    if (!env) continue;
    if (requested && !requested.includes(name)) continue;
    if (env.source.kind === 'pglite') {
      const reason = 'it uses PGlite, which a bundle does not carry (bundles connect with postgres.js only)';
      if (requested) {
        throw new LadderError(ExitCode.usage, `environment ${name} cannot be bundled: ${reason}`, {
          environment: name,
          hint: 'bundle the environments that have connection_url or connection_params',
        });
      }
      omitted.push({ name, reason });
      continue;
    }
    inlineEnvironments[name] = { ...inlineConnection(env.source), ...(env.isProduction ? { isProduction: true } : {}) };
  }
  const kept = Object.keys(inlineEnvironments);
  if (kept.length === 0) {
    throw new LadderError(ExitCode.usage, `no environment to bundle: ${configName(loaded)} defines none that connects to a PostgreSQL server`, {
      hint: 'add one with connection_url = { env = "DATABASE_URL" } (PGlite environments are for development)',
    });
  }
  const defaults = (config.defaultEnvironments ?? []).filter((n) => kept.includes(n));
  const inline: InlineConfig = {
    migrationsTable: config.migrationsTable,
    migrationsSchema: config.migrationsSchema,
    ...(defaults.length > 0 ? { defaultEnvironments: defaults } : {}),
    environments: { ...inlineEnvironments },
  };
  return {
    format: EMBEDDED_FORMAT,
    ladderVersion: opts.ladderVersion,
    config: inline,
    omittedEnvironments: omitted,
    folderFormat: source.format,
    committedPath: source.committedPath,
    migrations,
  };
}

function configName(loaded: LoadedConfig): string {
  return loaded.config.configPath ? 'ladder.toml' : 'the config';
}

/** ladder.toml's connection keys, camelCased for the inline config; `{ env }` kept as is. */
function inlineConnection(source: ConnectionSource): Omit<InlineConfig['environments'][string], 'isProduction'> {
  if (source.kind === 'url') return { connectionUrl: source.url };
  if (source.kind === 'params') {
    const { kind: _kind, ...params } = source;
    return { connectionParams: params };
  }
  return { pglite: typeof source.path === 'string' ? source.path : undefined };
}

/**
 * The MigrationSource a bundle runs with. Every migration's SQL is hashed
 * again and compared with its committed hash: LadderError(3) listing each one
 * that differs.
 */
export function fromEmbedded(data: EmbeddedData): MigrationSource {
  if (data.format !== EMBEDDED_FORMAT) {
    throw new LadderError(ExitCode.usage, `this bundle's data is format ${String(data.format)}; this runtime reads format ${EMBEDDED_FORMAT}`, {
      hint: 'rebuild the bundle with ladder bundle',
    });
  }
  const problems: Problem[] = [];
  const migrations: MigrationFile[] = [];
  const committed: CommittedEntry[] = [];
  data.migrations.forEach((m, index) => {
    const actual = sha256Hex(m.sql);
    if (actual !== m.hash) {
      problems.push({
        kind: 'modified',
        migration: m.id,
        file: m.sqlPath,
        message: `bundled migration ${m.id} does not match its committed hash (sha256 ${actual.slice(0, 12)}, committed ${m.hash.slice(0, 12)})`,
        hint: 'the bundle was altered after it was built: rebuild it with `ladder bundle` from the committed migrations',
      });
    }
    migrations.push({
      id: m.id,
      index,
      when: m.when,
      sqlPath: m.sqlPath,
      sql: m.sql,
      hash: actual,
      revertPath: m.revertPath,
      // verified against committed.toml when the bundle was built; the SQL stays behind
      revert: { sql: '', hash: m.revertHash, todo: false, irreversible: false },
    });
    committed.push({ id: m.id, hash: m.hash, revertHash: m.revertHash, fake: m.fake });
  });
  if (problems.length > 0) {
    // the same hint for every problem: rebuild the bundle
    throw problemsError(ExitCode.integrity, problems, `${problems.length} bundled migrations do not match their committed hashes`, { hint: problems[0]?.hint });
  }
  return { directory: '(bundled)', format: data.folderFormat ?? 'journal', migrations, committed, committedPath: data.committedPath };
}
