import type { Command } from 'commander';
import { commit, uncommit } from '../../api/commit.js';
import { commonOptions } from '../common.js';
import { withLintWarnings } from '../lint-output.js';
import type { CliContext } from '../program.js';

export function registerCommit(program: Command, ctx: CliContext): void {
  program
    .command('commit [id]')
    .description('freeze the first uncommitted migration: append it with its hashes to committed.toml')
    .option('--all', 'commit every uncommitted migration, in journal order')
    .option('--to <id>', 'commit the uncommitted migrations up to and including this one')
    .option('--untried', 'commit without a try in the active environments (no database is opened)')
    .option('--fake', 'commit as fake = true: recorded as applied without running, in every environment')
    .option('--accept-revert', 'commit a try whose revert check failed at try time (status: revert unverified)')
    .addHelpText(
      'after',
      `
Migrations are committed in journal order. Without flags the migration must be
tried with its current files in every active environment; there the try
becomes drizzle's tracking row (it is not run again). Refused when the revert
file is missing or still a ladder:todo, or when the try could not prove its
revert (status: revert unverified) unless --accept-revert is given.

Examples:
  ladder commit                      commit the migration you tried (and retried)
  ladder commit --all                commit every migration you tried, in order
  ladder commit --to 0006_orders     commit the migrations up to 0006_orders
  ladder commit --untried            commit without trying it here
  ladder commit 0005_legacy --fake   it exists already everywhere: record it, never run it
  ladder commit --accept-revert      commit it although its revert did not restore the schema`,
    )
    .action(async (id: string | undefined, opts: { all?: boolean; to?: string; untried?: boolean; fake?: boolean; acceptRevert?: boolean }) => {
      const out = ctx.output();
      const result = await withLintWarnings(
        ctx,
        () => commit({ ...commonOptions(ctx), id, all: opts.all, to: opts.to, untried: opts.untried, fake: opts.fake, acceptRevert: opts.acceptRevert }),
        (r) => r.migrations.filter((m) => !m.fake).map((m) => m.id),
      );
      if (out.json) return out.document({ ok: true, ...result });
      for (const i of result.imported) out.line(`wrote ${i.file}${i.generated ? ' (generated)' : ' (ladder:todo)'}`);
      for (const m of result.migrations) out.line(`committed ${m.id}${m.fake ? ' (fake)' : ''}: hash ${m.hash.slice(0, 12)}`);
      const ids = result.migrations.map((m) => m.id).join(', ');
      for (const env of result.adopted) {
        out.line(`[${env}] ${ids}: ${result.migrations.length === 1 ? 'the try is now an applied migration' : 'the tries are now applied migrations'}`);
      }
    });

  program
    .command('uncommit')
    .description('take the last committed migration back to uncommitted; where commit adopted its try, it is a try again')
    .addHelpText(
      'after',
      `
Right after \`ladder commit\`: the migration is uncommitted again, and in each
development database where commit turned its try into an applied row, it is
a try again (revert it with \`ladder untry\`, or edit it and \`ladder retry\`).
Refused when a production environment applied it, or when any database
would keep a row that no committed migration explains.

Example:
  ladder uncommit        then edit it, \`ladder retry\`, \`ladder commit\` again`,
    )
    .action(async () => {
      const out = ctx.output();
      const result = await uncommit(commonOptions(ctx));
      if (out.json) return out.document({ ok: true, ...result });
      out.line(`uncommitted ${result.uncommitted.id}`);
      for (const env of result.triedAgain) out.line(`[${env}] ${result.uncommitted.id}: tried again (its applied row is a try once more; \`ladder untry\` reverts it)`);
      for (const n of result.notChecked) out.info(`[${n.environment}] not checked: ${n.reason}`);
    });
}
