/**
 * fn inside a savepoint of the caller's transaction: rolled back to it when
 * fn throws (the transaction goes on), released when fn returns. postgres.js
 * must do it itself (tx.savepoint): its begin() remembers every failed query
 * and fails the whole transaction at the end, caught or not.
 */
import type { SqlClient } from './client.js';

export async function withSavepoint<T>(tx: SqlClient, name: string, fn: (sp: SqlClient) => Promise<T>): Promise<T> {
  if (tx.savepoint) return tx.savepoint(fn);
  await tx.exec(`SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await fn(tx);
  } catch (e) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
    throw e;
  }
  await tx.exec(`RELEASE SAVEPOINT ${name}`);
  return result;
}
