import type { Command } from 'commander';
import { commitUntried } from '../../api/commit.js';
import { ExitCode, LadderError } from '../../core/errors.js';
import { commonOptions } from '../common.js';
import type { CliContext } from '../program.js';

export function registerCommit(program: Command, ctx: CliContext): void {
  program
    .command('commit [id]')
    .description('freeze the first uncommitted migration: append it with its hashes to committed.toml')
    .option('--untried', 'commit without a try in the active environments')
    .option('--fake', 'commit as fake = true: recorded as applied without running, in every environment')
    .addHelpText(
      'after',
      `
Migrations are committed in journal order. Refused when the revert file is
missing or still a ladder:todo.

Examples:
  ladder commit                   commit the migration you tried (and retried)
  ladder commit --untried         commit without trying it here
  ladder commit 0005_legacy --fake   it exists already everywhere: record it, never run it`,
    )
    .action(async (id: string | undefined, opts: { untried?: boolean; fake?: boolean }) => {
      const out = ctx.output();
      if (!opts.untried && !opts.fake) {
        throw new LadderError(ExitCode.usage, 'commit needs --untried or --fake in this version', {
          hint: 'ladder commit --untried',
        });
      }
      const result = await commitUntried({ ...commonOptions(ctx), id, untried: opts.untried, fake: opts.fake });
      if (out.json) return out.document({ ok: true, ...result });
      out.line(`committed ${result.committed.id}${result.committed.fake ? ' (fake)' : ''}: hash ${result.committed.hash.slice(0, 12)}`);
    });
}
