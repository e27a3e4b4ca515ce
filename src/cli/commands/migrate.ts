import { Option, type Command } from 'commander';
import { migrate } from '../../api/migrate.js';
import { ExitCode, LadderError } from '../../core/errors.js';
import { interruptSignal } from '../signals.js';
import { parseDuration } from '../../core/duration.js';
import { terminated } from '../../core/parse.js';
import { commonOptions, formatDuration, plural, tag } from '../common.js';
import { progressFor } from '../progress.js';
import { addFleetOptions, FLEET_HELP, fleetOutcome, fleetOptionsOf, fleetProgress, printFleetSummary, type FleetFlags } from '../fleet-output.js';
import type { CliContext } from '../program.js';

export function registerMigrate(program: Command, ctx: CliContext): void {
  const command = program
    .command('migrate')
    .description('apply committed migrations, under a lock, after verifying their hashes')
    .option('--to <id>', 'apply up to and including this committed migration')
    .option('--dry-run', 'print the SQL that would run; change nothing')
    .addOption(new Option('--fake <id>', 'record this committed migration as applied without running it (repeatable)').argParser(collect))
    .option('--single-transaction', 'apply all pending migrations in one transaction (default: one per migration)')
    .option('--lock-timeout <duration>', 'how long to wait for another migrate (e.g. 30s, 2m)', '60s')
    .addHelpText(
      'after',
      `
Examples:
  ladder migrate                      apply everything committed to the default environment(s)
  ladder migrate -e production        apply to production (a deploy step, never app start-up)
  ladder migrate --dry-run -e prod    show the SQL that would run
  ladder migrate --to 0003_orders     stop after 0003_orders
  ladder migrate --fake 0004_hotfix   record 0004_hotfix as applied (it was run by hand)

Several replicas may run it at once: one applies, the others wait for the lock,
then find nothing to do and exit 0.
${FLEET_HELP}`,
    );
  addFleetOptions(command).action(
    async (opts: { to?: string; dryRun?: boolean; fake?: string[]; singleTransaction?: boolean; lockTimeout: string } & FleetFlags) => {
      const out = ctx.output();
      const lockTimeoutMs = parseDuration(opts.lockTimeout);
      if (lockTimeoutMs === undefined) {
        throw new LadderError(ExitCode.usage, `--lock-timeout ${opts.lockTimeout}: not a duration`, {
          hint: 'use a number with ms, s or m, e.g. --lock-timeout 30s',
        });
      }
      const interrupt = interruptSignal();
      // on a terminal: one live line (done/total, current migration, elapsed); in a log: a line per migration
      const progress = progressFor(process.stderr, out.json);
      const fleetLine = fleetProgress(out, 'applied');
      const result = await migrate({
        ...commonOptions(ctx, {
          migrationStart: (env, step, i, n) => {
            // without a TTY: one line per migration, when it is done (below)
            if (progress) progress.update(tag(env), i, n, step.id);
          },
          migrationDone: (env, a, i) => {
            const line = `${tag(env)} ${a.fake ? 'recorded (fake)' : a.adopted ? 'recorded (tried)' : 'applied'} ${a.id} in ${formatDuration(a.durationMs)}`;
            if (progress) {
              progress.finished(i + 1);
              progress.above(() => out.line(line));
            } else out.line(line);
          },
          notice: (env, message) => (progress ? progress.above(() => out.info(`${tag(env)} ${message}`)) : out.info(`${tag(env)} ${message}`)),
          slowStatement: (env, step, statement, ms) =>
            progress
              ? progress.slow(statement, ms)
              : out.info(`${tag(env)} ${step.id}: statement ${statement} still running (${formatDuration(ms)})`),
        }),
        to: opts.to,
        dryRun: opts.dryRun,
        fake: opts.fake,
        singleTransaction: opts.singleTransaction,
        lockTimeoutMs,
        signal: interrupt.signal,
        ...fleetOptionsOf(opts),
        fleetEvents: fleetLine.events,
      }).finally(() => {
        progress?.stop();
        fleetLine.stop();
        interrupt.dispose();
      });
      const failure = fleetOutcome(ctx, out, result);
      if (out.json) return;
      for (const env of result.environments) {
        if (env.fleet) {
          printFleetSummary(out, env.environment, env.fleet, opts.dryRun ? 'to apply' : 'applied');
          continue;
        }
        const upgrade = env.trackingUpgrade;
        if (upgrade) {
          out.line(
            `${tag(env.environment)} ${upgrade.done ? 'upgraded' : 'would upgrade'} the tracking table to drizzle 1.0's shape (name, applied_at): ${plural(upgrade.rows, 'row')} named by migration folder`,
          );
        }
        if (env.dryRun) {
          if (env.planned.length === 0) {
            const after = opts.to && env.pendingAfter > 0 ? ` up to ${opts.to} (${env.pendingAfter} pending after it)` : '';
            out.line(`${tag(env.environment)} nothing to apply${after} (${env.target})`);
          }
          for (const p of env.planned) {
            const how = p.action === 'run' ? p.file : p.action === 'fake' ? 'fake: recorded without running' : 'tried here: recorded without running';
            const mode = p.mode ? ` mode: ${p.mode}${p.statementsDone !== undefined ? `, resumes after statement ${p.statementsDone}` : ''}` : '';
            out.line(`${tag(env.environment)} -- ${p.id} (${how})${mode}`);
            for (const s of p.statements ?? []) out.line(terminated(s));
          }
          continue;
        }
        const after = opts.to && env.pendingAfter > 0 ? ` (${env.pendingAfter} pending after it)` : '';
        out.line(
          env.applied.length === 0
            ? after
              ? `${tag(env.environment)} nothing to apply up to ${opts.to}${after} (${env.target})`
              : `${tag(env.environment)} up to date (${env.target})`
            : `${tag(env.environment)} ${plural(env.applied.length, 'migration')} applied${after ? ` up to ${opts.to}${after}` : ''} (${env.target})`,
        );
      }
      if (failure) throw failure;
    },
  );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
