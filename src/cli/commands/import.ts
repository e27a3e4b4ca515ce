import type { Command } from 'commander';
import { importReverts } from '../../api/import.js';
import { commonOptions, plural } from '../common.js';
import type { CliContext } from '../program.js';

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('write the missing revert file of each uncommitted migration (generated from drizzle-kit snapshots, or a ladder:todo)')
    .addHelpText(
      'after',
      `
For each uncommitted migration without <id>.revert.sql, writes one: the SQL
drizzle-kit's differ generates from the migration's snapshot and the previous
one swapped, when drizzle-kit is installed and the diff is unambiguous;
otherwise a file starting with \`-- ladder:todo\` that says why (a custom or
hand-edited migration, a rename-like change, drizzle-kit not installed).
An existing revert file is never overwritten, except a stale one ladder wrote
and nobody edited: its migration changed since (its \`-- ladder:reverts\` line
records the migration's sha256), so it is written again. A stale file edited
by hand gets a warning. try and commit import first.

Examples:
  npx drizzle-kit generate && ladder import   write the revert of the new migration
  ladder import --json                        the files written, as JSON`,
    )
    .action(async () => {
      const out = ctx.output();
      const result = await importReverts({ ...commonOptions(ctx), rewriteStale: true });
      if (out.json) return out.document({ ok: true, ...result });
      for (const w of result.written) {
        out.line(`wrote ${w.file} (${w.generated ? 'generated' : `todo: ${w.reason ?? 'write it by hand'}`})`);
      }
      for (const w of result.rewritten) {
        out.line(`rewrote ${w.file}: its migration changed (${w.generated ? 'generated' : `todo: ${w.reason ?? 'write it by hand'}`})`);
      }
      for (const warning of result.warnings) out.info(`warning: ${warning}`);
      if (result.written.length === 0 && result.rewritten.length === 0) {
        out.line(
          result.existing.length > 0
            ? `nothing to import: every uncommitted migration has its revert file (${plural(result.existing.length, 'migration')})`
            : 'nothing to import: no uncommitted migration',
        );
      }
    });
}
