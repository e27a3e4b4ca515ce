/**
 * Fleets on the command line (docs/fleets.md): the policy options, the
 * progress (a live line on a terminal, a line per finished target in a log),
 * the summary at the end and the exit code (0 all done, 1 a target failed,
 * 4 the failure policy stopped the run).
 */
import { Option, type Command } from 'commander';
import type { FleetEvents, FleetOptions, TargetReport } from '../api/fleet.js';
import type { FleetMigrateResult, TargetMigrateResult } from '../api/migrate.js';
import type { FleetStatus, TargetStatus } from '../api/status.js';
import { groupTargets } from '../core/fleet.js';
import { ExitCode, LadderError } from '../core/errors.js';
import { formatDuration, pad, plural, tag, type Output } from './common.js';
import { progressFor } from './progress.js';

export const FLEET_HELP = `
Fleets (an environment with fleet = {...} in ladder.toml, docs/fleets.md):
  ladder migrate -e tenants --concurrency 8         8 targets at once (per server)
  ladder migrate -e tenants --canary 3              3 targets first; the rest if they all succeed
  ladder migrate -e tenants --continue-on-error     every target, whatever fails
  ladder migrate -e tenants --shard 2/4             this runner's quarter of the targets
Exit codes: 0 every target done, 1 some target failed, 4 stopped early by the failure policy.`;

export function addFleetOptions(command: Command): Command {
  return command
    .addOption(new Option('--concurrency <n>', 'fleets: targets at once, per server (default 4)').argParser(wholeNumber('--concurrency')))
    .addOption(new Option('--canary <n>', 'fleets: run the first n targets alone first; the rest only if they all succeed').argParser(wholeNumber('--canary')))
    .addOption(new Option('--max-failures <n>', 'fleets: failed targets tolerated before no new one starts (default 0)').argParser(wholeNumber('--max-failures')))
    .option('--continue-on-error', 'fleets: start every target whatever fails (--max-failures without bound)')
    .option('--shard <i/n>', 'fleets: only the targets of shard i of n (1-based; by a stable hash of each name)');
}

export interface FleetFlags {
  concurrency?: number;
  canary?: number;
  maxFailures?: number;
  continueOnError?: boolean;
  shard?: string;
}

export function fleetOptionsOf(flags: FleetFlags): FleetOptions {
  return {
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.canary !== undefined ? { canary: flags.canary } : {}),
    ...(flags.maxFailures !== undefined ? { maxFailures: flags.maxFailures } : {}),
    ...(flags.continueOnError ? { continueOnError: true } : {}),
    ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
  };
}

function wholeNumber(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) {
      throw new LadderError(ExitCode.usage, `${name} ${value}: expected a whole number`, { hint: `e.g. ${name} 4` });
    }
    return Number(value);
  };
}

/** Progress while a fleet runs: per target, never per migration. */
export function fleetProgress(out: Output, verb: string): { events: FleetEvents; stop(): void } {
  const live = progressFor(process.stderr, out.json);
  let total = 0;
  let done = 0;
  let failed = 0;
  let running = 0;
  let recorded = 0;
  let label = '';
  const redraw = () => live?.update(label, done, total, `targets (${running} running, ${failed} failed, ${plural(recorded, 'migration')} ${verb})`);
  return {
    events: {
      fleetStart: (env, run, listed) => {
        label = tag(env);
        total = run;
        const shard = run === listed ? '' : ` (this shard's ${run} of ${listed})`;
        if (!out.json) out.info(`${tag(env)} ${plural(run, 'target')}${shard}`);
      },
      targetStart: () => {
        running++;
        redraw();
      },
      targetDone: (env, report) => {
        running--;
        done++;
        if (report.status === 'failed') failed++;
        recorded += report.applied?.length ?? 0;
        // on a terminal only what needs attention goes above the line; in a log, every target
        const line = `${tag(env)} ${targetLine(report, verb)}`;
        if (live) {
          if (report.status === 'failed') live.above(() => out.line(line));
          redraw();
        } else if (!out.json) out.line(line);
      },
    },
    stop: () => live?.stop(),
  };
}

function targetLine(r: TargetReport & Partial<TargetMigrateResult>, verb: string): string {
  const took = r.durationMs !== undefined ? ` in ${formatDuration(r.durationMs)}` : '';
  if (r.status === 'failed') return `${r.target}: failed${r.error?.migration ? ` at ${r.error.migration}` : ''}: ${r.error?.message ?? 'unknown error'}`;
  const planned = r.planned?.map((p) => p.id) ?? [];
  if (planned.length > 0) return `${r.target}: ${planned.length} to apply (${planned[0]}${planned.length > 1 ? ` .. ${planned[planned.length - 1]}` : ''})`;
  const n = r.applied?.length ?? 0;
  if (n === 0) return `${r.target}: up to date${took}`;
  return `${r.target}: ${plural(n, 'migration')} ${verb} (${r.applied![0]}${n > 1 ? ` .. ${r.applied![n - 1]}` : ''})${took}`;
}

/**
 * The end of a fleet's migrate or baseline: a table with a row per failed
 * target and a row per move (from -> to) the others made, then the counts.
 * Hundreds of tenants that moved alike are one row, not hundreds.
 */
export function printFleetSummary(out: Output, environment: string, fleet: FleetMigrateResult, verb: string): void {
  const ok = fleet.targets.filter((t) => t.status === 'ok');
  // a dry run counts what it would apply
  const recorded = fleet.targets.reduce((n, t) => n + t.applied.length + (t.planned?.length ?? 0), 0);
  const rows: { who: string; result: string; failed: boolean; from: string; to: string; took: string }[] = [];
  for (const t of fleet.targets.filter((x) => x.status === 'failed')) {
    rows.push({ who: t.target, result: `failed at ${t.error?.migration ?? '?'}`, failed: true, from: t.from ?? '-', to: t.to ?? '-', took: t.durationMs !== undefined ? formatDuration(t.durationMs) : '' });
  }
  const moves = groupTargets(
    ok.filter((t) => t.applied.length > 0 || (t.planned?.length ?? 0) > 0),
    (t) => `${t.from ?? '-'}\u0000${t.to ?? '-'}\u0000${t.planned ? `${t.planned.length} planned` : `${t.applied.length} ${verb}`}`,
  );
  for (const g of moves) {
    const [from, to, result] = g.key.split('\u0000') as [string, string, string];
    const times = g.targets.map((t) => t.durationMs ?? 0).sort((a, b) => a - b);
    const took = g.targets.length === 1 ? formatDuration(times[0]!) : `${formatDuration(times[Math.floor(times.length / 2)]!)} median`;
    rows.push({ who: g.targets.length === 1 ? g.targets[0]!.target : plural(g.targets.length, 'target'), result, failed: false, from, to, took });
  }
  if (rows.length > 0) {
    const w = (k: 'who' | 'result' | 'from' | 'to', min: number) => Math.max(min, ...rows.map((r) => r[k].length));
    const [ww, rw, fw, tw] = [w('who', 6), w('result', 6), w('from', 4), w('to', 2)];
    out.line(out.paint.dim(`  ${pad('target', ww)}  ${pad('result', rw)}  ${pad('from', fw)}  ${pad('to', tw)}  took`));
    for (const r of rows) {
      const result = r.failed ? out.paint.red(pad(r.result, rw)) : out.paint.green(pad(r.result, rw));
      out.line(`  ${pad(r.who, ww)}  ${result}  ${pad(r.from, fw)}  ${pad(r.to, tw)}  ${r.took}`.trimEnd());
    }
  }
  const upToDate = ok.filter((t) => t.applied.length === 0 && !t.planned?.length).length;
  const parts = [`${ok.length} done (${plural(recorded, 'migration')} ${verb}, ${upToDate} already up to date)`];
  if (fleet.failed > 0) parts.push(`${fleet.failed} failed`);
  if (fleet.notStarted > 0) parts.push(`${fleet.notStarted} not started`);
  const shard = fleet.shard ? ` in shard ${fleet.shard.index}/${fleet.shard.count} (of ${fleet.listed} listed)` : '';
  out.line(`${tag(environment)} ${plural(fleet.targets.length, 'target')}${shard}: ${parts.join(', ')}`);
}

/**
 * After a command that may run fleets: with --json, the document (ok false
 * and the exit code when a fleet failed). Returns the failure, which the
 * text output throws after its summary.
 */
export function fleetOutcome(ctx: { exitCode?: number }, out: Output, result: { environments: { environment: string; fleet?: FleetMigrateResult }[] }): LadderError | undefined {
  const failure = result.environments.map((e) => e.fleet && fleetFailure(e.environment, e.fleet)).find((f) => f !== undefined);
  if (out.json) {
    if (failure) ctx.exitCode = failure.code;
    out.document({ ok: !failure, ...result });
  }
  return failure;
}

/** Failures come last, as one error: what failed, why, and what to do. */
export function fleetFailure(environment: string, fleet: FleetMigrateResult): LadderError | undefined {
  if (fleet.failed === 0 && !fleet.stoppedEarly) return undefined;
  const failed = fleet.targets.filter((t) => t.status === 'failed');
  const first = failed[0];
  const why = first ? ` (first: ${first.target}${first.error?.migration ? ` at ${first.error.migration}` : ''}: ${first.error?.message ?? ''})` : '';
  const stopped = fleet.stoppedEarly ? `; stopped early by the failure policy: ${fleet.notStarted} not started` : '';
  return new LadderError(fleet.stoppedEarly ? ExitCode.stopped : ExitCode.database, `${plural(fleet.failed, 'target')} failed${why}${stopped}`, {
    environment,
    hint: fleet.stoppedEarly
      ? 'fix the cause and run the same command again: done targets are up to date, the rest pick up where they stand (--max-failures N or --continue-on-error to go on past failures)'
      : 'fix the cause and run the same command again: only the failed targets have work left',
  });
}

/**
 * A fleet's status, grouped: "47 up to date", "2 with 1 pending (next
 * 0042_x): t07, t19", "1 could not be read: t33 (...)". --all lists every
 * target of every group.
 */
export function printFleetStatus(out: Output, fleet: FleetStatus, all: boolean): void {
  const groups = groupTargets(fleet.targets, statusKey);
  const shown = all ? Infinity : 10;
  for (const g of groups) {
    const list = g.key === 'up to date' && !all ? '' : `: ${g.targets.slice(0, shown).map((t) => t.target).join(', ')}${g.targets.length > shown ? `, and ${g.targets.length - shown} more (--all lists them)` : ''}`;
    const text = `  ${g.targets.length} ${g.key}${list}`;
    out.line(g.key === 'up to date' ? out.paint.green(text) : g.key.startsWith('with') && !g.key.includes('problem') ? out.paint.yellow(text) : out.paint.red(text));
  }
  const shard = fleet.shard ? ` in shard ${fleet.shard.index}/${fleet.shard.count} (of ${fleet.listed} listed)` : '';
  out.line(`  ${plural(fleet.targets.length, 'target')}${shard}`);
}

function statusKey(t: TargetStatus): string {
  if (t.status === 'failed') return `could not be read (${t.error?.message ?? 'unknown error'})`;
  const troubled = Object.entries(t.states).filter(([s]) => !s.startsWith('applied') && s !== 'pending' && s !== 'committed');
  const pending = t.pending.length > 0 ? `${t.pending.length} pending (next ${t.pending[0]})` : '';
  if (t.problems.length > 0 || troubled.length > 0) {
    const what = troubled.map(([s, n]) => `${n} ${s}`);
    return `with ${[...what, ...(pending ? [pending] : [])].join(', ') || plural(t.problems.length, 'problem')}`;
  }
  return pending ? `with ${pending}` : 'up to date';
}
