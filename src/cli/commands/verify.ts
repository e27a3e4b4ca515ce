import type { Command } from 'commander';
import { verify } from '../../api/status.js';
import { integrityError } from '../../core/plan.js';
import { ExitCode, LadderError } from '../../core/errors.js';
import { commonOptions, plural } from '../common.js';
import type { CliContext } from '../program.js';

export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('check that journal, files, revert files, committed.toml and the databases agree (for CI)')
    .option('--offline', 'files only; no database')
    .option('--strict', 'warnings (a .sql file outside the journal) are problems too: exit 3')
    .addHelpText(
      'after',
      `
Lists every problem and exits 3 if there is any. Warnings (a .sql file that
is not in the journal: never run, as with drizzle-orm) do not fail it unless
--strict is given.

Examples:
  ladder verify --offline        in CI, on every pull request
  ladder verify -e production    also compare production's applied rows
  ladder verify --offline --strict   also fail on warnings`,
    )
    .option('--concurrency <n>', 'fleets: targets checked at once, per server (default 4)', (v) => Number(v))
    .option('--shard <i/n>', 'fleets: only the targets of shard i of n')
    .action(async (opts: { offline?: boolean; strict?: boolean; concurrency?: number; shard?: string }) => {
      const out = ctx.output();
      const common = commonOptions(ctx);
      // --strict lists the warnings as problems: not also as warning lines
      if (opts.strict) common.events.warning = undefined;
      const result = await verify({
        ...common,
        offline: opts.offline,
        strict: opts.strict,
        ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
        ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
      });
      // advice, before any error: a branch is not a problem for ladder, which applies in committed order
      for (const b of out.json ? [] : result.branches) {
        out.info(
          `${out.paint.yellow('warning:')} the history branches after ${b.from}: ${b.heads.join(' and ')} were generated from the same snapshot; ` +
            (b.sharedObjects.length > 0
              ? `both write ${b.sharedObjects.join(', ')}: check that applying them in committed order is right`
              : 'they write different objects, so their order does not matter'),
        );
      }
      // a fleet target that could not be read was not checked: a failure to check (exit 1), not a finding
      const unchecked = result.problems.filter((p) => p.kind === 'fleet-target-failed');
      if (unchecked.length > 0) {
        throw new LadderError(ExitCode.database, `${plural(unchecked.length, 'fleet target')} could not be checked (${unchecked[0]!.message})`, {
          problems: result.problems,
          hint: unchecked[0]!.hint ?? 'check that every target is reachable, then run ladder verify again',
        });
      }
      // one problem: its environment in front (problemsError takes it from the problem)
      if (!result.ok) throw integrityError(result.problems);
      if (out.json) return out.document(result);
      const where =
        result.environments.length > 0
          ? ` and ${result.environments.map((e) => (result.fleetTargets?.[e] !== undefined ? `${e} (${plural(result.fleetTargets[e]!, 'target')})` : e)).join(', ')}`
          : '';
      out.line(`ok: ${plural(result.committed, 'committed migration')} verified (files${where})`);
    });
}
