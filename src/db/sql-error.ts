/**
 * Turn a driver error into words a user can act on: the Postgres message and
 * SQLSTATE, the statement number, and the line of the SQL file.
 */
import { codeFrame, statementLines } from '../core/parse.js';

export interface PgErrorFields {
  message: string;
  code?: string;
  /** 1-based character position in the statement, when Postgres reports one */
  position?: number;
  detail?: string;
  hint?: string;
}

/** Unwrap drizzle's DrizzleQueryError (its cause is the driver's error). */
export function pgErrorFields(e: unknown): PgErrorFields {
  let err = e as Record<string, unknown> | undefined;
  for (let i = 0; i < 5 && err && err.cause && !(typeof err.code === 'string' && err.severity); i++) {
    err = err.cause as Record<string, unknown>;
  }
  const message = err && typeof err.message === 'string' ? err.message : String(e);
  const position = err?.position !== undefined ? Number(err.position) : undefined;
  return {
    message: message.split('\n')[0] ?? message,
    code: typeof err?.code === 'string' ? err.code : undefined,
    position: Number.isFinite(position) ? position : undefined,
    detail: typeof err?.detail === 'string' ? err.detail : undefined,
    hint: typeof err?.hint === 'string' ? err.hint : undefined,
  };
}

export function describeDriverError(e: unknown): string {
  const f = pgErrorFields(e);
  return f.code && /^[0-9A-Z]{5}$/.test(f.code) ? `${f.message} (SQLSTATE ${f.code})` : f.message;
}

export interface StatementLocation {
  /** 1-based statement number within the migration */
  statement: number;
  /** 1-based line in the SQL file */
  line: number;
  frame: string;
}

/** Where in the file the failing statement (and, with a position, the failing token) is. */
export function locateInFile(fileSql: string, statements: string[], index: number, position?: number): StatementLocation {
  const starts = statementLines(fileSql);
  let line = starts[index] ?? 1;
  const stmt = statements[index] ?? '';
  if (position !== undefined && position > 0) {
    line += countNewlines(stmt.slice(0, position - 1));
  } else {
    // No position: point at the statement's first non-blank line.
    const lead = /^\s*/.exec(stmt)?.[0] ?? '';
    line += countNewlines(lead);
  }
  return { statement: index + 1, line, frame: codeFrame(fileSql, line) };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
