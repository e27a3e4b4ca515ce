/**
 * `rollback`: revert applied committed migrations, newest first, with their
 * committed revert files, in each active environment, under the migrate lock.
 * Before anything runs: the plan is checked (hashes, irreversible, fake,
 * no-transaction), then what the reverts would drop is counted; any data
 * there refuses the rollback unless allowDataLoss. A production environment
 * needs `production: true` as well.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { planRollback, type RollbackSelect, type RollbackStep } from '../core/rollback.js';
import type { SqlClient } from '../db/client.js';
import { checkDataLoss, describeLoss, type DataLoss } from '../db/data-loss.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { revertCommitted } from '../db/rollback.js';
import { forEachEnvironment, openProject, readSource, type CommonOptions, type Project } from './context.js';
import { withLock } from './migrate.js';
import type { MigrationSource } from '../core/types.js';
import { refuseFleetOptionsWithoutFleet, type FleetOptions } from './fleet.js';
import type { FleetMigrateResult } from './migrate.js';
import { rollbackFleet } from './rollback-fleet.js';

export interface RollbackOptions extends CommonOptions, RollbackSelect, FleetOptions {
  /** print nothing, change nothing: the plan and the data-loss check */
  dryRun?: boolean;
  /** run even when the reverts would drop data */
  allowDataLoss?: boolean;
  /** required to roll back an is_production environment */
  production?: boolean;
  lockTimeoutMs?: number;
  /** called with the plan and the check before anything runs (the CLI prints it first) */
  onPlan?: (plan: EnvironmentRollbackPlan) => void;
}

export interface PlannedRevert {
  id: string;
  /** the migration's SQL file and the committed revert file that runs */
  file: string;
  revertFile: string;
  fake: boolean;
  statements: string[];
}

export interface EnvironmentRollbackPlan {
  environment: string;
  target: string;
  production: boolean;
  planned: PlannedRevert[];
  dataLoss: DataLoss[];
}

export interface RevertedMigration {
  id: string;
  durationMs: number;
}

export interface EnvironmentRollbackResult extends EnvironmentRollbackPlan {
  reverted: RevertedMigration[];
  dryRun: boolean;
  /** the environment is a fleet: each target's rollback (`applied` lists the ids it reverted, newest first) */
  fleet?: FleetMigrateResult;
}

export interface RollbackResult {
  environments: EnvironmentRollbackResult[];
}

export async function rollback(opts: RollbackOptions = {}): Promise<RollbackResult> {
  const project = openProject(opts, { environments: true, fleets: true });
  refuseFleetOptionsWithoutFleet(project, opts);
  const source = readSource(project);
  const environments = await forEachEnvironment(
    project,
    opts,
    (env, db) => rollbackEnvironment(project, source, env, db, opts),
    (env) => rollbackFleet(project, source, env, opts, rollbackEnvironment),
  );
  return { environments };
}

async function rollbackEnvironment(
  project: Project,
  source: MigrationSource,
  env: EnvironmentConfig,
  db: SqlClient,
  opts: RollbackOptions,
): Promise<EnvironmentRollbackResult> {
  const select: RollbackSelect = { steps: opts.steps, to: opts.to, includeFake: opts.includeFake };
  const steps = planRollback(source, await readState(db, project.names), select, env.name);
  const plan = await planWithCheck(env, db, steps);
  const result: EnvironmentRollbackResult = { ...plan, reverted: [], dryRun: !!opts.dryRun };
  if (opts.dryRun) return result;
  if (steps.length === 0) return result;
  if (env.isProduction && !opts.production) {
    throw new LadderError(ExitCode.usage, `rollback refused: ${env.name} is a production environment`, {
      environment: env.name,
      detail: planLines(plan).join('\n'),
      hint: `it would do what is listed above; to run it, add --production (\`ladder rollback -e ${env.name} --production\`)`,
      partial: result,
    });
  }
  refuseDataLoss(plan, opts);
  opts.onPlan?.(plan);

  try {
    await withLock(project, env, db, opts, async (lock) => {
      await ensureLedger(db, project.names, source.format);
      // Another deployer may have changed things while we waited: the plan must still be the one shown.
      const now = planRollback(source, await readState(db, project.names), select, env.name);
      if (now.map((s) => s.id).join() !== steps.map((s) => s.id).join()) {
        throw new LadderError(ExitCode.usage, `rollback stopped: the applied migrations in ${env.name} changed while waiting for the lock`, {
          environment: env.name,
          hint: 'run `ladder status`, then rollback again',
        });
      }
      refuseDataLoss(await planWithCheck(env, db, now), opts);
      for (const step of now) {
        await lock.assertHeld();
        if (opts.signal?.aborted) throw opts.signal.reason;
        const startedAt = new Date();
        try {
          result.reverted.push({ id: step.id, durationMs: await revertCommitted(db, project.names, step, env.name) });
        } catch (e) {
          await appendLog(
            db,
            project.names,
            { action: 'rollback', migrationId: step.id, hash: step.hash, startedAt, ok: false, error: e instanceof Error ? e.message : String(e) },
            env.secrets,
          ).catch(() => {});
          throw e;
        }
      }
    });
  } catch (e) {
    if (e instanceof LadderError) {
      e.partial = result;
      const done = result.reverted.map((r) => r.id);
      if (done.length > 0) {
        throw new LadderError(e.code, e.message, { ...e, problems: e.problems, detail: [e.detail, `already rolled back: ${done.join(', ')}`].filter(Boolean).join('\n'), partial: result }, e.cause);
      }
    }
    throw e;
  }
  return result;
}

async function planWithCheck(env: EnvironmentConfig, db: SqlClient, steps: RollbackStep[]): Promise<EnvironmentRollbackPlan> {
  const dataLoss = await checkDataLoss(
    db,
    steps.map((s) => ({ id: s.id, revertPath: s.file.revertPath, revertSql: s.file.revert!.sql })),
  );
  return {
    environment: env.name,
    target: env.display,
    production: env.isProduction,
    planned: steps.map((s) => ({
      id: s.id,
      file: s.file.sqlPath,
      revertFile: s.file.revertPath,
      fake: s.fake,
      statements: s.statements.map((x) => x.trim()).filter(Boolean),
    })),
    dataLoss,
  };
}

function refuseDataLoss(plan: EnvironmentRollbackPlan, opts: RollbackOptions): void {
  if (plan.dataLoss.length === 0 || opts.allowDataLoss) return;
  throw new LadderError(ExitCode.usage, `rollback refused: the reverts would drop data (${plan.dataLoss.length === 1 ? '1 object holds some' : `${plan.dataLoss.length} objects hold some`})`, {
    environment: plan.environment,
    detail: plan.dataLoss.map((l) => `- ${describeLoss(l)}`).join('\n'),
    hint: 'back the data up first; then add --allow-data-loss to roll back anyway (--dry-run shows the whole plan)',
    partial: plan,
  });
}

/** The plan as text lines (for the production refusal). */
export function planLines(plan: EnvironmentRollbackPlan): string[] {
  const lines = plan.planned.map((p) => `revert ${p.id} with ${p.revertFile} (${p.statements.length} statement${p.statements.length === 1 ? '' : 's'})${p.fake ? ' [fake]' : ''}`);
  lines.push(plan.dataLoss.length === 0 ? 'data-loss check: nothing would be lost' : 'data-loss check:');
  for (const l of plan.dataLoss) lines.push(`- ${describeLoss(l)}`);
  return lines;
}
