import type { Command } from 'commander';
import { lint } from '../../api/lint.js';
import { ExitCode, LadderError, partialResult } from '../../core/errors.js';
import { commonOptions, plural } from '../common.js';
import { findingLines } from '../lint-output.js';
import type { CliContext } from '../program.js';

export function registerLint(program: Command, ctx: CliContext): void {
  program
    .command('lint [id...]')
    .description("check migrations for unsafe SQL: squawk's rules plus ladder's own, in each migration's transaction mode")
    .option('--all', 'every migration, committed ones included (default: the uncommitted ones)')
    .addHelpText(
      'after',
      `
Runs squawk (npm i -D squawk-cli) with --assume-in-transaction exactly for the
migrations ladder runs in a transaction, and ladder's own rules (transaction
control, CONCURRENTLY in a transaction, an enum value used where it is added,
non-idempotent no-transaction migrations, empty migrations, COPY FROM STDIN).
Exits 3 when a finding is an error, 0 otherwise. No database is opened.

Allow a rule on one statement with a comment \`-- ladder:allow <rule>\`, or for
the project in ladder.toml: [lint] allow = ["<rule>", "<id>:<rule>"].

Examples:
  ladder lint                      the uncommitted migrations
  ladder lint 0004_orders          one migration
  ladder lint --all --json         everything, for a CI annotation step`,
    )
    .action(async (ids: string[], opts: { all?: boolean }) => {
      const out = ctx.output();
      const result = await lint({ ...commonOptions(ctx), ids, all: opts.all });
      if (!result.squawk.ran && result.squawk.reason) {
        out.info(`${out.paint.yellow('note:')} squawk did not run (${result.squawk.reason}): only ladder's own rules were checked`);
        if (result.squawk.hint) out.info(`${out.paint.dim('hint:')} ${result.squawk.hint}`);
      }
      const summary = `${plural(result.migrations.length, 'migration')} linted: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}${result.suppressed > 0 ? ` (${result.suppressed} allowed)` : ''}`;
      if (out.json) {
        if (result.errors === 0) return out.document({ ok: true, ...result });
      } else {
        for (const f of result.findings) for (const l of findingLines(out, f)) out.line(l);
        if (result.migrations.length === 0) out.line(opts.all || ids.length > 0 ? 'nothing to lint' : 'nothing to lint: no uncommitted migration (`ladder lint --all` lints the committed ones too)');
        else if (result.errors === 0) out.line(`ok: ${summary}`);
      }
      if (result.errors > 0) {
        const failing = [...new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.migration))];
        throw new LadderError(ExitCode.integrity, `lint: ${summary}, in ${failing.join(', ')}`, {
          hint: 'follow the hint under each error, or allow a rule with `-- ladder:allow <rule>` on the statement',
          // with --json the findings travel in the one document: error.partial
          partial: out.json ? partialResult({ ok: false, ...result }) : undefined,
        });
      }
    });
}
