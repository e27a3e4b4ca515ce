import type { Command } from 'commander';
import { status } from '../../api/status.js';
import type { StatusRow } from '../../core/plan.js';
import { ExitCode } from '../../core/errors.js';
import { commonOptions, formatDuration, pad, plural, tag, type Output } from '../common.js';
import { problemLine } from '../output.js';
import { printFleetStatus } from '../fleet-output.js';
import type { CliContext } from '../program.js';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show each migration and its state in each active environment')
    .option('--all', 'include applied migrations (default: only those not applied)')
    .option('--offline', 'folder and committed.toml only; no database')
    .addHelpText(
      'after',
      `
States: uncommitted, tried, tried (stale), tried (revert unverified),
pending, partial, applied, applied (fake), modified, unknown, missing
(offline: committed). \`revert unverified\`: at try time its revert failed or
left another schema; commit refuses it until the revert file is fixed and
retried (or \`ladder commit --accept-revert\`).
--all also shows each migration's transaction mode (docs/transactions.md).

Examples:
  ladder status                  what is not applied yet in the default environment(s)
  ladder status --all -e dev,ci  every migration, in two environments
  ladder status --offline        no database: what is committed, what is not
  ladder status --json           one JSON document for scripts`,
    )
    .option('--concurrency <n>', 'fleets: targets read at once, per server (default 4)', (v) => Number(v))
    .option('--shard <i/n>', 'fleets: only the targets of shard i of n')
    .action(async (opts: { all?: boolean; offline?: boolean; concurrency?: number; shard?: string }) => {
      const out = ctx.output();
      const result = await status({
        ...commonOptions(ctx),
        offline: opts.offline,
        modes: opts.all && !opts.offline,
        ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
        ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
      });
      // what verify and migrate refuse with exit 3 is not a clean status either
      const problems = result.environments.reduce((n, e) => n + e.problems.length, 0);
      if (problems > 0) ctx.exitCode = ExitCode.integrity;
      // a fleet target that could not be read is a failure to read, as an unreachable environment is
      else if (result.environments.some((e) => e.fleet?.targets.some((t) => t.status === 'failed'))) ctx.exitCode = ExitCode.database;
      if (out.json) return out.document({ ok: problems === 0, ...result });
      for (const env of result.environments) {
        const title = env.environment ? `${tag(env.environment)} ${env.target}` : 'offline (folder and committed.toml)';
        out.line(out.paint.bold(title));
        if (env.fleet) {
          printFleetStatus(out, env.fleet, !!opts.all);
          for (const p of env.problems) out.line(`  ${out.paint.red('!')} ${problemLine(p)}`);
          continue;
        }
        const hidden = (r: StatusRow) => !opts.all && (r.state === 'applied' || r.state === 'applied (fake)');
        const rows = env.migrations.filter((r) => !hidden(r));
        const applied = env.migrations.length - rows.length;
        if (rows.length > 0) printTable(out, rows);
        const summary = summarize(env.migrations);
        out.line(
          `  ${summary}${applied > 0 && !opts.all ? out.paint.dim(` (${plural(applied, 'applied migration')} hidden; --all shows them)`) : ''}`,
        );
        for (const p of env.problems) out.line(`  ${out.paint.red('!')} ${problemLine({ ...p, environment: undefined })}`);
        for (const r of rows.filter((x) => shownState(x) === 'tried (revert unverified)')) out.line(`  ${r.id}: ${r.revertUnverified}`);
      }
      for (const warning of result.warnings) out.info(`warning: ${warning}`);
      if (problems > 0) {
        out.info(`${out.paint.red('error:')} ${plural(problems, 'integrity problem')} (listed above): verify and migrate exit 3 until they are fixed`);
        const hints = [...new Set(result.environments.flatMap((e) => e.problems.map((p) => p.hint)).filter(Boolean))];
        if (hints.length === 1) out.info(`${out.paint.dim('hint:')} ${hints[0]}`);
      }
    });
}

function printTable(out: Output, rows: StatusRow[]): void {
  // a partial migration says where it stopped: the next migrate resumes after its committed statements
  const stateOf = (r: StatusRow) =>
    r.statementsDone !== undefined
      ? `${r.state} (${r.statementsDone} done)`
      : r.rollbackStatementsDone !== undefined
        ? `${r.state} (rollback stopped, ${r.rollbackStatementsDone} reverted)`
        : shownState(r);
  const idWidth = Math.max(2, ...rows.map((r) => r.id.length));
  const stateWidth = Math.max(5, ...rows.map((r) => stateOf(r).length));
  const fileWidth = Math.max(4, ...rows.map((r) => (r.file ?? '').length));
  // when and by what, for applied rows ladder has a record of (--all shows them); the mode goes last
  const history = rows.some((r) => r.appliedAt !== undefined);
  const withModes = rows.some((r) => r.mode !== undefined);
  const mode = (m: string | undefined) => (withModes ? `  ${m ?? ''}` : '');
  const file = (f: string) => (history || withModes ? pad(f, fileWidth) : f);
  const when = (r: { appliedAt?: Date; durationMs?: number; appliedBy?: string }) =>
    !history
      ? ''
      : r.appliedAt === undefined
        ? `  ${pad('', 20)}  ${pad('', 7)}  ${pad('', 8)}`
        : `  ${formatWhen(r.appliedAt)}  ${pad(r.durationMs === undefined ? '-' : formatDuration(r.durationMs), 7)}  ${pad(r.appliedBy ?? '', 8)}`;
  const head = history ? `  ${pad('applied', 20)}  ${pad('took', 7)}  ${pad('by', 8)}` : '';
  out.line(out.paint.dim(`  ${pad('id', idWidth)}  ${pad('state', stateWidth)}  ${file('file')}${head}${mode('mode')}`.trimEnd()));
  for (const r of rows) {
    out.line(`  ${pad(r.id, idWidth)}  ${paintState(out, pad(stateOf(r), stateWidth), r.state)}  ${file(r.file ?? '')}${when(r)}${mode(r.mode)}`.trimEnd());
  }
}

/** UTC, to the second: the same for every reader of a shared log. */
function formatWhen(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function paintState(out: Output, text: string, state: string): string {
  if (state.startsWith('applied') || state === 'committed') return out.paint.green(text);
  if (state === 'pending' || state.startsWith('tried') || state === 'uncommitted') return out.paint.yellow(text);
  return out.paint.red(text);
}

/** A try whose revert check failed says so (a stale try is retried anyway: that says enough). */
function shownState(r: StatusRow): string {
  return r.state === 'tried' && r.revertUnverified ? 'tried (revert unverified)' : r.state;
}

function summarize(rows: StatusRow[]): string {
  if (rows.length === 0) return 'no migrations';
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(shownState(r), (counts.get(shownState(r)) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}
