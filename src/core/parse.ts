/**
 * Pure text helpers for migration and revert files: statement splitting as
 * drizzle-orm does it, ladder's `-- ladder:` directives, ids, code frames and
 * UTF-8 validation. No fs here; every function takes text or bytes.
 *
 * Files can be large (a 50 MB data migration), so nothing here splits a whole
 * file into an array of lines: line numbers are found by scanning for '\n'.
 */

/** drizzle-kit's separator between statements (written as `--> statement-breakpoint\n`). */
export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

/**
 * The statements of a migration, exactly as drizzle-orm 0.45's
 * readMigrationFiles makes them: `sql.split('--> statement-breakpoint')`, no
 * trimming, empty pieces kept. ladder must run the same strings drizzle-orm
 * would, so that a database can move between ladder and `drizzle-kit migrate`.
 */
export function splitStatements(sql: string): string[] {
  return sql.split(STATEMENT_BREAKPOINT);
}

/**
 * The offset (UTF-16 index into `sql`) where each statement of
 * splitStatements(sql) begins. A Postgres error `position` (1-based, within the
 * statement) maps to the file with lineOfOffset(sql, offsets[i] + position - 1).
 */
export function statementOffsets(sql: string): number[] {
  const offsets = [0];
  let from = 0;
  for (;;) {
    const at = sql.indexOf(STATEMENT_BREAKPOINT, from);
    if (at === -1) return offsets;
    from = at + STATEMENT_BREAKPOINT.length;
    offsets.push(from);
  }
}

function isWhitespaceCode(c: number): boolean {
  // space, \t, \n, \v, \f, \r, and a BOM (drizzle keeps it in the first statement)
  return c === 32 || (c >= 9 && c <= 13) || c === 0xfeff;
}

/**
 * The 1-based line of the file where each statement of splitStatements(sql)
 * starts: the line of its first non-whitespace character (drizzle-kit puts
 * `\n` right after each breakpoint, so the piece itself begins on the
 * breakpoint's line, which is not where a reader sees the statement). A piece
 * that is only whitespace gets the line where the piece begins.
 */
export function statementLines(sql: string): number[] {
  const offsets = statementOffsets(sql);
  const lines: number[] = [];
  let line = 1;
  let counted = 0; // newlines before `counted` are included in `line`
  for (let i = 0; i < offsets.length; i++) {
    const start = offsets[i]!;
    const end = i + 1 < offsets.length ? offsets[i + 1]! - STATEMENT_BREAKPOINT.length : sql.length;
    let p = start;
    while (p < end && isWhitespaceCode(sql.charCodeAt(p))) p++;
    if (p === end) p = start;
    // count newlines in [counted, p): offsets only grow, so the file is scanned once
    for (let nl = sql.indexOf('\n', counted); nl !== -1 && nl < p; nl = sql.indexOf('\n', nl + 1)) line++;
    counted = p;
    lines.push(line);
  }
  return lines;
}

/** The 1-based line of `text` containing the UTF-16 offset `offset` (clamped to the text). */
export function lineOfOffset(text: string, offset: number): number {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) line++;
  return line;
}

/** The 1-based line of a byte offset in UTF-8 bytes (counts 0x0A bytes before it). */
export function lineOfByteOffset(bytes: Uint8Array, offset: number): number {
  const end = Math.max(0, Math.min(offset, bytes.length));
  let line = 1;
  for (let nl = bytes.indexOf(10); nl !== -1 && nl < end; nl = bytes.indexOf(10, nl + 1)) line++;
  return line;
}

/**
 * A statement as a dry run prints it, ready to paste: ending with `;`, unless
 * it does already (before a trailing `--` comment). After a trailing comment
 * the `;` goes on a line of its own, or the comment would swallow it.
 */
export function terminated(statement: string): string {
  if (/;\s*(--[^\n]*)?$/.test(statement)) return statement;
  return /--[^\n]*$/.test(statement) ? `${statement}\n;` : `${statement};`;
}

/**
 * True when a statement holds only whitespace and comments (`-- ...` and
 * nested `/* ... *\/`, as PostgreSQL nests them). An unterminated block comment
 * is not blank: PostgreSQL rejects it, so it must be sent and reported.
 */
export function isBlankStatement(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isWhitespaceCode(c)) {
      i++;
    } else if (c === 45 /* - */ && s.charCodeAt(i + 1) === 45) {
      const nl = s.indexOf('\n', i + 2);
      if (nl === -1) return true;
      i = nl + 1;
    } else if (c === 47 /* / */ && s.charCodeAt(i + 1) === 42 /* * */) {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (s.charCodeAt(i) === 42 && s.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
      if (depth > 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

const TODO_RE = /^-- ladder:todo(?:\s|$)/;
// `-- ladder:irreversible`, optionally followed by a reason after whitespace
const IRREVERSIBLE_RE = /^-- ladder:irreversible(?:\s.*)?$/;

/**
 * ladder's directives in a revert file:
 * - todo: the FIRST line starts with `-- ladder:todo` (the placeholder that
 *   `import` writes; commit refuses it);
 * - irreversible: some line, trimmed, is `-- ladder:irreversible` (a reason
 *   may follow after a space).
 * A leading UTF-8 BOM and CRLF line endings are tolerated.
 */
export function revertDirectives(text: string): { todo: boolean; irreversible: boolean } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstEnd = body.indexOf('\n');
  const first = (firstEnd === -1 ? body : body.slice(0, firstEnd)).replace(/\r$/, '');
  const todo = TODO_RE.test(first);
  let irreversible = false;
  let from = 0;
  while (from <= body.length) {
    const nl = body.indexOf('\n', from);
    const line = body.slice(from, nl === -1 ? body.length : nl).trim();
    if (IRREVERSIBLE_RE.test(line)) {
      irreversible = true;
      break;
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  return { todo, irreversible };
}

/**
 * The placeholder revert file `import` writes when it cannot generate one.
 * The comment deliberately does not contain the breakpoint marker itself:
 * drizzle-style splitting does not know about comments, and a user who keeps
 * the comment would get a broken statement.
 */
export function todoRevertFile(id: string, reason?: string): string {
  const lines = [`-- ladder:todo write the revert SQL for ${id}`];
  const why = reason?.replace(/\s*\r?\n\s*/g, ' ').trim();
  if (why) lines.push(`-- why: ${why}`);
  lines.push(
    '--',
    `-- Write here the SQL that undoes ${id}.sql, newest change first, then delete`,
    '-- these comment lines. Separate statements with the statement-breakpoint',
    '-- line drizzle-kit uses in the migration file.',
    '-- If the migration cannot be undone, replace this file with the single line',
    '--   -- ladder:irreversible',
  );
  return lines.join('\n') + '\n';
}

/**
 * A small code frame of `sql` around 1-based `line`, in the style of
 * graphile-migrate's instrumentation:
 *
 * ```
 *   3 | CREATE TABLE "users" (
 * > 4 |   "id" serail PRIMARY KEY
 *     |        ^
 *   5 | );
 * ```
 *
 * The caret row is drawn only when a 1-based `column` is given. Returns ''
 * when `line` is not a line of `sql`.
 */
export function codeFrame(sql: string, line: number, context = 2, column?: number): string {
  if (!Number.isInteger(line) || line < 1) return '';
  const first = Math.max(1, line - Math.max(0, Math.floor(context)));
  const last = line + Math.max(0, Math.floor(context));
  // collect only the lines shown: no split of the whole file
  const shown: { n: number; text: string }[] = [];
  let n = 1;
  let start = 0;
  while (n <= last) {
    const nl = sql.indexOf('\n', start);
    const end = nl === -1 ? sql.length : nl;
    if (n >= first) shown.push({ n, text: sql.slice(start, end).replace(/\r$/, '') });
    if (nl === -1) break;
    start = nl + 1;
    n++;
  }
  if (!shown.some((l) => l.n === line)) return '';
  const width = String(shown[shown.length - 1]!.n).length;
  const out: string[] = [];
  for (const l of shown) {
    const mark = l.n === line ? '>' : ' ';
    out.push(`${mark} ${String(l.n).padStart(width)} | ${l.text}`.trimEnd());
    if (l.n === line && column !== undefined && column >= 1) {
      // keep tabs so the caret lines up under tab-indented SQL
      const pad = l.text.slice(0, column - 1).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${pad}^`);
    }
  }
  return out.join('\n');
}

/**
 * A migration id (journal tag / folder name) that is safe as a file name:
 * letters, digits, `_`, `.`, `-`; not starting with `.` or `-`; no `..`, no
 * slashes. Journal tags are joined into paths, so `../x` must never pass.
 */
export function isValidMigrationId(id: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id) && !id.includes('..');
}

/**
 * The byte offset where the first invalid UTF-8 sequence starts, or -1 when
 * `bytes` is valid UTF-8 (the WHATWG decoder's rules: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence).
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const c = bytes[i + k]!;
      if (c < lower || c > upper) return i;
      lower = 0x80;
      upper = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}
