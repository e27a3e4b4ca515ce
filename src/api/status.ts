import { findBranches, type Branching } from '../core/branches.js';
import { planEnvironment, planOffline, type StatusRow } from '../core/plan.js';
import type { Problem } from '../core/errors.js';
import { uncommitted } from '../core/lifecycle.js';
import { staleReverts, staleRevertWarning } from '../core/revert-header.js';
import type { MigrationMode } from '../core/modes.js';
import type { MigrationFile } from '../core/types.js';
import { applyRecords, type ApplyRecord } from '../core/history.js';
import { readApplyLog, readTrackingAppliedAt } from '../db/history.js';
import { readState } from '../db/ledger.js';
import { readSnapshotNodes } from '../source/folders.js';
import { analyzeMigration } from '../sql/analyze.js';
import { databaseContext } from './migrate.js';
import type { EnvironmentConfig } from '../config/types.js';
import type { SqlClient } from '../db/client.js';
import { forEachEnvironment, openProject, readSource, type CommonOptions, type Project } from './context.js';
import { runFleet, type FleetOptions, type TargetError, type TargetOutcome } from './fleet.js';
import { lintProblemsForVerify } from './lint.js';

export interface StatusOptions extends CommonOptions, Pick<FleetOptions, 'concurrency' | 'shard' | 'fleetEvents'> {
  /** folder and committed.toml only; no database */
  offline?: boolean;
  /** read each migration's transaction mode (status --all): loads the SQL parser when a migration needs it */
  modes?: boolean;
}

export interface EnvironmentStatus {
  /** undefined for the offline view */
  environment?: string;
  target?: string;
  /** a fleet: empty (each target's are summed up in fleet.targets) */
  migrations: StatusRow[];
  /** a fleet: every target's, each naming its target as environment `<env>/<target>` */
  problems: Problem[];
  fleet?: FleetStatus;
}

export interface FleetStatus {
  layout: 'databases' | 'schemas';
  listed: number;
  shard?: { index: number; count: number };
  targets: TargetStatus[];
}

export interface TargetStatus {
  target: string;
  /** failed: it could not be read (see error) */
  status: 'ok' | 'failed' | 'not started';
  /** committed migrations applied there */
  applied: number;
  /** committed migrations pending there, in order */
  pending: string[];
  /** how many migrations are in each state */
  states: Record<string, number>;
  problems: Problem[];
  error?: TargetError;
}

export interface StatusResult {
  offline: boolean;
  environments: EnvironmentStatus[];
  /** folder-wide notices (a revert file written for another text of its migration), one line each */
  warnings: string[];
}

/** Each migration's transaction mode (core/modes.ts); a migration ladder refuses to run has none. */
async function readModes(files: MigrationFile[]): Promise<Map<string, MigrationMode>> {
  const modes = new Map<string, MigrationMode>();
  for (const f of files) {
    const run = await analyzeMigration(f).catch(() => undefined);
    if (run) modes.set(f.id, run.mode);
  }
  return modes;
}

/** Every migration's state in each active environment (or offline: folder and ledger only). */
export async function status(opts: StatusOptions = {}): Promise<StatusResult> {
  // offline needs no environment: a CI job without DATABASE_URL must still run it
  const project = openProject(opts.offline ? { ...opts, db: undefined } : opts, { environments: !opts.offline, fleets: true });
  const source = readSource(project);
  const warnings = staleReverts(uncommitted(source)).map(staleRevertWarning);
  if (opts.offline) {
    const plan = planOffline(source);
    return { offline: true, environments: [{ migrations: plan.rows, problems: plan.problems }], warnings };
  }
  const modes = opts.modes ? await readModes(source.migrations) : undefined;
  const one = async (p: Project, env: EnvironmentConfig, db: SqlClient): Promise<EnvironmentStatus> => {
    const state = await readState(db, p.names);
    const plan = planEnvironment(source, state, env.name, databaseContext(env));
    const rows = modes ? plan.rows.map((r) => (modes.has(r.id) ? { ...r, mode: modes.get(r.id) } : r)) : plan.rows;
    const records = applyRecords(await readApplyLog(db, p.names));
    const appliedAt = await readTrackingAppliedAt(db, p.names);
    return {
      environment: env.name,
      target: env.display,
      migrations: withApplyRecords(rows, records, new Map(source.committed.map((e) => [e.id, e.hash])), appliedAt),
      problems: plan.problems,
    };
  };
  const environments = await forEachEnvironment(
    project,
    opts,
    (env, db) => one(project, env, db),
    async (env) => ({ result: await fleetStatus(project, env, opts, one), stop: false }),
  );
  return { offline: false, environments, warnings };
}

/** Every target's status, summed up (each target read on its own connection; a target that cannot be read is reported, not thrown). */
async function fleetStatus(
  project: Project,
  env: EnvironmentConfig,
  opts: StatusOptions,
  one: (p: Project, env: EnvironmentConfig, db: SqlClient) => Promise<EnvironmentStatus>,
): Promise<EnvironmentStatus> {
  const summary = (o: TargetOutcome<EnvironmentStatus>): TargetStatus => {
    const rows = o.result?.migrations ?? [];
    const states: Record<string, number> = {};
    for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
    return {
      target: o.target,
      status: o.status,
      applied: rows.filter((r) => r.committed && r.state.startsWith('applied')).length,
      pending: rows.filter((r) => r.state === 'pending' || r.state === 'partial').map((r) => r.id),
      states,
      problems: o.result?.problems ?? [],
      ...(o.error ? { error: o.error } : {}),
    };
  };
  // status reads: every target, whatever another one says
  const run = await runFleet(project, env, { ...opts, continueOnError: true }, (t, db) => one(t.project, t.env, db));
  const targets = run.targets.map(summary);
  return {
    environment: env.name,
    target: env.display,
    migrations: [],
    problems: targets.flatMap((t) => t.problems),
    fleet: { layout: run.layout, listed: run.listed, ...(run.shard ? { shard: run.shard } : {}), targets },
  };
}

export interface VerifyOptions extends CommonOptions, Pick<FleetOptions, 'concurrency' | 'shard' | 'fleetEvents'> {
  offline?: boolean;
  /** warnings (a .sql file outside the journal) are problems too: for teams that want a clean folder */
  strict?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  problems: Problem[];
  /**
   * drizzle-kit 1.0 histories: where two branches start from one snapshot,
   * and the objects both write (advice: ladder applies them in committed order)
   */
  branches: Branching[];
  /** how many committed migrations were checked */
  committed: number;
  environments: string[];
  /** the folder's warnings (with `strict` they are in `problems` too) */
  warnings: Problem[];
  /** fleets: how many targets were checked, by environment */
  fleetTargets?: Record<string, number>;
}

/**
 * The CI check: journal, files, revert files and committed.toml agree, and
 * (unless offline) each environment's applied rows match committed.toml.
 * Returns every problem; the CLI exits 3 when there is any.
 */
export async function verify(opts: VerifyOptions = {}): Promise<VerifyResult> {
  // `verify --offline` is the pull-request check: no database variables needed
  const project = openProject(opts.offline ? { ...opts, db: undefined } : opts, { environments: !opts.offline, fleets: true });
  const source = readSource(project);
  const warnings = source.warnings ?? [];
  // lint (docs/lint.md): a migration `ladder migrate` would fail on is an integrity problem too
  const offlineProblems = [
    ...(opts.strict ? warnings : []),
    ...planOffline(source).problems,
    ...(await lintProblemsForVerify(source, project.config.root, project.config.lint?.allow ?? [])),
  ];
  const branches = findBranches(readSnapshotNodes(source, project.config.root));
  if (opts.offline) {
    return { ok: offlineProblems.length === 0, problems: offlineProblems, branches, committed: source.committed.length, environments: [], warnings };
  }
  const fleetTargets: Record<string, number> = {};
  const one = async (p: Project, env: EnvironmentConfig, db: SqlClient) => {
    const state = await readState(db, p.names);
    // offline problems are already listed once; keep only what the database adds
    return planEnvironment(source, state, env.name, databaseContext(env)).problems.filter((p) => !offlineProblems.some((o) => o.message === p.message));
  };
  const perEnv = await forEachEnvironment(
    project,
    opts,
    (env, db) => one(project, env, db),
    async (env) => {
      // every target checked; one that cannot be read is a problem of the fleet too
      const run = await runFleet(project, env, { ...opts, continueOnError: true }, (t, db) => one(t.project, t.env, db));
      fleetTargets[env.name] = run.targets.length;
      const problems = run.targets.flatMap((t): Problem[] =>
        t.status === 'failed'
          ? [{ kind: 'fleet-target-failed', environment: `${env.name}/${t.target}`, message: `${t.target} could not be checked: ${t.error?.message ?? ''}`, ...(t.error?.hint ? { hint: t.error.hint } : {}) }]
          : (t.result ?? []),
      );
      return { result: problems, stop: false };
    },
  );
  const problems = [...offlineProblems, ...perEnv.flat()];
  return {
    ok: problems.length === 0,
    problems,
    branches,
    committed: source.committed.length,
    environments: project.environments.map((e) => e.name),
    warnings,
    ...(Object.keys(fleetTargets).length > 0 ? { fleetTargets } : {}),
  };
}

/** Applied rows get when, how long and by what, when the log's record is of the same SQL. */
function withApplyRecords(
  rows: StatusRow[],
  records: Map<string, ApplyRecord>,
  committedHashes: Map<string, string>,
  trackingAppliedAt: Map<number, Date>,
): StatusRow[] {
  return rows.map((r) => {
    if (!r.state.startsWith('applied')) return r;
    const rec = records.get(r.id);
    if (!rec || committedHashes.get(r.id) !== rec.hash) {
      // no ladder record (drizzle-kit migrate ran it): drizzle 1.0's applied_at still says when
      const at = r.appliedRowId === undefined ? undefined : trackingAppliedAt.get(r.appliedRowId);
      return at ? { ...r, appliedAt: at } : r;
    }
    return { ...r, appliedAt: rec.appliedAt, appliedBy: rec.by, ...(rec.durationMs === undefined ? {} : { durationMs: rec.durationMs }) };
  });
}
