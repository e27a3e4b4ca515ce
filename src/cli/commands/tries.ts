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
    .option('--no-verify-revert', 'do not prove the revert (run it, compare the schema, apply again) inside the try')
    .addHelpText(
      'after',
      `
Writes a missing revert file first (as \`ladder import\`). Runs in one
transaction: a failing statement changes nothing. Refused in production.
Committed migrations pending in that database are applied first, as
\`ladder migrate\` would (--no-migrate refuses instead, naming them).

Every try proves its revert in that transaction: it runs the revert file,
compares the schema with the one before the migration (column order aside)
and applies the migration again. A revert that fails or leaves another
schema is a \`warning:\`; the try stays, marked \`revert unverified\`, and
\`ladder commit\` refuses it until the revert is fixed and retried.
Not checked: ladder:todo and irreversible reverts, no-transaction migrations.

Examples:
  npx drizzle-kit generate && ladder try     generate, then try it on dev
  ladder try --all                           try every untried migration
  ladder try 0004_orders -e dev,test         on two environments at once
  ladder try --watch                         edit the SQL; it is retried on save
  ladder try --all --no-verify-revert        skip the revert check (a long history)`,
    )
    .action(async (id: string | undefined, opts: { all?: boolean; watch?: boolean; migrate?: boolean; verifyRevert?: boolean }) => {
      const out = ctx.output();
      if (opts.watch && id === undefined && !opts.all) {
        // Back at the keyboard after a break: nothing new to try, so watch what is tried.
        const tried = await triedOnly(ctx);
        if (tried.length > 0) {
          out.info(`nothing new to try; watching the tried ${tried.join(', ')}`);
          return watchAndRetry(ctx, tried, opts.verifyRevert);
        }
      }
      const result = await withLintWarnings(
        ctx,
        () => tryMigrations({ ...commonOptions(ctx), id, all: opts.all, noMigrate: opts.migrate === false, verifyRevert: opts.verifyRevert }),
        (r) =>
        r.environments.flatMap((e) => e.tried),
      );
      report(out, result, 'try');
      if (opts.watch) await watchAndRetry(ctx, [...new Set(result.environments.flatMap((e) => e.tried))], opts.verifyRevert);
    });

  program
    .command('untry [id]')
    .description('revert tries with the revert SQL stored at try time, newest first, down to id')
    .option('--with-current-revert', 'run the revert file as it is on disk now, not the copy stored at try time')
    .option('--forget', 'drop the try record(s) and run nothing (after undoing the migration by hand)')
    .addHelpText(
      'after',
      `
Examples:
  ladder untry                             revert the newest try
  ladder untry 0003_users                  revert every try from the newest down to 0003_users
  ladder untry --with-current-revert       the stored revert is stale or wrong: use the file as it is now
  ladder untry 0003_users --forget         you undid it by hand: drop the record, run nothing`,
    )
    .action(async (id: string | undefined, opts: { withCurrentRevert?: boolean; forget?: boolean }) =>
      report(ctx.output(), await untry({ ...commonOptions(ctx), id, withCurrentRevert: opts.withCurrentRevert, forget: opts.forget }), 'untry', !!opts.withCurrentRevert),
    );

  program
    .command('retry [id]')
    .description('untry, then try again with the current files, in one transaction')
    .option('--no-verify-revert', 'do not prove the revert inside the try (see `ladder try --help`)')
    .addHelpText(
      'after',
      `
Examples:
  ladder retry                        after editing the newest tried migration
  ladder retry 0003_users             revert down to 0003_users and re-apply all of them
  ladder retry --no-verify-revert     re-apply without checking the revert`,
    )
    .action(async (id: string | undefined, opts: { verifyRevert?: boolean }) =>
      report(ctx.output(), await retry({ ...commonOptions(ctx), id, verifyRevert: opts.verifyRevert }), 'retry'),
    );

  program
    .command('reset')
    .description('untry every try, newest first (refused in production)')
    .option('--recreate', 'PGlite only: throw the dev database directory away and migrate it again from the committed migrations')
    .addHelpText(
      'after',
      `
--recreate is the way out when a PGlite dev database is stuck: its directory
is removed (tries included) and the committed migrations are applied to a new
one. Refused on PostgreSQL environments (drop and create the database yourself).

Examples:
  ladder reset -e dev             untry every try
  ladder reset --recreate         rebuild the PGlite dev database from committed migrations`,
    )
    .action(async (opts: { recreate?: boolean }) => report(ctx.output(), await reset({ ...commonOptions(ctx), recreate: opts.recreate }), 'reset'));
}

function report(out: Output, result: TriesResult, command: string, withCurrentRevert = false): void {
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
    if (env.recreated) {
      const n = env.recreated.applied.length;
      out.line(`${tag(env.environment)} recreated ${env.recreated.directory}: the old PGlite database and its tries are gone; applied ${n === 1 ? '1 committed migration' : `${n} committed migrations`}`);
      continue;
    }
    for (const id of env.untried) {
      const current =
        withCurrentRevert || env.replacedUnverifiedRevert.includes(id)
          ? ' (with the current revert file)'
          : ' (with the current revert file: the stored one was a ladder:todo)';
      out.line(`${tag(env.environment)} untried ${id}${env.usedCurrentRevert.includes(id) ? current : ''}`);
    }
    for (const id of env.forgotten) {
      out.line(`${tag(env.environment)} forgot ${id}: its try record is dropped, nothing ran; the database is as you left it`);
    }
    for (const id of env.tried) {
      out.line(`${tag(env.environment)} tried ${id}${env.revertUnverified.some((u) => u.migration === id) ? ' (revert unverified)' : ''}`);
    }
    for (const u of env.revertUnverified) {
      out.warn({
        kind: 'revert-unverified',
        environment: env.environment,
        migration: u.migration,
        message: `${u.migration}: revert unverified: ${u.reason}`,
        hint: `fix its revert file, then \`ladder retry ${u.migration}\`; or commit it as it is with \`ladder commit --accept-revert\``,
      });
    }
    for (const n of env.revertNotChecked) out.info(`note: ${tag(env.environment)} ${n.migration}: ${n.note}`);
    if (env.tried.length === 0 && env.untried.length === 0 && env.forgotten.length === 0) out.line(`${tag(env.environment)} nothing to ${command}`);
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
async function watchAndRetry(ctx: CliContext, triedIds: string[], verifyRevert?: boolean): Promise<void> {
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
          report(out, await retry({ ...commonOptions(ctx), id: [...ids][0], verifyRevert }), 'retry');
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
