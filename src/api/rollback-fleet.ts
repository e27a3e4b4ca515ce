/**
 * `rollback` on a fleet: every target's rollback, each exactly as one
 * environment's (its data-loss check, lock, a transaction per revert),
 * under the fleet's failure policy. A production fleet is refused once,
 * before any target is touched, unless --production.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { lastAppliedId } from '../core/fleet.js';
import type { MigrationSource } from '../core/types.js';
import type { SqlClient } from '../db/client.js';
import { readState } from '../db/ledger.js';
import type { Project } from './context.js';
import { fleetSummary, runFleet, type TargetOutcome } from './fleet.js';
import type { FleetMigrateResult, TargetMigrateResult } from './migrate.js';
import type { EnvironmentRollbackResult, RollbackOptions } from './rollback.js';

type PerTarget = (project: Project, source: MigrationSource, env: EnvironmentConfig, db: SqlClient, opts: RollbackOptions) => Promise<EnvironmentRollbackResult>;

interface Reached {
  from: string | null;
  to?: string | null;
  result?: EnvironmentRollbackResult;
}

export async function rollbackFleet(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  opts: RollbackOptions,
  perTarget: PerTarget,
): Promise<{ result: EnvironmentRollbackResult; stop: boolean }> {
  if (env.isProduction && !opts.production && !opts.dryRun) {
    throw new LadderError(ExitCode.usage, `rollback refused: ${env.name} is a production fleet`, {
      environment: env.name,
      hint: `see what it would do on each target with --dry-run; to run it, add --production (\`ladder rollback -e ${env.name} --production\`)`,
    });
  }
  // the plan of each target is in the result; printing it for hundreds of targets first would bury it
  const quiet: RollbackOptions = { ...opts, onPlan: undefined, events: { warning: opts.events?.warning, connectRetry: opts.events?.connectRetry } };
  const report = (o: TargetOutcome<Reached>): TargetMigrateResult => {
    const r = o.result?.result;
    const from = o.result?.from ?? null;
    return {
      target: o.target,
      status: o.status,
      from,
      to: o.result?.to ?? from,
      applied: (r?.reverted ?? []).map((x) => x.id),
      ...(opts.dryRun ? { planned: (r?.planned ?? []).map((p) => ({ id: p.id, action: 'run' as const, file: p.revertFile })) } : {}),
      ...(o.durationMs !== undefined ? { durationMs: o.durationMs } : {}),
      ...(o.error ? { error: o.error } : {}),
    };
  };
  const run = await runFleet<Reached>(
    project,
    env,
    opts,
    async (target, db) => {
      const from = lastAppliedId(source, await readState(db, target.project.names));
      try {
        const result = await perTarget(target.project, source, target.env, db, quiet);
        const to = result.reverted.length > 0 ? lastAppliedId(source, await readState(db, target.project.names)) : from;
        return { from, to, result };
      } catch (e) {
        if (e instanceof LadderError) e.partial = partialResult<Reached>({ from, result: e.partial?.current as EnvironmentRollbackResult | undefined });
        throw e;
      }
    },
    report,
  );
  const fleet: FleetMigrateResult = fleetSummary(run, report);
  return {
    result: { environment: env.name, target: env.display, production: env.isProduction, planned: [], dataLoss: [], reverted: [], dryRun: !!opts.dryRun, fleet },
    stop: run.failed > 0 || run.notStarted > 0,
  };
}
