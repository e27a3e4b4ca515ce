/**
 * The one error type. Every failure that reaches a user is a LadderError with
 * an exit code; the CLI renders it in exactly one place (cli/output.ts).
 */
export const ExitCode = {
  ok: 0,
  /** failed against a database: SQL error, connection, lock timeout */
  database: 1,
  /** usage or config error; refused command (production guard, ordering) */
  usage: 2,
  /** integrity: modified, unknown, missing or skipped migrations */
  integrity: 3,
  /** fleets: the failure policy stopped the run with targets not started (--max-failures, --canary) */
  stopped: 4,
  /** interrupted by SIGINT (Ctrl-C): 128 + 2, as shells report it */
  sigint: 130,
  /** interrupted by SIGTERM (a deploy platform stopping the job): 128 + 15 */
  sigterm: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface LadderErrorMeta {
  environment?: string;
  migration?: string;
  file?: string;
  line?: number;
  hint?: string;
  /** every problem when several were found at once (config, verify) */
  problems?: Problem[];
  /** what was done before the failure: see ErrorPartial */
  partial?: ErrorPartial;
  /** extra lines shown under the error (a SQL code frame) */
  detail?: string;
}

/**
 * What was done before a failure: one shape for every command, in the API and in
 * `--json` (`error.partial`). Results are the command's own result types, as it returns
 * them on success (migrate's EnvironmentMigrateResult, rollback's, sql's, lint's report).
 */
export interface ErrorPartial<R = unknown> {
  /** the command's result for each environment finished before the failure, in order */
  environments: R[];
  /**
   * the failing environment's result so far (for migrate: what was applied before the
   * failing migration); for a command that does not run per environment, its result so far
   */
  current?: R;
}

/** An ErrorPartial holding the failing environment's (or command's) result so far. */
export function partialResult<R>(current: R): ErrorPartial<R> {
  return { environments: [], current };
}

export class LadderError extends Error {
  readonly code: ExitCode;
  /** set by whoever knows it: the environment loop fills it in when a lower layer could not */
  environment?: string;
  readonly migration?: string;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;
  readonly problems: Problem[];
  readonly detail?: string;
  /** what was done before the failure, in one shape for every command (ErrorPartial) */
  partial?: ErrorPartial;

  constructor(code: ExitCode, message: string, meta: LadderErrorMeta = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'LadderError';
    this.code = code;
    this.environment = meta.environment;
    this.migration = meta.migration;
    this.file = meta.file;
    this.line = meta.line;
    this.hint = meta.hint;
    this.problems = meta.problems ?? [];
    this.detail = meta.detail;
    this.partial = meta.partial;
  }
}

/** One thing wrong, found by validation; many are reported at once. */
export interface Problem {
  /** machine-readable kind, e.g. 'modified', 'unknown', 'config-unknown-key' */
  kind: string;
  message: string;
  environment?: string;
  migration?: string;
  file?: string;
  line?: number;
  key?: string;
  hint?: string;
}

/**
 * One error for the problems found at once (the one builder: config, folder, committed.toml,
 * integrity, bundle). A single problem is the message itself and carries its environment,
 * migration, file, line and hint; several get `summary` as the message, and `meta` for all.
 */
export function problemsError(code: ExitCode, problems: Problem[], summary: string, meta: Omit<LadderErrorMeta, 'problems'> = {}): LadderError {
  const only = problems.length === 1 ? problems[0] : undefined;
  if (!only) return new LadderError(code, summary, { ...meta, problems });
  return new LadderError(code, only.message, {
    ...meta,
    environment: meta.environment ?? only.environment,
    migration: only.migration ?? meta.migration,
    file: only.file ?? meta.file,
    line: only.line ?? meta.line,
    hint: only.hint ?? meta.hint,
    problems,
  });
}

export function isLadderError(e: unknown): e is LadderError {
  return e instanceof LadderError;
}
