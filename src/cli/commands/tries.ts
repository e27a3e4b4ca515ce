/** try, untry, retry, reset: the dev loop on non-production databases. */
import { watch } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { reset, retry, tryMigrations, untry, type TriesResult } from '../../api/tries.js';
import { openProject, readSource } from '../../api/context.js';
import { status } from '../../api/status.js';
import { commonOptions, tag, type Output } from '../common.js';
import { withLintWarnings } from '../lint-output.js';
import { renderError } from '../output.js';
import type { CliContext } from '../program.js';

export function registerTries(program: Command, ctx: CliContext): void {
  program
    .command('try [id]')
    .description('apply the next uncommitted migration to the dev database(s), recording its revert SQL')
    .option('--all', 'try every untried uncommitted migration, in order')
    .option('--watch', 'then retry whenever its SQL or revert file is saved, until Ctrl-C')
    .option('--no-migrate', 'refuse when committed migrations are pending here (default: apply them first, as migrate)')
    .addHelpText(
      'after',
      `
Writes a missing revert file first (as \`ladder import\`). Runs in one
transaction: a failing statement changes nothing. Refused in production.
Committed migrations pending in that database are applied first, as
\`ladder migrate\` would (--no-migrate refuses instead, naming them).

Examples:
  npx drizzle-kit generate && ladder try     generate, then try it on dev
  ladder try --all                           try every untried migration
  ladder try 0004_orders -e dev,test         on two environments at once
  ladder try --watch                         edit the SQL; it is retried on save`,
    )
    .action(async (id: string | undefined, opts: { all?: boolean; watch?: boolean; migrate?: boolean }) => {
      const out = ctx.output();
      if (opts.watch && id === undefined && !opts.all) {
        // Back at the keyboard after a break: nothing new to try, so watch what is tried.
        const tried = await triedOnly(ctx);
        if (tried.length > 0) {
          out.info(`nothing new to try; watching the tried ${tried.join(', ')}`);
          return watchAndRetry(ctx, tried);
        }
      }
      const result = await withLintWarnings(ctx, () => tryMigrations({ ...commonOptions(ctx), id, all: opts.all, noMigrate: opts.migrate === false }), (r) =>
        r.environments.flatMap((e) => e.tried),
      );
      report(out, result, 'try');
      if (opts.watch) await watchAndRetry(ctx, [...new Set(result.environments.flatMap((e) => e.tried))]);
    });

  program
    .command('untry [id]')
    .description('revert tries with the revert SQL stored at try time, newest first, down to id')
    .addHelpText(
      'after',
      `
Examples:
  ladder untry                 revert the newest try
  ladder untry 0003_users      revert every try from the newest down to 0003_users`,
    )
    .action(async (id: string | undefined) => report(ctx.output(), await untry({ ...commonOptions(ctx), id }), 'untry'));

  program
    .command('retry [id]')
    .description('untry, then try again with the current files, in one transaction')
    .addHelpText(
      'after',
      `
Examples:
  ladder retry                 after editing the newest tried migration
  ladder retry 0003_users      revert down to 0003_users and re-apply all of them`,
    )
    .action(async (id: string | undefined) => report(ctx.output(), await retry({ ...commonOptions(ctx), id }), 'retry'));

  program
    .command('reset')
    .description('untry every try, newest first (refused in production)')
    .addHelpText('after', '\nExample:\n  ladder reset -e dev')
    .action(async () => report(ctx.output(), await reset(commonOptions(ctx)), 'reset'));
}

function report(out: Output, result: TriesResult, command: string): void {
  if (out.json) return out.document({ ok: true, ...result });
  for (const i of result.imported) {
    out.line(`wrote ${i.file}${i.generated ? ' (generated from drizzle-kit snapshots)' : ` (ladder:todo${i.reason ? `: ${i.reason}` : ''})`}`);
  }
  for (const m of result.migrated ?? []) {
    for (const a of m.applied) {
      out.line(`${tag(m.environment)} ${a.adopted ? 'recorded (tried)' : a.fake ? 'recorded (fake)' : 'applied'} ${a.id}: committed, pending here (as \`ladder migrate\`)`);
    }
  }
  for (const env of result.environments) {
    for (const id of env.untried) {
      out.line(`${tag(env.environment)} untried ${id}${env.usedCurrentRevert.includes(id) ? ' (with the current revert file: the stored one was a ladder:todo)' : ''}`);
    }
    for (const id of env.tried) out.line(`${tag(env.environment)} tried ${id}`);
    if (env.tried.length === 0 && env.untried.length === 0) out.line(`${tag(env.environment)} nothing to ${command}`);
  }
}

/** The tried migrations when no uncommitted one is left untried in any active environment; else []. */
async function triedOnly(ctx: CliContext): Promise<string[]> {
  const { environments } = await status(commonOptions(ctx));
  const rows = environments.flatMap((e) => e.migrations);
  if (rows.some((r) => r.state === 'uncommitted')) return [];
  return [...new Set(rows.filter((r) => r.state.startsWith('tried')).map((r) => r.id))];
}

/** Retry whenever a tried migration's SQL or revert file changes; errors are shown, not fatal. */
async function watchAndRetry(ctx: CliContext, triedIds: string[]): Promise<void> {
  const out = ctx.output();
  const project = openProject(commonOptions(ctx));
  const source = readSource(project);
  const ids = new Set(triedIds);
  const watched = new Set(
    source.migrations.filter((m) => ids.has(m.id)).flatMap((m) => [path.basename(m.sqlPath), path.basename(m.revertPath)]),
  );
  const newest = [...ids].at(-1);
  out.info(`watching ${[...watched].join(', ')}; Ctrl-C to stop`);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(source.directory, (_event, name) => {
    if (!name || !watched.has(path.basename(name.toString()))) return;
    clearTimeout(timer);
    // Editors save in several writes: wait until the file settles.
    timer = setTimeout(() => {
      running = running.then(async () => {
        const stamp = new Date().toLocaleTimeString();
        try {
          report(out, await retry({ ...commonOptions(ctx), id: [...ids][0] }), 'retry');
          out.info(`${stamp} retried ${newest}: ok`);
        } catch (e) {
          renderError(out, e);
          out.info(`${stamp} retry failed; still watching`);
        }
      });
    }, 250);
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      watcher.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running;
}
