/**
 * Run an operation under one environment's migrate lock, after refusing a transaction
 * pooler. The API operations that change the database share it.
 */
import type { EnvironmentConfig } from '../config/types.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { acquireLock } from '../db/lock.js';
import { refuseTransactionPooler } from '../db/pooler.js';
import type { CommonOptions, Project } from './context.js';

/** How long a command waits for another to release the migrate lock, unless told otherwise. */
export const DEFAULT_LOCK_WAIT_MS = 60_000;

export async function withLock<T>(
  project: Project,
  env: EnvironmentConfig,
  db: SqlClient,
  opts: CommonOptions & { lockTimeoutMs?: number },
  fn: (lock: Awaited<ReturnType<typeof acquireLock>>) => Promise<T>,
): Promise<T> {
  const session = await db.lockSession();
  try {
    // before the lock and before anything is created (docs/poolers.md)
    await refuseTransactionPooler({ env, session, openSecond: () => connect(env), processEnv: opts.processEnv, given: opts.db !== undefined });
    const lock = await acquireLock(session, {
      key: project.lockKey,
      timeoutMs: opts.lockTimeoutMs ?? DEFAULT_LOCK_WAIT_MS,
      environment: env.name,
      onWait: (holder) => opts.events?.lockWait?.(env, holder),
      signal: opts.signal,
    });
    try {
      return await fn(lock);
    } finally {
      // Never hide the original error behind a failed unlock; the lock dies with the session anyway.
      await lock.release().catch((e: unknown) => {
        // After an interrupt the connection is gone on purpose, and the lock with it.
        if (!opts.signal?.aborted) process.emitWarning(`could not release the migrate lock in ${env.name}: ${String(e)}`);
      });
    }
  } finally {
    await session.release().catch(() => {});
  }
}
