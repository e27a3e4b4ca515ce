import type { Command } from 'commander';
import { planLines, rollback } from '../../api/rollback.js';
import { parseDuration } from '../../core/duration.js';
import { ExitCode, LadderError } from '../../core/errors.js';
import { terminated } from '../../core/parse.js';
import { interruptSignal } from '../signals.js';
import { commonOptions, formatDuration, plural, tag } from '../common.js';
import type { CliContext } from '../program.js';
import { addFleetOptions, fleetOutcome, fleetOptionsOf, fleetProgress, printFleetSummary, type FleetFlags } from '../fleet-output.js';

export function registerRollback(program: Command, ctx: CliContext): void {
  const command = program
    .command('rollback')
    .description('revert applied committed migrations, newest first, with their committed revert files')
    .option('--steps <n>', 'how many applied migrations to revert (default 1)')
    .option('--to <id>', 'revert every applied migration after this one (it stays applied)')
    .option('--dry-run', 'print the plan, the revert SQL and the data-loss check; change nothing')
    .option('--allow-data-loss', 'roll back even when the reverts would drop tables, columns, enum values or sequences that hold data')
    .option('--include-fake', 'also revert migrations recorded without running (fake, baseline)')
    .option('--production', 'required in an is_production environment')
    .option('--lock-timeout <duration>', 'how long to wait for a running migrate (e.g. 30s, 2m)', '60s')
    .addHelpText(
      'after',
      `
Each revert runs with the delete of its tracking row and a log row in one
transaction, under the migrate lock. The revert files are the committed ones
(hash-checked against committed.toml: exit 3 if one was edited). Before
anything runs, ladder counts the rows in what the reverts would drop and
refuses (exit 2) when any holds data, unless --allow-data-loss.
A -- ladder:no-transaction migration's revert runs as the migration did:
statement by statement outside a transaction, each one's progress committed;
the tracking-row delete goes with the last. If one fails, nothing after it
runs, the error says which ran, and \`ladder rollback\` again resumes there.

\`ladder migrate\` (or drizzle-kit migrate) afterwards applies them again.

Examples:
  ladder rollback                          revert the newest applied migration
  ladder rollback --steps 3 --dry-run      show what reverting three would do
  ladder rollback --to 0004_orders         revert everything after 0004_orders
  ladder rollback -e production --production --to 0011_x   a broken deploy
  ladder rollback -e tenants --production --to 0011_x --canary 2   every target of a fleet`,
    );
  addFleetOptions(command).action(
      async (opts: { steps?: string; to?: string; dryRun?: boolean; allowDataLoss?: boolean; includeFake?: boolean; production?: boolean; lockTimeout: string } & FleetFlags) => {
        const out = ctx.output();
        const lockTimeoutMs = parseDuration(opts.lockTimeout);
        if (lockTimeoutMs === undefined) {
          throw new LadderError(ExitCode.usage, `--lock-timeout ${opts.lockTimeout}: not a duration`, { hint: 'e.g. --lock-timeout 30s' });
        }
        let steps: number | undefined;
        if (opts.steps !== undefined) {
          steps = /^\d+$/.test(opts.steps) ? Number(opts.steps) : NaN;
          if (!(steps >= 1)) throw new LadderError(ExitCode.usage, `--steps ${opts.steps}: not a positive whole number`);
        }
        const interrupt = interruptSignal();
        const fleetLine = fleetProgress(out, opts.dryRun ? 'to revert' : 'rolled back');
        const result = await rollback({
          ...fleetOptionsOf(opts),
          fleetEvents: fleetLine.events,
          ...commonOptions(ctx),
          steps,
          to: opts.to,
          dryRun: opts.dryRun,
          allowDataLoss: opts.allowDataLoss,
          includeFake: opts.includeFake,
          production: opts.production,
          lockTimeoutMs,
          signal: interrupt.signal,
          onNotice: (m) => out.info(m),
          // what it will do, before it does it (stderr: stdout keeps the result)
          onPlan: (plan) => {
            if (out.json) return;
            out.info(`${tag(plan.environment)} rollback plan (${plan.target}):`);
            for (const l of planLines(plan)) out.info(`  ${l}`);
          },
        }).finally(() => {
          fleetLine.stop();
          interrupt.dispose();
        });
        const failure = fleetOutcome(ctx, out, result);
        if (out.json) return;
        for (const env of result.environments) {
          if (env.fleet) {
            printFleetSummary(out, env.environment, env.fleet, opts.dryRun ? 'to revert' : 'rolled back');
            continue;
          }
          if (env.planned.length === 0) {
            out.line(`${tag(env.environment)} nothing to roll back (${env.target})`);
            continue;
          }
          if (env.dryRun) {
            out.line(`${tag(env.environment)} rollback plan (${env.target}), dry run: nothing changed`);
            for (const p of env.planned) {
              out.line(`-- ${p.id}: ${p.revertFile}${p.fake ? ' (recorded as fake)' : ''}`);
              for (const s of p.statements) out.line(terminated(s));
            }
            for (const l of planLines(env).filter((l) => !l.startsWith('revert '))) out.line(`-- ${l}`);
            continue;
          }
          for (const r of env.reverted) out.line(`${tag(env.environment)} rolled back ${r.id} in ${formatDuration(r.durationMs)}`);
          out.line(`${tag(env.environment)} ${plural(env.reverted.length, 'migration')} rolled back (${env.target}); \`ladder migrate\` applies ${env.reverted.length === 1 ? 'it' : 'them'} again`);
        }
        if (failure) throw failure;
      },
    );
}
