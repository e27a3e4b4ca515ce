/**
 * `migrate` and `baseline` on a fleet: the environment's operation on every
 * target (api/fleet.ts runs them), reported per target with where it
 * started and where it ended.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { LadderError, partialResult } from '../core/errors.js';
import { lastAppliedId } from '../core/fleet.js';
import type { DatabaseState, MigrationSource } from '../core/types.js';
import type { SqlClient } from '../db/client.js';
import { readState } from '../db/ledger.js';
import type { CommonOptions, Project } from './context.js';
import { fleetSummary, runFleet, type FleetRunOptions, type TargetOutcome } from './fleet.js';
import type { EnvironmentMigrateResult, FleetMigrateResult, TargetMigrateResult } from './migrate.js';

type PerTarget<O> = (project: Project, source: MigrationSource, env: EnvironmentConfig, db: SqlClient, opts: O, known?: DatabaseState) => Promise<EnvironmentMigrateResult>;

interface Reached {
  from: string | null;
  result?: EnvironmentMigrateResult;
}

export async function onFleet<O extends CommonOptions & { dryRun?: boolean }>(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  opts: O & FleetRunOptions,
  perTarget: PerTarget<O>,
): Promise<{ result: EnvironmentMigrateResult; stop: boolean }> {
  // per-migration progress from many targets at once would be noise: the fleet reports per target
  const quiet = { ...opts, events: { warning: opts.events?.warning, connectRetry: opts.events?.connectRetry } };
  const run = await runFleet<Reached>(project, env, opts, async (target, db) => {
    const state = await readState(db, target.project.names);
    const from = lastAppliedId(source, state);
    try {
      return { from, result: await perTarget(target.project, source, target.env, db, quiet, state) };
    } catch (e) {
      // what it did before failing, for the report: migrate puts its result on the error
      if (e instanceof LadderError) e.partial = partialResult<Reached>({ from, result: e.partial?.current as EnvironmentMigrateResult | undefined });
      throw e;
    }
  }, (o) => targetResult(o, !!opts.dryRun));
  const fleet: FleetMigrateResult = fleetSummary(run, (o) => targetResult(o, !!opts.dryRun));
  return {
    result: { environment: env.name, target: env.display, applied: [], planned: [], dryRun: !!opts.dryRun, pendingAfter: 0, fleet },
    stop: run.failed > 0 || run.notStarted > 0,
  };
}

function targetResult(o: TargetOutcome<Reached>, dryRun: boolean): TargetMigrateResult {
  const from = o.result?.from ?? null;
  const applied = (o.result?.result?.applied ?? []).map((a) => a.id);
  return {
    target: o.target,
    status: o.status,
    from,
    to: applied.length > 0 ? applied[applied.length - 1]! : dryRun ? (o.result?.result?.planned.at(-1)?.id ?? from) : from,
    applied,
    // the plan per target, without each migration's SQL (the same for every target: `--dry-run` on one environment prints it)
    ...(dryRun ? { planned: (o.result?.result?.planned ?? []).map(({ statements: _, ...p }) => p) } : {}),
    ...(o.durationMs !== undefined ? { durationMs: o.durationMs } : {}),
    ...(o.error ? { error: o.error } : {}),
  };
}
