import type { Command } from 'commander';
import { newMigration } from '../../api/new.js';
import { commonOptions } from '../common.js';
import type { CliContext } from '../program.js';

export function registerNew(program: Command, ctx: CliContext): void {
  program
    .command('new <name>')
    .description('an empty hand-written migration, as `drizzle-kit generate --custom --name <name>` makes it, plus its revert file')
    .addHelpText(
      'after',
      `
<name> is lowercase letters, digits and "_". Writes <tag>.sql, its snapshot
(a copy of the previous one) and journal entry exactly as drizzle-kit does, so
drizzle-kit generate keeps working, and <tag>.revert.sql as a ladder:todo.

Examples:
  ladder new backfill_slugs      then write the SQL in drizzle/NNNN_backfill_slugs.sql
  ladder new add_audit --json    the files written, as JSON`,
    )
    .action(async (name: string) => {
      const out = ctx.output();
      const result = await newMigration({ ...commonOptions(ctx), name });
      if (out.json) return out.document({ ok: true, ...result });
      out.line(`wrote ${result.file} (write the migration SQL here)`);
      out.line(`wrote ${result.revertFile} (todo: write the SQL that undoes it)`);
      out.line(`wrote ${result.snapshotFile} and a journal entry for ${result.id}`);
    });
}
