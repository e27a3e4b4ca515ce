import type { Command } from 'commander';
import { adopt } from '../../api/adopt.js';
import { partialResult } from '../../core/errors.js';
import { integrityError } from '../../core/plan.js';
import { commonOptions, plural, tag } from '../common.js';
import type { CliContext } from '../program.js';

export function registerAdopt(program: Command, ctx: CliContext): void {
  program
    .command('adopt')
    .description('take an existing drizzle-kit history into ladder: write the reverts it can, commit every migration, check each environment')
    .option('--offline', 'files only: do not open the environments to check their tracking tables')
    .addHelpText(
      'after',
      `
For a project that already has migrations (applied by drizzle-kit migrate or
drizzle-orm's migrate()). In one step:
  1. writes the revert files it can (as \`ladder import\`);
  2. commits every uncommitted migration in journal order. One whose revert
     could not be written is committed with its ladder:todo revert file,
     reworded to say so: rolling it back is refused, nothing else is;
  3. in each active environment, reads drizzle's tracking table (read-only):
     applied migrations stay applied and never run again; pending ones are
     applied by \`ladder migrate\`; unknown rows are listed (exit 3).
Running it again changes nothing.

Examples:
  ladder adopt                     adopt, and check the default environment(s)
  ladder adopt -e dev,production   check these environments
  ladder adopt --offline --json    files only; the report as JSON`,
    )
    .action(async (opts: { offline?: boolean }) => {
      const out = ctx.output();
      const result = await adopt({ ...commonOptions(ctx), offline: opts.offline });
      // the report first (what was done stays said), then the problems as one error: exit 3
      const envs = [...new Set(result.problems.map((p) => p.environment))];
      const failure = () => integrityError(result.problems, envs.length === 1 ? envs[0] : undefined);
      if (result.problems.length > 0 && out.json) {
        const e = failure();
        e.partial = partialResult(result);
        throw e;
      }
      if (out.json) return out.document({ ok: true, ...result });
      const generated = result.committed.filter((c) => c.revert === 'generated').length;
      const existing = result.committed.filter((c) => c.revert === 'existing').length;
      if (result.committed.length === 0) {
        out.line(`nothing to adopt: ${plural(result.alreadyCommitted, 'migration')} committed already`);
      } else {
        out.line(
          `committed ${plural(result.committed.length, 'migration')} (${generated} with a generated revert, ${existing} with an existing one, ${result.todos.length} without revert SQL)` +
            (result.alreadyCommitted > 0 ? `; ${result.alreadyCommitted} committed before` : ''),
        );
      }
      for (const t of result.todos) out.line(`  todo ${t.file}${t.reason ? `: ${t.reason}` : ''}`);
      if (result.todos.length > 0) {
        out.line(`  rolling back ${result.todos.length === 1 ? 'that migration' : 'those migrations'} is refused until the revert SQL is written; nothing else is`);
      }
      for (const env of result.environments) {
        out.line(
          `${tag(env.environment)} ${env.applied.length} applied, ${env.pending.length} pending${env.unknown > 0 ? `, ${env.unknown} unknown` : ''} (${env.target})` +
            (env.pending.length > 0 ? `: \`ladder migrate -e ${env.environment}\` applies ${env.pending.length === 1 ? 'it' : 'them'}` : ''),
        );
      }
      if (result.problems.length > 0) throw failure();
    });
}
