/**
 * `try` on a database that lacks committed migrations (a teammate's commits
 * pulled, a second dev database): apply them first, as `ladder migrate`
 * would, so the try runs on the schema it was written for; with
 * `noMigrate`, refuse instead, naming them.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { planEnvironment } from '../core/plan.js';
import type { MigrationSource } from '../core/types.js';
import type { AppliedMigration } from '../db/apply.js';
import type { SqlClient } from '../db/client.js';
import { readState } from '../db/ledger.js';
import type { CommonOptions, Project } from './context.js';
import { migrateEnvironment } from './migrate.js';

export interface MigratedBeforeTry {
  environment: string;
  applied: AppliedMigration[];
}

export async function bringUpToDate(
  project: Project,
  source: MigrationSource,
  clients: { env: EnvironmentConfig; db: SqlClient }[],
  opts: CommonOptions & { noMigrate?: boolean },
): Promise<MigratedBeforeTry[]> {
  const pendingBy: { env: EnvironmentConfig; db: SqlClient; pending: string[] }[] = [];
  for (const { env, db } of clients) {
    const pending = planEnvironment(source, await readState(db, project.names), env.name).pending.map((e) => e.id);
    if (pending.length > 0) pendingBy.push({ env, db, pending });
  }
  if (opts.noMigrate && pendingBy.length > 0) {
    const first = pendingBy[0]!;
    throw new LadderError(
      ExitCode.usage,
      `try refused: committed migration${first.pending.length === 1 ? '' : 's'} ${first.pending.join(', ')} ${first.pending.length === 1 ? 'is' : 'are'} not applied in ${first.env.name}`,
      {
        environment: first.env.name,
        migration: first.pending[0],
        hint: `the try would run on a schema without ${first.pending.length === 1 ? 'it' : 'them'}: \`ladder migrate -e ${first.env.name}\` first (or try without --no-migrate)`,
      },
    );
  }
  const out: MigratedBeforeTry[] = [];
  for (const { env, db } of pendingBy) {
    const r = await migrateEnvironment(project, source, env, db, opts);
    out.push({ environment: env.name, applied: r.applied });
  }
  return out;
}
