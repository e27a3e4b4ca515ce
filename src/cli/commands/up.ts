import type { Command } from 'commander';
import { up } from '../../api/up.js';
import { commonOptions } from '../common.js';
import type { CliContext } from '../program.js';

export function registerUp(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description("move a drizzle-kit 0.x project to drizzle-kit 1.0's folder format, with ladder's files")
    .addHelpText(
      'after',
      `
Runs drizzle-kit 1.0's own \`up\` when the folder still has meta/_journal.json
(drizzle-kit 1.0 must be installed), then moves each <tag>.revert.sql into its
<timestamp>_<name>/revert.sql and re-keys committed.toml to the folder names,
matched by hash (drizzle-kit up copies the SQL byte for byte), and verifies the
result. Nothing is changed when anything does not match. Untry your tries
first: they are stored under the old ids. Databases need nothing: the next
\`ladder migrate\` upgrades a 0.x tracking table as drizzle-orm 1.0 would.

Examples:
  npm i -D drizzle-kit@rc drizzle-orm@rc && ladder up
  npx drizzle-kit up && ladder up          the same, in two steps`,
    )
    .action(async () => {
      const out = ctx.output();
      const result = await up(commonOptions(ctx));
      if (out.json) return out.document({ ok: true, ...result });
      if (result.ranDrizzleKitUp) out.line('ran drizzle-kit up: the migrations are now in drizzle-kit 1.0 folders');
      for (const m of result.moved) out.line(`moved ${m.from} -> ${m.to}`);
      if (result.rekeyed.length > 0) out.line(`committed.toml: ${result.rekeyed.length} ids re-keyed to folder names`);
      if (!result.ranDrizzleKitUp && result.moved.length === 0 && result.rekeyed.length === 0) out.line('nothing to move: the project is in the 1.0 layout');
      out.line(`ok: ${result.committed} committed migrations verified`);
    });
}
