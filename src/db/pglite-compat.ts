/**
 * What makes a real project's migrations run on the embedded PGlite as on
 * PostgreSQL: CONCURRENTLY forms run plain (core/pglite-sql.ts), and an
 * extension PGlite lacks fails with words that say so (pglite-extensions.ts).
 * A decorator over the PGlite client, so the executor stays driver-neutral.
 */
import { withoutConcurrently } from '../core/pglite-sql.js';
import type { MigrationUnit } from './atomic.js';
import type { SqlClient } from './client.js';
import { explainMissingExtension } from './pglite-extensions.js';

export function pgliteCompat(client: SqlClient): SqlClient {
  const rethrow = (e: unknown): never => {
    throw explainMissingExtension(e);
  };
  const plain = (units: MigrationUnit[]) => units.map((u) => ({ ...u, statements: u.statements.map(withoutConcurrently) }));
  return {
    ...client,
    query: <T>(text: string, params?: unknown[]) => client.query<T>(text, params).catch(rethrow),
    exec: (text) => client.exec(withoutConcurrently(text)).catch(rethrow),
    transaction: (fn) => client.transaction(fn).catch(rethrow),
    applyAtomically: (units, onProgress) => client.applyAtomically(plain(units), onProgress).catch(rethrow),
    applyEach: (units, onProgress, onCommitted) => client.applyEach(plain(units), onProgress, onCommitted).catch(rethrow),
  };
}
