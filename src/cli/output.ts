/**
 * Everything the CLI prints goes through here: human lines on stderr/stdout,
 * or, with --json, one JSON document on stdout and nothing else there.
 */
import { LadderError, type Problem } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';

export interface GlobalFlags {
  env?: string;
  config?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface Output {
  json: boolean;
  verbose: boolean;
  color: boolean;
  /** a line of the command's result (stdout) */
  line(text: string): void;
  /** progress and notices (stderr, so stdout stays the result) */
  info(text: string): void;
  /**
   * a `warning: ...` line (and its hint) on stderr, once per message; with
   * --json the document also lists it under `warnings`
   */
  warn(problem: Problem): void;
  /** the warnings given to warn(), in order */
  warnings: Problem[];
  /** the single JSON document (with --json) */
  document(value: unknown): void;
  paint: Paint;
  /** redact these strings from anything printed */
  secrets: string[];
  /** text known to be safe (an environment's display, password already masked): kept whole */
  safe: string[];
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function createOutput(flags: GlobalFlags, streams = { out: process.stdout, err: process.stderr }): Output {
  // Colour only on a TTY and never with NO_COLOR (no-color.org).
  const color = !!streams.out.isTTY && !('NO_COLOR' in process.env) && !flags.json;
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  const out: Output = {
    json: !!flags.json,
    verbose: !!flags.verbose,
    color,
    secrets: [],
    safe: [],
    warnings: [],
    warn: (problem) => {
      if (out.warnings.some((w) => w.message === problem.message)) return;
      out.warnings.push(problem);
      out.info(`${out.paint.yellow('warning:')} ${problemLine(problem)}`);
      if (problem.hint) out.info(`${out.paint.dim('hint:')} ${problem.hint}`);
    },
    line: (text) => {
      if (!out.json) streams.out.write(redactSecrets(text, out.secrets, out.safe) + '\n');
    },
    info: (text) => {
      streams.err.write(redactSecrets(text, out.secrets, out.safe) + '\n');
    },
    document: (value) => {
      if (out.warnings.length > 0 && typeof value === 'object' && value !== null && !Array.isArray(value) && !('warnings' in value)) {
        value = { ...value, warnings: out.warnings };
      }
      streams.out.write(redactSecrets(JSON.stringify(value, jsonReplacer, 2), out.secrets, out.safe) + '\n');
    },
    paint: {
      bold: wrap(1, 22),
      dim: wrap(2, 22),
      red: wrap(31, 39),
      green: wrap(32, 39),
      yellow: wrap(33, 39),
      cyan: wrap(36, 39),
    },
  };
  return out;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/** The one place an error becomes text: `error: ...`, problems, `hint: ...`. */
export function renderError(out: Output, e: unknown): number {
  const err = e instanceof LadderError ? e : undefined;
  const code = err?.code ?? 1;
  if (out.json) {
    out.document({ ok: false, error: errorJson(e) });
  }
  const message = err ? err.message : e instanceof Error ? e.message : String(e);
  // Name the environment once, in front, from the error's `environment`: messages never start
  // with it. A config error names it in its key (`ladder.toml:3: environments.ci.x`,
  // `unknown environment "ci"`), so it is not repeated there.
  const configError = err?.problems[0]?.kind.startsWith('config-') ?? false;
  const env = err?.environment && !configError ? `${err.environment}: ` : '';
  out.info(`${out.paint.red('error:')} ${env}${oneLine(message)}`);
  if (err) {
    // `detail`, when set with several problems, is already their list (config errors): do not list them twice
    const listed = err.problems.length > 1 && !err.detail ? err.problems : [];
    for (const p of listed) out.info(`  - ${problemLine(p)}`);
    if (err.detail) out.info(err.detail.replace(/^/gm, '  '));
    const hint = err.hint ?? (err.problems.length > 1 ? undefined : err.problems[0]?.hint);
    if (hint) out.info(`${out.paint.dim('hint:')} ${hint}`);
  }
  if (out.verbose && e instanceof Error && e.stack) {
    out.info(e.stack);
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.stack) out.info(`caused by: ${cause.stack}`);
  }
  return code;
}

export function problemLine(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : '';
  const env = p.environment ? `[${p.environment}] ` : '';
  // a message that names its file, or already starts with `file:line: `, is located
  const located = p.file === undefined || p.message.includes(p.file) || /^[^\s:]+:\d+(?::\d+)?: /.test(p.message);
  return `${env}${located ? '' : where}${p.message}`;
}

export function errorJson(e: unknown): Record<string, unknown> {
  if (e instanceof LadderError) {
    return {
      code: e.code,
      message: e.message,
      environment: e.environment,
      migration: e.migration,
      file: e.file,
      line: e.line,
      hint: e.hint,
      problems: e.problems,
      partial: e.partial,
    };
  }
  return { code: 1, message: e instanceof Error ? e.message : String(e) };
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
