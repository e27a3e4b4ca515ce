import type { Command } from 'commander';
import { verify } from '../../api/status.js';
import { integrityError } from '../../core/plan.js';
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
    .action(async (opts: { offline?: boolean; strict?: boolean }) => {
      const out = ctx.output();
      const common = commonOptions(ctx);
      // --strict lists the warnings as problems: not also as warning lines
      if (opts.strict) common.events.warning = undefined;
      const result = await verify({ ...common, offline: opts.offline, strict: opts.strict });
      // advice, before any error: a branch is not a problem for ladder, which applies in committed order
      for (const b of out.json ? [] : result.branches) {
        out.info(
          `${out.paint.yellow('warning:')} the history branches after ${b.from}: ${b.heads.join(' and ')} were generated from the same snapshot; ` +
            (b.sharedObjects.length > 0
              ? `both write ${b.sharedObjects.join(', ')}: check that applying them in committed order is right`
              : 'they write different objects, so their order does not matter'),
        );
      }
      // one problem: its environment in front (problemsError takes it from the problem)
      if (!result.ok) throw integrityError(result.problems);
      if (out.json) return out.document(result);
      const where = result.environments.length > 0 ? ` and ${result.environments.join(', ')}` : '';
      out.line(`ok: ${plural(result.committed, 'committed migration')} verified (files${where})`);
    });
}
