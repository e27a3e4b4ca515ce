import type { Command } from 'commander';
import { baseline } from '../../api/migrate.js';
import { commonOptions, plural, tag } from '../common.js';
import type { CliContext } from '../program.js';

export function registerBaseline(program: Command, ctx: CliContext): void {
  program
    .command('baseline')
    .description('record committed migrations as applied without running them (a database whose schema already exists)')
    .option('--to <id>', 'baseline up to and including this committed migration (default: all)')
    .addHelpText(
      'after',
      `
Refused if any committed migration is already applied there.

Examples:
  ladder baseline -e production               the schema was created before ladder
  ladder baseline -e production --to 0004_x   0005 onwards will be applied by migrate`,
    )
    .action(async (opts: { to?: string }) => {
      const out = ctx.output();
      const result = await baseline({ ...commonOptions(ctx), to: opts.to });
      if (out.json) return out.document({ ok: true, ...result });
      for (const env of result.environments) {
        for (const a of env.applied) out.line(`${tag(env.environment)} recorded ${a.id} (fake)`);
        out.line(`${tag(env.environment)} baseline: ${plural(env.applied.length, 'migration')} recorded as applied (${env.target})`);
      }
    });
}
