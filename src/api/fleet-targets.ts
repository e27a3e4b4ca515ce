/**
 * A fleet's targets (docs/fleets.md): listed from the config's source (a
 * read-only query, a list, a file, a command), then each made into what
 * every operation already runs on: an environment (its connection and
 * settings) and a project (its tracking tables and lock key).
 */
import { spawn } from 'node:child_process';
import { displayConnection, secretsOf } from '../config/environments.js';
import { redactUrl } from '../core/redact.js';
import type { EnvironmentConfig, FleetConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { duplicateName, targetNamesFromText, urlWithDatabase } from '../core/fleet.js';
import { advisoryLockKey } from '../core/lock-key.js';
import { connect } from '../db/connect.js';
import { quoteIdent, tableNames } from '../db/quote.js';
import { describeDriverError, isDriverError } from '../db/sql-error.js';
import { readTextFile } from '../source/read-file.js';
import type { CommonOptions, Project } from './context.js';

export interface FleetTarget {
  /** what is shown and hashed for --shard: a schema, a database, or a URL with its password masked */
  name: string;
  env: EnvironmentConfig;
  /** its tracking tables and lock key (a schemas fleet: in the target's schema) */
  project: Project;
}

/** A listing command gets this long before it is stopped. */
const COMMAND_TIMEOUT_MS = 60_000;
/** more would not be a list of names */
const COMMAND_MAX_BYTES = 16 * 1024 * 1024;

/** The target names, in the source's order. */
export async function listTargetNames(project: Project, env: EnvironmentConfig, opts: CommonOptions): Promise<string[]> {
  const fleet = env.fleet!;
  const names = await fromSource(project, env, fleet, opts);
  const twice = duplicateName(names);
  if (twice !== undefined) {
    throw new LadderError(ExitCode.usage, `the fleet lists ${twice} twice`, {
      environment: env.name,
      hint: 'each target once: add distinct (or group by) to the query, or fix the list',
    });
  }
  return names;
}

async function fromSource(project: Project, env: EnvironmentConfig, fleet: FleetConfig, opts: CommonOptions): Promise<string[]> {
  const source = fleet.source;
  switch (source.kind) {
    case 'list':
      return source.names;
    case 'file': {
      try {
        return targetNamesFromText(readTextFile(source.path));
      } catch (e) {
        const reason = (e as { reason?: string }).reason ?? String(e);
        throw new LadderError(ExitCode.usage, `fleet file ${source.path} ${reason}`, {
          environment: env.name,
          hint: 'fleet = { ... = { file = "tenants.txt" } } names a text file, one target per line, relative to ladder.toml',
        });
      }
    }
    case 'command':
      return targetNamesFromText(await runCommand(source.command, project.config.root, env, opts));
    case 'query':
      return runQuery(source.sql, fleet.controlEnvironment ?? { ...env, fleet: undefined }, env, opts);
  }
}

/** The query runs in a read-only transaction: listing tenants must not change anything. */
async function runQuery(sql: string, where: EnvironmentConfig, env: EnvironmentConfig, opts: CommonOptions): Promise<string[]> {
  const db = await connect(where, undefined, { signal: opts.signal });
  try {
    const rows = await db.transaction(async (tx) => {
      await tx.exec('set transaction read only');
      return tx.query(sql);
    });
    return rows.map((row, i) => {
      const value = Object.values(row)[0];
      if (typeof value !== 'string' || value === '') {
        throw new LadderError(ExitCode.usage, `the fleet query's row ${i + 1} has ${value === null ? 'null' : typeof value} in its first column, not a name`, {
          environment: env.name,
          hint: 'the query returns one text column of names (databases or schemas), e.g. select datname from pg_database where ...',
        });
      }
      return value;
    });
  } catch (e) {
    if (!isDriverError(e)) throw e;
    throw new LadderError(ExitCode.database, `the fleet query failed in ${where.name}: ${describeDriverError(e)}`, {
      environment: env.name,
      hint: `it runs read-only in ${where.name}'s database and returns one column of names (fleet.control names another environment)`,
    }, e);
  } finally {
    await db.close().catch(() => {});
  }
}

/** `sh -c <command>` in the project's root; its stdout lists the targets. */
function runCommand(command: string, cwd: string, env: EnvironmentConfig, opts: CommonOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.processEnv } });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    const fail = (why: string, hint: string) =>
      reject(new LadderError(ExitCode.database, `the fleet command ${why}`, { environment: env.name, hint }));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`, 'it must print the targets, one per line, and exit');
    }, COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > COMMAND_MAX_BYTES) {
        child.kill('SIGKILL');
        return;
      }
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4096) err += b.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(`could not start: ${e.message}`, `fleet.command runs with sh -c in ${cwd}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (outBytes > COMMAND_MAX_BYTES) return fail(`printed more than ${COMMAND_MAX_BYTES / 1024 / 1024} MB`, 'it must print the targets, one per line');
      if (code !== 0) {
        // its stderr may quote a URL: never its password
        const first = maskUrls(err.trim().split('\n')[0] ?? '');
        return fail(`exited with ${signal ?? `code ${code}`}${first ? `: ${first}` : ''}`, `run it by hand in ${cwd} to see why: ${command}`);
      }
      resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}

function maskUrls(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+/g, (u) => redactUrl(u));
}

const URL_ENTRY = /^postgres(ql)?:\/\//i;

/** One listed name as an environment and project of its own. */
export function targetOf(project: Project, env: EnvironmentConfig, entry: string): FleetTarget {
  const fleet = env.fleet!;
  const base = { ...env, fleet: undefined };
  if (fleet.layout === 'schemas') {
    const settings = { ...env.settings, search_path: fleet.searchPath.split('{target}').join(quoteIdent(entry)) };
    return {
      name: entry,
      env: { ...base, name: `${env.name}/${entry}`, settings, display: `${env.display} schema ${entry}` },
      project: { ...project, names: tableNames(entry, project.config.migrationsTable), lockKey: advisoryLockKey(entry, project.config.migrationsTable) },
    };
  }
  if (URL_ENTRY.test(entry)) {
    const connection = { kind: 'url' as const, url: entry };
    const name = redactUrl(entry);
    return {
      name,
      env: { ...base, name: `${env.name}/${name}`, connection, display: name, secrets: [...(env.secrets ?? []), ...secretsOf(connection)] },
      project,
    };
  }
  const connection = withDatabase(env, entry);
  return { name: entry, env: { ...base, name: `${env.name}/${entry}`, connection, display: displayConnection(connection, project.config.root, env.secrets) }, project };
}

/** The environment's server and credentials, another database. */
function withDatabase(env: EnvironmentConfig, database: string): EnvironmentConfig['connection'] {
  const c = env.connection;
  if (c.kind === 'params') return { ...c, database };
  if (c.kind !== 'url') throw new LadderError(ExitCode.usage, 'a databases fleet needs a PostgreSQL server', { environment: env.name });
  const url = urlWithDatabase(c.url, database);
  if (url === undefined) throw new LadderError(ExitCode.usage, 'connection_url: cannot tell where its database name goes', { environment: env.name });
  return { kind: 'url', url };
}
