/**
 * Running one operation on every target of a fleet (docs/fleets.md):
 * bounded parallelism per server, canaries, a failure policy, shards. Each
 * target is an environment of its own to the operation (its own connection,
 * lock, verification and per-migration transactions), so a failed target is
 * left as a failed environment is: nothing half-applied, and the next run
 * picks it up. The fleet itself keeps no state.
 */
import { setMaxListeners } from 'node:events';
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError, partialResult } from '../core/errors.js';
import { DEFAULT_CONCURRENCY, FleetSchedule, inShard, parseShard, serverOfUrl, type FleetPolicy, type Shard } from '../core/fleet.js';
import type { SqlClient } from '../db/client.js';
import { connect } from '../db/connect.js';
import { quoteLiteral } from '../db/quote.js';
import { describeDriverError, driverErrorHint, isDriverError } from '../db/sql-error.js';
import { forEachEnvironment, openProject, readSource, type CommonOptions, type Project } from './context.js';
import type { MigrationSource } from '../core/types.js';
import { listTargetNames, targetOf, type FleetTarget } from './fleet-targets.js';

export interface FleetOptions {
  /** targets running at once, per server (default 4) */
  concurrency?: number;
  /** the first N targets alone first; the rest only if they all succeed */
  canary?: number;
  /** failures tolerated before no new target starts (default 0) */
  maxFailures?: number;
  /** never stop starting targets because of failures */
  continueOnError?: boolean;
  /** only this shard's targets: `"2/4"` or { index: 2, count: 4 } (1-based) */
  shard?: string | Shard;
  /** per-target progress hooks */
  fleetEvents?: FleetEvents;
}

export interface TargetError {
  /** the exit code this failure would have alone */
  code: number;
  message: string;
  hint?: string;
  migration?: string;
}

export interface TargetOutcome<R> {
  target: string;
  status: 'ok' | 'failed' | 'not started';
  durationMs?: number;
  /** the operation's result; for a failed target, what it did before failing (when known) */
  result?: R;
  error?: TargetError;
}

export interface FleetRun<R> {
  layout: 'databases' | 'schemas';
  /** targets listed, before --shard */
  listed: number;
  shard?: Shard;
  targets: TargetOutcome<R>[];
  failed: number;
  /** targets the failure policy left unstarted (exit code 4) */
  notStarted: number;
  stoppedEarly: boolean;
}

export interface FleetEvents {
  /** the targets are known: how many run here (after --shard) of how many listed */
  fleetStart?(env: EnvironmentConfig, run: number, listed: number): void;
  targetStart?(env: EnvironmentConfig, target: string): void;
  /** a target finished: the operation's report of it (migrate: a TargetMigrateResult) */
  targetDone?(env: EnvironmentConfig, report: TargetReport): void;
}

/** What every operation reports of a finished target; each adds its own fields. */
export interface TargetReport {
  target: string;
  status: 'ok' | 'failed' | 'not started';
  durationMs?: number;
  error?: TargetError;
  /** migrate, baseline: ids recorded */
  applied?: string[];
}

export type FleetRunOptions = CommonOptions & FleetOptions;

/** The policy from the options, refusing nonsense before anything runs. */
export function fleetPolicy(opts: FleetOptions): FleetPolicy {
  const count = (value: number | undefined, name: string, min: number, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new LadderError(ExitCode.usage, `--${name} ${value}: expected a whole number >= ${min}`, { hint: `e.g. --${name} ${Math.max(min, 4)}` });
    }
    return value;
  };
  return {
    concurrency: count(opts.concurrency, 'concurrency', 1, DEFAULT_CONCURRENCY),
    canary: count(opts.canary, 'canary', 0, 0),
    maxFailures: opts.continueOnError ? Infinity : count(opts.maxFailures, 'max-failures', 0, 0),
  };
}

/** Refuse fleet options where no fleet is active: they would silently do nothing. */
export function refuseFleetOptionsWithoutFleet(project: Project, opts: FleetOptions): void {
  const given = (['concurrency', 'canary', 'maxFailures', 'continueOnError', 'shard'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
  if (given.length === 0 || project.environments.some((e) => e.fleet)) return;
  throw new LadderError(ExitCode.usage, `${given.map(flag).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to fleets only, and no active environment is a fleet`, {
    hint: 'select a fleet environment with -e, or drop the option (docs/fleets.md)',
  });
}

function flag(k: string): string {
  return `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Run `fn` on each target of `env`'s fleet (in this shard), each on a
 * connection of its own, under the policy. Failures are recorded per target,
 * never thrown; an interrupt (Ctrl-C, SIGTERM) stops starting targets, cuts
 * the running ones (their transactions roll back) and is thrown with the run so far.
 */
export async function runFleet<R>(
  project: Project,
  env: EnvironmentConfig,
  opts: FleetRunOptions,
  fn: (target: FleetTarget, db: SqlClient) => Promise<R>,
  /** each finished target, as the operation reports it (for the targetDone event) */
  report: (outcome: TargetOutcome<R>) => TargetReport = (o) => o,
): Promise<FleetRun<R>> {
  const fleet = env.fleet!;
  const policy = fleetPolicy(opts);
  const shard = typeof opts.shard === 'string' ? parseShard(opts.shard) : opts.shard;
  const names = await listTargetNames(project, env, opts);
  const targets = names.map((n) => targetOf(project, env, n)).filter((t) => inShard(t.name, shard));
  // their passwords (a URL per target) are never printed
  for (const t of targets) if (t.env.secrets !== env.secrets) opts.events?.environment?.(t.env);
  opts.fleetEvents?.fleetStart?.(env, targets.length, names.length);

  const outcomes: TargetOutcome<R>[] = targets.map((t) => ({ target: t.name, status: 'not started' }));
  // every running target listens for the interrupt (connect, apply): more than Node.js' default 10 is expected
  const servers = serverSlots(targets);
  if (opts.signal) setMaxListeners(Math.max(10, policy.concurrency * 8 * servers.count), opts.signal);
  const schedule = new FleetSchedule(targets.length, { ...policy, concurrency: policy.concurrency * servers.count }, (i) => servers.of[i]!, policy.concurrency);

  const sessions = sessionsFor(env, opts);
  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      if (!opts.signal?.aborted) {
        for (let i = schedule.next(); i !== undefined; i = schedule.next()) {
          running++;
          const index = i;
          void runTarget(targets[index]!, env, sessions, opts, fn).then((outcome) => {
            outcomes[index] = outcome;
            running--;
            schedule.finished(index, outcome.status === 'ok');
            opts.fleetEvents?.targetDone?.(env, report(outcome));
            pump();
          });
        }
      }
      if (running === 0) resolve();
    };
    pump();
  });
  await sessions.closeAll();

  const run: FleetRun<R> = {
    layout: fleet.layout,
    listed: names.length,
    ...(shard ? { shard } : {}),
    targets: outcomes,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    notStarted: outcomes.filter((o) => o.status === 'not started').length,
    stoppedEarly: schedule.stoppedEarly,
  };
  if (opts.signal?.aborted) {
    const reason: unknown = opts.signal.reason;
    const code = reason instanceof LadderError ? reason.code : ExitCode.sigint;
    const done = outcomes.filter((o) => o.status === 'ok').length;
    throw new LadderError(
      code,
      `interrupted by ${code === ExitCode.sigterm ? 'SIGTERM' : 'SIGINT'}: ${done} targets done, ${run.failed} failed or cut, ${run.notStarted} not started`,
      {
        environment: env.name,
        hint: 'a cut target rolled back its running migration; run the same command again: it picks up where each target stands',
        partial: partialResult(run),
      },
    );
  }
  return run;
}

async function runTarget<R>(
  target: FleetTarget,
  fleetEnv: EnvironmentConfig,
  sessions: Sessions,
  opts: FleetRunOptions,
  fn: (t: FleetTarget, db: SqlClient) => Promise<R>,
): Promise<TargetOutcome<R>> {
  const started = performance.now();
  opts.fleetEvents?.targetStart?.(fleetEnv, target.name);
  let db: SqlClient | undefined;
  let ok = false;
  const onAbort = () => void db?.abort().catch(() => {});
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    db = await sessions.take(target);
    const result = await fn(target, db);
    ok = true;
    return { target: target.name, status: 'ok', durationMs: performance.now() - started, result };
  } catch (e) {
    const partial = e instanceof LadderError ? (e.partial?.current as R | undefined) : undefined;
    return {
      target: target.name,
      status: 'failed',
      durationMs: performance.now() - started,
      ...(partial !== undefined ? { result: partial } : {}),
      error: targetError(e, target.env.name),
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (db) await sessions.give(db, ok && !opts.signal?.aborted);
  }
}

interface Sessions {
  take(target: FleetTarget): Promise<SqlClient>;
  /** reusable: the target succeeded, so its session is as healthy as it was */
  give(db: SqlClient, reusable: boolean): Promise<void>;
  closeAll(): Promise<void>;
}

/**
 * A databases fleet: a connection per target. A schemas fleet: its targets
 * share a database, so a finished target's session serves the next one
 * (a new backend per tenant costs more than a no-op migrate of it); each
 * target first drops any advisory lock left on the session and sets its own
 * search_path. Only a session whose target succeeded is used again.
 */
function sessionsFor(env: EnvironmentConfig, opts: FleetRunOptions): Sessions {
  const open = (t: FleetTarget) => connect(t.env, undefined, { signal: opts.signal, onRetry: (a, of, reason) => opts.events?.connectRetry?.(t.env, a, of, reason) });
  if (env.fleet!.layout !== 'schemas') {
    return { take: open, give: (db) => db.close().catch(() => {}), closeAll: async () => {} };
  }
  const idle: SqlClient[] = [];
  return {
    take: async (t) => {
      const reused = idle.pop();
      if (!reused) return open(t);
      try {
        await reused.query(`select pg_advisory_unlock_all(), set_config('search_path', ${quoteLiteral(t.env.settings!['search_path']!)}, false)`);
        return reused;
      } catch {
        await reused.close().catch(() => {});
        return open(t);
      }
    },
    give: async (db, reusable) => {
      if (reusable) idle.push(db);
      else await db.close().catch(() => {});
    },
    closeAll: async () => {
      await Promise.all(idle.splice(0).map((db) => db.close().catch(() => {})));
    },
  };
}

/** The error, without the environment prefix some messages carry: the report names the target already. */
function targetError(e: unknown, envName: string): TargetError {
  if (e instanceof LadderError) {
    const message = e.message.startsWith(`${envName}: `) ? e.message.slice(envName.length + 2) : e.message;
    return { code: e.code, message, ...(e.hint ? { hint: e.hint } : {}), ...(e.migration ? { migration: e.migration } : {}) };
  }
  if (isDriverError(e)) {
    const hint = driverErrorHint(e);
    return { code: ExitCode.database, message: describeDriverError(e), ...(hint ? { hint } : {}) };
  }
  return { code: ExitCode.database, message: e instanceof Error ? e.message : String(e) };
}

/** Targets on the same server share its slots: --concurrency is per server. */
function serverSlots(targets: FleetTarget[]): { count: number; of: number[] } {
  const keys = new Map<string, number>();
  const of = targets.map((t) => {
    const key = serverKey(t);
    if (!keys.has(key)) keys.set(key, keys.size);
    return keys.get(key)!;
  });
  return { count: Math.max(1, keys.size), of };
}

function serverKey(t: FleetTarget): string {
  const c = t.env.connection;
  return c.kind === 'params' ? `${c.host ?? ''}:${c.port ?? ''}` : c.kind === 'url' ? serverOfUrl(c.url) : 'pglite';
}

/** What a fleet's result says of the run as a whole, around the operation's per-target reports. */
export interface FleetSummary<T> {
  layout: 'databases' | 'schemas';
  /** targets listed, before --shard */
  listed: number;
  shard?: Shard;
  failed: number;
  notStarted: number;
  /** the failure policy left targets unstarted (the CLI exits 4) */
  stoppedEarly: boolean;
  targets: T[];
}

export function fleetSummary<R, T>(run: FleetRun<R>, report: (o: TargetOutcome<R>) => T): FleetSummary<T> {
  return {
    layout: run.layout,
    listed: run.listed,
    ...(run.shard ? { shard: run.shard } : {}),
    failed: run.failed,
    notStarted: run.notStarted,
    stoppedEarly: run.stoppedEarly,
    targets: run.targets.map(report),
  };
}

/**
 * The entry of an operation that runs on environments and on fleets alike
 * (migrate, baseline, rollback): the project opened with fleets allowed,
 * fleet options refused where no fleet is active, the folder read once, then
 * `one` in each plain environment and `fleet` in each fleet.
 */
export async function onEnvironmentsAndFleets<O extends CommonOptions & FleetOptions, R>(
  opts: O,
  one: (project: Project, source: MigrationSource, env: EnvironmentConfig, db: SqlClient, opts: O) => Promise<R>,
  fleet: (project: Project, source: MigrationSource, env: EnvironmentConfig, opts: O) => Promise<{ result: R; stop: boolean }>,
): Promise<R[]> {
  const project = openProject(opts, { environments: true, fleets: true });
  refuseFleetOptionsWithoutFleet(project, opts);
  const source = readSource(project);
  return forEachEnvironment(
    project,
    opts,
    (env, db) => one(project, source, env, db, opts),
    (env) => fleet(project, source, env, opts),
  );
}
