/**
 * Lifecycle rules (commit, uncommit, try ordering) as pure functions that
 * return what to do, or throw a LadderError saying why not.
 */
import { ExitCode, LadderError } from './errors.js';
import type { CommittedEntry, MigrationFile, MigrationSource, TryRow } from './types.js';

/** Uncommitted migrations in journal order. */
export function uncommitted(source: MigrationSource): MigrationFile[] {
  const committed = new Set(source.committed.map((e) => e.id));
  return source.migrations.filter((m) => !committed.has(m.id));
}

/**
 * The migration `commit` would append: the first uncommitted one in journal
 * order (an explicit id must be that one), with a finished revert file.
 */
export function nextToCommit(source: MigrationSource, id?: string): MigrationFile {
  const open = uncommitted(source);
  const first = open[0];
  if (!first) {
    throw new LadderError(ExitCode.usage, 'nothing to commit: every migration in the journal is committed', {
      hint: 'generate a new migration with `drizzle-kit generate` or `ladder new <name>`',
    });
  }
  if (id !== undefined && id !== first.id) {
    const known = source.migrations.some((m) => m.id === id);
    throw new LadderError(
      ExitCode.usage,
      known
        ? source.committed.some((e) => e.id === id)
          ? `${id} is already committed`
          : `commit ${id} refused: ${first.id} comes first in the journal and is not committed yet`
        : `no migration ${id} in the journal`,
      { migration: id, hint: known ? `commit migrations in journal order: \`ladder commit ${first.id}\`` : undefined },
    );
  }
  return checkCommittable(first);
}

/**
 * The migrations `commit --all` / `commit --to <id>` append, in journal order:
 * every uncommitted one, or those up to and including `to`. Each gets the
 * same checks as a single commit.
 */
export function selectToCommit(source: MigrationSource, opts: { id?: string; to?: string; all?: boolean }): MigrationFile[] {
  if (!opts.all && opts.to === undefined) return [nextToCommit(source, opts.id)];
  if (opts.id !== undefined) {
    throw new LadderError(ExitCode.usage, `commit ${opts.id} with ${opts.all ? '--all' : '--to'}: give one or the other`, {
      migration: opts.id,
      hint: opts.all ? '`ladder commit --all` commits every uncommitted migration' : `\`ladder commit --to ${opts.to}\``,
    });
  }
  const open = uncommitted(source);
  if (open.length === 0) nextToCommit(source); // throws "nothing to commit"
  let selected = open;
  if (opts.to !== undefined) {
    const to = opts.to;
    const at = open.findIndex((m) => m.id === to);
    if (at < 0) {
      const known = source.migrations.some((m) => m.id === to);
      throw new LadderError(
        ExitCode.usage,
        known ? `commit --to ${to}: ${to} is already committed` : `commit --to ${to}: no migration ${to} in the journal`,
        { migration: to, hint: `uncommitted migrations run from ${open[0]!.id} to ${open.at(-1)!.id}` },
      );
    }
    selected = open.slice(0, at + 1);
  }
  return selected.map(checkCommittable);
}

/** A migration can be committed only with a finished revert file. */
function checkCommittable(first: MigrationFile): MigrationFile {
  if (!first.revert) {
    throw new LadderError(ExitCode.usage, `commit ${first.id} refused: its revert file ${first.revertPath} is missing`, {
      migration: first.id,
      file: first.revertPath,
      hint: 'run `ladder import` to generate it, or write it by hand (`-- ladder:irreversible` if it cannot be reverted)',
    });
  }
  if (first.revert.todo) {
    throw new LadderError(ExitCode.usage, `commit ${first.id} refused: ${first.revertPath} is still a ladder:todo`, {
      migration: first.id,
      file: first.revertPath,
      line: 1,
      hint: 'write the revert SQL (and remove the `-- ladder:todo` line), or mark it `-- ladder:irreversible`',
    });
  }
  return first;
}

export function committedEntryFor(file: MigrationFile, fake: boolean): CommittedEntry {
  return { id: file.id, hash: file.hash, revertHash: file.revert?.hash ?? '', fake };
}

/** The last committed entry, for `uncommit`. */
export function lastCommitted(source: MigrationSource): CommittedEntry {
  const last = source.committed.at(-1);
  if (!last) throw new LadderError(ExitCode.usage, 'nothing to uncommit: committed.toml lists no migration');
  return last;
}

// ---------------------------------------------------------------------------
// try / untry / retry: which migrations, in which order, or why not.

/** Production environments refuse every command that changes a dev database by hand. */
export function refuseProduction(
  command: string,
  environments: { name: string; isProduction: boolean }[],
): void {
  const prod = environments.filter((e) => e.isProduction).map((e) => e.name);
  if (prod.length > 0) {
    throw new LadderError(
      ExitCode.usage,
      `${command} refused: ${prod.join(', ')} ${prod.length === 1 ? 'is a production environment' : 'are production environments'}`,
      {
        environment: prod[0],
        hint: 'try/untry/retry/reset are for development databases; production only gets committed migrations, with `ladder migrate`',
      },
    );
  }
}

/**
 * The migrations `try` applies in one environment, in journal order.
 * Without id: the first untried uncommitted one; --all: every untried one.
 * Earlier uncommitted migrations must be tried first.
 */
export function selectToTry(
  source: MigrationSource,
  tries: TryRow[],
  opts: { id?: string; all?: boolean },
  environment?: string,
): MigrationFile[] {
  const open = uncommitted(source);
  const tried = new Set(tries.map((t) => t.migrationId));
  const untried = open.filter((m) => !tried.has(m.id));
  if (opts.id !== undefined) {
    const target = source.migrations.find((m) => m.id === opts.id);
    if (!target) throw new LadderError(ExitCode.usage, `no migration ${opts.id} in the journal`, { environment, migration: opts.id });
    if (source.committed.some((e) => e.id === opts.id)) {
      throw new LadderError(ExitCode.usage, `${opts.id} is committed: it is applied by \`ladder migrate\`, not tried`, {
        environment,
        migration: opts.id,
      });
    }
    if (tried.has(opts.id)) {
      throw new LadderError(ExitCode.usage, `${opts.id} is already tried in ${environment ?? 'this environment'}`, {
        environment,
        migration: opts.id,
        hint: `after editing it, use \`ladder retry ${opts.id}\``,
      });
    }
    const before = untried.filter((m) => m.index < target.index);
    if (before.length > 0) {
      throw new LadderError(
        ExitCode.usage,
        `try ${opts.id} refused: ${before.map((m) => m.id).join(', ')} ${before.length === 1 ? 'comes' : 'come'} first and ${before.length === 1 ? 'is' : 'are'} not tried in ${environment ?? 'this environment'}`,
        { environment, migration: opts.id, hint: `try them in order: \`ladder try ${before[0]!.id}\`, or \`ladder try --all\`` },
      );
    }
    return [target];
  }
  if (untried.length === 0) {
    throw new LadderError(ExitCode.usage, `nothing to try in ${environment ?? 'this environment'}: every uncommitted migration is tried`, {
      environment,
      hint: open.length === 0 ? 'generate one with `drizzle-kit generate`' : 'after editing one, use `ladder retry`',
    });
  }
  const triedAfter = open.filter((m) => tried.has(m.id) && m.index > untried[0]!.index);
  if (triedAfter.length > 0) {
    throw new LadderError(
      ExitCode.usage,
      `try refused: ${untried[0]!.id} comes before ${triedAfter[0]!.id}, which is tried already in ${environment ?? 'this environment'}`,
      { environment, migration: untried[0]!.id, hint: `untry down to it first: \`ladder untry ${triedAfter[0]!.id}\`` },
    );
  }
  return opts.all ? untried : [untried[0]!];
}

/** The tries `untry` reverts, newest first, down to and including `id` (default: the newest). */
export function selectToUntry(tries: TryRow[], id: string | undefined, environment?: string, command = 'untry'): TryRow[] {
  const newestFirst = [...tries].sort((a, b) => b.position - a.position);
  if (newestFirst.length === 0) {
    throw new LadderError(ExitCode.usage, `nothing to ${command} in ${environment ?? 'this environment'}: no migration is tried`, { environment });
  }
  if (id === undefined) return [newestFirst[0]!];
  const at = newestFirst.findIndex((t) => t.migrationId === id);
  if (at < 0) {
    throw new LadderError(ExitCode.usage, `${id} is not tried in ${environment ?? 'this environment'}`, {
      environment,
      migration: id,
      hint: `tried here: ${newestFirst.map((t) => t.migrationId).join(', ')}`,
    });
  }
  return newestFirst.slice(0, at + 1);
}

/**
 * `commit` without --untried/--fake: the migration must be tried with its
 * current files in every active environment.
 */
export function checkTriedEverywhere(
  file: MigrationFile,
  triesByEnvironment: { environment: string; tries: TryRow[]; isProduction?: boolean }[],
  /** commit a try whose revert check failed (commit --accept-revert) */
  opts: { acceptRevert?: boolean } = {},
): void {
  for (const { environment, tries, isProduction } of triesByEnvironment) {
    const t = tries.find((x) => x.migrationId === file.id);
    if (!t) {
      throw new LadderError(ExitCode.usage, `commit ${file.id} refused: it is not tried in ${environment}`, {
        environment,
        migration: file.id,
        // production refuses try: never send the user there
        hint: isProduction
          ? `${environment} is a production environment and never holds tries: commit in the environment where you tried it (\`ladder commit -e <dev environment>\`), or commit with --untried; production gets it with \`ladder migrate\``
          : `try it there first (\`ladder try -e ${environment}\`), or commit with --untried`,
      });
    }
    if (t.hash !== file.hash || t.revertHash !== (file.revert?.hash ?? '')) {
      throw new LadderError(ExitCode.usage, `commit ${file.id} refused: its files changed since it was tried in ${environment}`, {
        environment,
        migration: file.id,
        file: file.sqlPath,
        hint: `apply the current files first: \`ladder retry ${file.id}\``,
      });
    }
    // issue 15: a revert that failed or left another schema at try time would fail the day it is needed
    if (t.revertUnverified && !opts.acceptRevert) {
      throw new LadderError(ExitCode.usage, `commit ${file.id} refused: its revert is unverified in ${environment}: ${t.revertUnverified}`, {
        environment,
        migration: file.id,
        file: file.revertPath,
        hint: `fix ${file.revertPath}, then \`ladder retry ${file.id}\` (the try checks it again); or commit it as it is with \`ladder commit --accept-revert\``,
      });
    }
  }
}
