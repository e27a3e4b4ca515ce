import type { Command } from 'commander';
import { baseline } from '../../api/migrate.js';
import { commonOptions, plural, tag } from '../common.js';
import type { CliContext } from '../program.js';
import { addFleetOptions, fleetOutcome, fleetOptionsOf, fleetProgress, printFleetSummary, type FleetFlags } from '../fleet-output.js';

export function registerBaseline(program: Command, ctx: CliContext): void {
  const command = program
    .command('baseline')
    .description('record committed migrations as applied without running them (a database whose schema already exists)')
    .option('--to <id>', 'baseline up to and including this committed migration (default: all)')
    .addHelpText(
      'after',
      `
Refused if any committed migration is already applied there.

Examples:
  ladder baseline -e production               the schema was created before ladder
  ladder baseline -e production --to 0004_x   0005 onwards will be applied by migrate
  ladder baseline -e tenants --to 0004_x      every target of a fleet (docs/fleets.md)`,
    );
  addFleetOptions(command).action(async (opts: { to?: string } & FleetFlags) => {
      const out = ctx.output();
      const fleetLine = fleetProgress(out, 'recorded');
      const result = await baseline({ ...commonOptions(ctx), to: opts.to, ...fleetOptionsOf(opts), fleetEvents: fleetLine.events }).finally(() => fleetLine.stop());
      const failure = fleetOutcome(ctx, out, result);
      if (out.json) return;
      for (const env of result.environments) {
        if (env.fleet) {
          printFleetSummary(out, env.environment, env.fleet, 'recorded');
          continue;
        }
        for (const a of env.applied) out.line(`${tag(env.environment)} recorded ${a.id} (fake)`);
        out.line(`${tag(env.environment)} baseline: ${plural(env.applied.length, 'migration')} recorded as applied (${env.target})`);
      }
      if (failure) throw failure;
    });
}
