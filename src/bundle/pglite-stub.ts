/**
 * Stands in for db/pglite.ts inside a `ladder bundle` file: a bundle carries
 * postgres.js only, so a PGlite environment is refused with words, not with
 * a module-resolution error.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import type { SqlClient } from '../db/client.js';

function refuse(environment: string): never {
  throw new LadderError(ExitCode.usage, `environment ${environment} uses PGlite, which a ladder bundle does not carry`, {
    environment,
    hint: 'run PGlite environments with the ladder CLI; a bundle is for servers (connection_url or connection_params)',
  });
}

export async function openPglite(_dataDir: string, environment: string): Promise<SqlClient> {
  refuse(environment);
}

export function givenPglite(_db: unknown): SqlClient {
  refuse('(given)');
}
