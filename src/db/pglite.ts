import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { ExitCode, LadderError } from '../core/errors.js';
import { lockDirectory } from './dir-lock.js';
import { applyEachInTurn, type CommitListener, type MigrationUnit, type ProgressListener } from './atomic.js';
import { applyStepwise } from './stepwise.js';
import type { LockSession, SqlClient } from './client.js';
import { pgliteCompat } from './pglite-compat.js';
import { loadExtensions } from './pglite-extensions.js';

export interface PgliteOpenOptions {
  /** extensions the migrations create: PGlite's bundled build of each is loaded at start */
  extensions?: string[];
  /** run-time settings for the session (the environment's `settings`) */
  settings?: Record<string, string>;
}

/** PGlite is an optional peer: loaded only when an environment uses it. */
export async function openPglite(dataDir: string, environment: string, opts: PgliteOpenOptions = {}): Promise<SqlClient> {
  let mod: typeof import('@electric-sql/pglite');
  try {
    mod = await import('@electric-sql/pglite');
  } catch (cause) {
    throw new LadderError(
      ExitCode.usage,
      `environment ${environment} uses pglite, but @electric-sql/pglite is not installed`,
      { environment, hint: 'install it as a dev dependency: npm i -D @electric-sql/pglite' },
      cause,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const lock = await lockDirectory(dataDir, environment);
  let db: PGlite | undefined;
  try {
    const extensions = await loadExtensions(opts.extensions ?? []);
    db = (await mod.PGlite.create(dataDir, { extensions } as object)) as PGlite;
    for (const [name, value] of Object.entries(opts.settings ?? {})) await db.query('select set_config($1, $2, false)', [name, value]);
    return pgliteCompat(wrapPglite(db, { owned: true, release: () => lock.release() }));
  } catch (e) {
    await db?.close().catch(() => {});
    lock.release();
    throw e;
  }
}

export function givenPglite(db: PGlite): SqlClient {
  return pgliteCompat(wrapPglite(db, { owned: false }));
}

interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

function wrapPglite(db: PGlite, opts: { owned: boolean; release?: () => void }): SqlClient {
  const over = (q: PgliteLike): Pick<SqlClient, 'query' | 'exec'> => ({
    query: async <T>(text: string, params: unknown[] = []) => (await q.query<T>(text, params)).rows,
    exec: async (text: string) => {
      await q.exec(text);
    },
  });
  const client: SqlClient = {
    kind: 'pglite',
    ...over(db),
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>) =>
      db.transaction(async (tx) => {
        const inner: SqlClient = {
          ...client,
          ...over(tx),
          transaction: (f) => f(inner) as never,
        };
        return fn(inner);
      }) as Promise<T>,
    // PGlite is one session in one process (electric-sql/pglite#704): the lock never blocks.
    lockSession: async (): Promise<LockSession> => ({ singleSession: true, query: client.query, release: async () => {} }),
    // In-process: no round trips to save; run the statements one by one.
    applyAtomically: (units: MigrationUnit[], onProgress?: ProgressListener) => applyStepwise(client, units, onProgress),
    applyEach: (units: MigrationUnit[], onProgress?: ProgressListener, onCommitted?: CommitListener) =>
      applyEachInTurn((u, p) => client.applyAtomically([u], p), units, onProgress, onCommitted),
    close: async () => {
      if (!opts.owned) return;
      try {
        await db.close();
      } finally {
        opts.release?.();
      }
    },
    // PGlite runs in this process: a statement cannot be cut short. The
    // executor stops between migrations instead.
    abort: async () => {},
  };
  return client;
}
