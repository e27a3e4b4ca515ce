/**
 * `rollback`: revert applied committed migrations, newest first, with their
 * committed revert files, in each active environment, under the migrate lock.
 * Before anything runs: the plan is checked (hashes, irreversible, fake,
 * no-transaction), then what the reverts would drop is counted; any data
 * there refuses the rollback unless allowDataLoss. A production environment
 * needs `production: true` as well.
 */
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { planRollback, type RollbackSelect, type RollbackStep } from '../core/rollback.js';
import type { SqlClient } from '../db/client.js';
import { checkDataLoss, describeLoss, type DataLoss } from '../db/data-loss.js';
import { appendLog, ensureLedger, readState } from '../db/ledger.js';
import { keepsProgress, type RunPlan } from '../core/modes.js';
import { revertCommitted, revertCommittedStepwise } from '../db/rollback.js';
import { analyzeMigration } from '../sql/analyze.js';
import type { CommonOptions, Project } from './context.js';
import { withLock } from './lock.js';
import type { MigrationSource } from '../core/types.js';
import { onEnvironmentsAndFleets, type FleetOptions } from './fleet.js';
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
  /** something the user should know while it runs (an invalid index dropped before a resume) */
  onNotice?: (message: string) => void;
}

export interface PlannedRevert {
  id: string;
  /** the migration's SQL file and the committed revert file that runs */
  file: string;
  revertFile: string;
  fake: boolean;
  statements: string[];
  /** its revert runs statement by statement outside a transaction (a -- ladder:no-transaction migration) */
  noTransaction: boolean;
  /** revert statements a stopped rollback already ran: this one resumes after them */
  statementsDone?: number;
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

/** A no-transaction revert that stopped at a statement (its earlier statements stay committed). */
export interface StoppedRevert {
  migration: string;
  /** statements that ran and stay committed: the next rollback resumes after them */
  statementsDone: number;
  statementsTotal: number;
  /** 1-based; undefined when it stopped outside a statement (the connection) */
  failedStatement?: number;
}

export interface EnvironmentRollbackResult extends EnvironmentRollbackPlan {
  reverted: RevertedMigration[];
  dryRun: boolean;
  /** set when a no-transaction revert stopped part way */
  stopped?: StoppedRevert;
  /** the environment is a fleet: each target's rollback (`applied` lists the ids it reverted, newest first) */
  fleet?: FleetMigrateResult;
}

export interface RollbackResult {
  environments: EnvironmentRollbackResult[];
}

export async function rollback(opts: RollbackOptions = {}): Promise<RollbackResult> {
  return { environments: await onEnvironmentsAndFleets(opts, rollbackEnvironment, (p, source, env, o) => rollbackFleet(p, source, env, o, rollbackEnvironment)) };
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
  // a revert ladder would refuse to run (COPY FROM STDIN...) is refused before anything runs
  await stepwiseRuns(steps);
  const plan = await planWithCheck(env, db, steps);
  const result: EnvironmentRollbackResult = { ...plan, reverted: [], dryRun: !!opts.dryRun };
  if (opts.dryRun) return result;
  if (steps.length === 0) return result;
  if (env.isProduction && !opts.production) {
    throw new LadderError(ExitCode.usage, `rollback refused: ${env.name} is a production environment`, {
      environment: env.name,
      detail: planLines(plan).join('\n'),
      hint: `it would do what is listed above; to run it, add --production (\`ladder rollback -e ${env.name} --production\`)`,
      partial: partialResult(result),
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
      const runs = await stepwiseRuns(now);
      for (const step of now) {
        await lock.assertHeld();
        if (opts.signal?.aborted) throw opts.signal.reason;
        const startedAt = new Date();
        const run = runs.get(step.id);
        try {
          const durationMs = run
            ? await revertCommittedStepwise({
                db,
                names: project.names,
                step,
                environment: env.name,
                plan: run,
                timeouts: env.timeouts,
                guardSql: lock.guardSql,
                notice: opts.onNotice,
              })
            : await revertCommitted(db, project.names, step, env.name);
          result.reverted.push({ id: step.id, durationMs });
        } catch (e) {
          if (run && e instanceof LadderError && e.partial?.current) result.stopped = e.partial.current as StoppedRevert;
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
      e.partial = partialResult(result);
      const done = result.reverted.map((r) => r.id);
      if (done.length > 0) {
        throw new LadderError(e.code, e.message, { ...e, problems: e.problems, detail: [e.detail, `already rolled back: ${done.join(', ')}`].filter(Boolean).join('\n'), partial: partialResult(result) }, e.cause);
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
      noTransaction: s.noTransaction,
      ...(s.statementsDone !== undefined ? { statementsDone: s.statementsDone } : {}),
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
    partial: partialResult(plan),
  });
}

/**
 * How each revert that cannot run in one transaction runs: a no-transaction
 * migration's revert (forced so, whatever the revert file's header says:
 * DROP INDEX CONCURRENTLY undoes CREATE INDEX CONCURRENTLY), or a revert
 * with its own COMMIT. Reverts that run in one transaction are not here.
 */
async function stepwiseRuns(steps: RollbackStep[]): Promise<Map<string, RunPlan>> {
  const runs = new Map<string, RunPlan>();
  for (const s of steps) {
    const run = await analyzeMigration({ id: s.id, sql: s.file.revert!.sql, sqlPath: s.file.revertPath }, { noTransaction: s.noTransaction });
    if (keepsProgress(run.mode)) runs.set(s.id, run);
  }
  return runs;
}

/** The plan as text lines (for the production refusal). */
export function planLines(plan: EnvironmentRollbackPlan): string[] {
  const lines = plan.planned.map(
    (p) =>
      `revert ${p.id} with ${p.revertFile} (${p.statements.length} statement${p.statements.length === 1 ? '' : 's'}` +
      `${p.noTransaction ? ', one by one outside a transaction' : ''}` +
      `${p.statementsDone ? `, resuming after the ${p.statementsDone} a stopped rollback ran` : ''})${p.fake ? ' [fake]' : ''}`,
  );
  lines.push(plan.dataLoss.length === 0 ? 'data-loss check: nothing would be lost' : 'data-loss check:');
  for (const l of plan.dataLoss) lines.push(`- ${describeLoss(l)}`);
  return lines;
}
