/** How lint findings are printed: by `ladder lint` (its result) and by try/commit (warnings). */
import { lint, type LintResult } from '../api/lint.js';
import type { LintFinding } from '../lint/findings.js';
import { commonOptions } from './common.js';
import type { Output } from './output.js';
import type { CliContext } from './program.js';

/**
 * One finding:
 *   error: drizzle/0001_x.sql:5: <message> [<rule>]
 *     > 5 | CREATE INDEX CONCURRENTLY ...
 *     hint: <safe pattern>
 *     see: https://squawkhq.com/docs/<rule>
 * `as` prints every finding at one level (try and commit never fail on lint).
 */
export function findingLines(out: Output, f: LintFinding, as?: 'warning'): string[] {
  const level = as ?? f.severity;
  const label = level === 'error' ? out.paint.red('error:') : out.paint.yellow('warning:');
  const lines = [`${label} ${f.file}:${f.line}: ${f.message} ${out.paint.dim(`[${f.rule}]`)}`];
  if (f.frame) lines.push(f.frame.replace(/^/gm, '    '));
  if (f.safe) lines.push(`    ${out.paint.dim('hint:')} ${f.safe}`);
  if (f.url) lines.push(`    ${out.paint.dim('see:')} ${f.url}`);
  return lines;
}

/** The lint warnings of try and commit, on stderr (their stdout is their own result). */
export function printLintWarnings(out: Output, result: LintResult): void {
  for (const f of result.findings) for (const l of findingLines(out, f, 'warning')) out.info(l);
}

/**
 * Run a command's work, then print lint warnings for the migrations it acted
 * on. Lint never fails the command, and squawk is skipped quietly when
 * missing. A failed command prints nothing more: its error stays the first
 * and only thing it says.
 */
export async function withLintWarnings<R>(
  ctx: CliContext,
  work: () => Promise<R>,
  actedOn: (result: R) => string[],
): Promise<R> {
  const result = await work();
  await printFor(ctx, actedOn(result));
  return result;
}

async function printFor(ctx: CliContext, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const out = ctx.output();
  try {
    printLintWarnings(out, await lint({ ...commonOptions(ctx), ids: unique }));
  } catch (e) {
    // lint is advice here: a problem running it must not hide the command's outcome
    if (out.verbose) out.info(`note: lint did not run: ${e instanceof Error ? e.message : String(e)}`);
  }
}
