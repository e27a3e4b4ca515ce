/**
 * Turn a driver error into words a user can act on: the Postgres message and
 * SQLSTATE, the statement number, and the line of the SQL file.
 */
import type { SqlStatement } from '../core/modes.js';
import { codeFrame, lineOfOffset, statementLines, statementOffsets } from '../core/parse.js';

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

/** postgres.js and socket codes for a session that is gone (e.g. `write CONNECTION_CLOSED host:port`). */
export const LOST_CONNECTION_CODES: ReadonlySet<string> = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** FATAL SQLSTATEs that end the session: terminated or shut down (57P01), a crash (57P02), starting up or shutting down (57P03), idle-session timeout (57P05), idle in transaction too long (25P03). */
export const SESSION_ENDING_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '57P05', '25P03']);

/** The session is over: the connection was lost, or the server ended the session. The one test for it. */
export function sessionEnded(code: string | undefined): boolean {
  return code !== undefined && (LOST_CONNECTION_CODES.has(code) || SESSION_ENDING_SQLSTATES.has(code));
}

/** A SQLSTATE from the server (five characters), not one of postgres.js' own codes such as CONNECTION_CLOSED. */
export function isSqlState(code: string | undefined): code is string {
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code);
}

/** What happened, in place of postgres.js' `write CONNECTION_CLOSED host:port`. */
export function lostConnectionMessage(code: string): string {
  return `the connection to the database was lost (${code}): the server ended the session (terminated, restarted or shut down) or the network failed`;
}

export function describeDriverError(e: unknown): string {
  const f = pgErrorFields(e);
  if (f.code && LOST_CONNECTION_CODES.has(f.code)) return lostConnectionMessage(f.code);
  return isSqlState(f.code) ? `${f.message} (SQLSTATE ${f.code})` : f.message;
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
  // Postgres counts `position` from the start of the statement as sent, which
  // begins right after the breakpoint (usually with its '\n'); statementLines
  // gives the first non-blank line, so it cannot be the base for the offset.
  let line = statementLines(fileSql)[index] ?? 1;
  if (position !== undefined && position > 0 && index < statements.length) {
    const start = statementOffsets(fileSql)[index] ?? 0;
    line = lineOfOffset(fileSql, start + position - 1);
  }
  return { statement: index + 1, line, frame: codeFrame(fileSql, line) };
}

/**
 * Where a statement the parser split out of a file (one that ran on its own:
 * no-transaction, stepwise, a revert run one by one) is, and its failing token.
 */
export function locateParsed(fileSql: string, parsed: SqlStatement[], index: number, position: number | undefined): StatementLocation | undefined {
  const s = parsed[index];
  if (!s) return undefined;
  const base = (statementOffsets(fileSql)[s.chunk] ?? 0) + s.offset;
  const lead = s.text.length - s.text.trimStart().length;
  const line = lineOfOffset(fileSql, base + (position !== undefined && position > 0 ? position - 1 : lead));
  return { statement: index + 1, line, frame: codeFrame(fileSql, line) };
}

/** An error from the database or the driver (it has a SQLSTATE or one of postgres.js' codes), not one of ours. */
export function isDriverError(e: unknown): boolean {
  const f = pgErrorFields(e);
  return isSqlState(f.code) || (f.code !== undefined && (LOST_CONNECTION_CODES.has(f.code) || /^(E[A-Z]+|CONNECT_TIMEOUT|NOT_POSTGRES|TLS_[A-Z_]+)$/.test(f.code)));
}

/** What to do about a driver error met outside a migration (bookkeeping, lock, reading state). */
export function driverErrorHint(e: unknown): string | undefined {
  const code = pgErrorFields(e).code;
  if (code === '42501') return 'the role lacks a privilege ladder needs: see README, "The database role"';
  if (sessionEnded(code)) {
    return 'every migration is one transaction: nothing is half-applied; run it again once the server is back';
  }
  if (code === '53300') return 'the server has no connection slot left: try again later, or raise max_connections';
  return undefined;
}
