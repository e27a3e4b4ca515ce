/**
 * The statements of a migration as PostgreSQL sees them, for lint rules: the
 * `--> statement-breakpoint` chunks drizzle-orm sends one by one (core/parse.ts
 * splitStatements), and inside a chunk the statements separated by `;` outside
 * quotes, dollar quotes, comments and `BEGIN ATOMIC ... END` bodies (psql's
 * rules). Pure: text in, tokens out.
 *
 * A small lexer rather than a real parser (libpg-query): the rules only need
 * the words, literals and top-level structure of each statement, and a lexer
 * cannot reject SQL that PostgreSQL accepts. PostgreSQL remains the judge of
 * syntax (`try`). core/sql-split.ts splits typed SQL (`ladder sql`, revert
 * comparison) into raw statement text instead; it says why there are two.
 */
import { STATEMENT_BREAKPOINT, statementOffsets } from '../core/parse.js';

export type TokenKind = 'word' | 'string' | 'ident' | 'dollar' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** word: upper-cased; string: the literal's value; ident: the quoted name; punct: the character */
  value: string;
  /** 1-based line of the file where the token starts */
  line: number;
  /** parenthesis depth within the statement (0 = top level) */
  depth: number;
}

export interface Statement {
  /** 1-based line of the statement's first token */
  line: number;
  /** 1-based line of its last token (or of a comment trailing it on that line) */
  endLine: number;
  /** 1-based line where its leading comments start (its `-- ladder:allow` comments live here) */
  startLine: number;
  /** index of its `--> statement-breakpoint` chunk */
  chunk: number;
  tokens: Token[];
  /** rules named by `-- ladder:allow <rule> [<rule>...]` comments before it, inside it, or trailing it */
  allow: string[];
}

export interface LexedMigration {
  statements: Statement[];
  /** every rule named by a `-- ladder:allow` comment anywhere in the file (for file-level findings) */
  allowAnywhere: string[];
}

const ALLOW_RE = /^--\s*ladder:allow\s+(.+)$/;

function allowedIn(comment: string): string[] {
  const m = ALLOW_RE.exec(comment.trim());
  if (!m) return [];
  return m[1]!
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// char codes, not regular expressions: a data migration can be 50 MB
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 36; /* $ */
}

/**
 * Split and tokenize a migration's SQL. With `visit`, each statement is
 * handed over as soon as it is read and its tokens are dropped afterwards,
 * so a 50 MB data migration never holds all of its tokens at once.
 */
export function lexMigration(sql: string, visit?: (stmt: Statement) => void): LexedMigration {
  const offsets = statementOffsets(sql);
  const statements: Statement[] = [];
  const allowAnywhere: string[] = [];
  let line = 1;
  let pos = 0;
  for (let chunk = 0; chunk < offsets.length; chunk++) {
    const start = offsets[chunk]!;
    const end = chunk + 1 < offsets.length ? offsets[chunk + 1]! - STATEMENT_BREAKPOINT.length : sql.length;
    // count the lines of the breakpoint marker itself
    for (; pos < start; pos++) if (sql.charCodeAt(pos) === 10) line++;
    line = lexChunk(sql, start, end, chunk, line, statements, allowAnywhere, visit);
    pos = end;
  }
  return { statements, allowAnywhere };
}

/** Lex sql[start, end) (one chunk), pushing its statements; returns the line at `end`. */
function lexChunk(
  sql: string,
  start: number,
  end: number,
  chunk: number,
  startLine: number,
  out: Statement[],
  allowAnywhere: string[],
  visit: ((stmt: Statement) => void) | undefined,
): number {
  let line = startLine;
  let i = start;
  let tokens: Token[] = [];
  let allow: string[] = [];
  let leadLine = -1; // line of the first comment or token of the statement being read
  let depth = 0;
  let atomic = 0; // BEGIN ATOMIC ... END nesting: `;` inside does not end the statement
  let lastEnded: Statement | undefined; // the statement just ended, for a comment trailing it on its line

  const push = (kind: TokenKind, value: string, tokenLine: number) => {
    if (leadLine === -1) leadLine = tokenLine;
    tokens.push({ kind, value, line: tokenLine, depth });
    lastEnded = undefined;
  };
  const finish = (endLine: number) => {
    if (tokens.length > 0) {
      const stmt: Statement = { line: tokens[0]!.line, endLine, startLine: leadLine, chunk, tokens, allow };
      out.push(stmt);
      lastEnded = stmt;
      if (visit) {
        visit(stmt);
        stmt.tokens = [];
      }
    }
    tokens = [];
    allow = [];
    leadLine = -1;
    depth = 0;
    atomic = 0;
  };
  const advanceTo = (to: number) => {
    for (; i < to; i++) if (sql.charCodeAt(i) === 10) line++;
  };

  while (i < end) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === 10 /* \n */) {
      line++;
      i++;
      lastEnded = undefined; // a comment on a later line belongs to the next statement
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xfeff) {
      i++;
    } else if (c === 45 /* - */ && next === 45) {
      const nl = sql.indexOf('\n', i);
      const stop = nl === -1 || nl > end ? end : nl;
      const comment = sql.slice(i, stop);
      const names = comment.includes('ladder:allow') ? allowedIn(comment) : [];
      allowAnywhere.push(...names);
      if (lastEnded) {
        lastEnded.allow.push(...names);
        lastEnded.endLine = line;
      } else {
        if (leadLine === -1) leadLine = line;
        allow.push(...names);
      }
      i = stop;
    } else if (c === 47 /* / */ && next === 42 /* * */) {
      if (leadLine === -1 && !lastEnded) leadLine = line;
      let d = 1;
      let j = i + 2;
      while (j < end && d > 0) {
        const x = sql.charCodeAt(j);
        if (x === 47 && sql.charCodeAt(j + 1) === 42) {
          d++;
          j += 2;
        } else if (x === 42 && sql.charCodeAt(j + 1) === 47) {
          d--;
          j += 2;
        } else j++;
      }
      advanceTo(j);
    } else if (c === 39 /* ' */ || ((c === 69 || c === 101) /* E e */ && next === 39 && !prevIsIdent(sql, i, start))) {
      const tokenLine = line;
      const escapes = c !== 39;
      let j = escapes ? i + 2 : i + 1;
      let value = '';
      let from = j; // start of the run not yet copied into value
      while (j < end) {
        const x = sql.charCodeAt(j);
        if (escapes && x === 92 /* \\ */) {
          value += sql.slice(from, j) + (sql[j + 1] ?? '');
          j += 2;
          from = j;
        } else if (x === 39) {
          value += sql.slice(from, j);
          if (sql.charCodeAt(j + 1) === 39) {
            value += "'";
            j += 2;
            from = j;
          } else {
            j++;
            from = -1;
            break;
          }
        } else j++;
      }
      if (from !== -1) value += sql.slice(from, Math.min(j, end)); // unterminated
      advanceTo(Math.min(j, end));
      push('string', value, tokenLine);
    } else if (c === 34 /* " */) {
      const tokenLine = line;
      let j = i + 1;
      let value = '';
      let from = j;
      while (j < end) {
        if (sql.charCodeAt(j) === 34) {
          value += sql.slice(from, j);
          if (sql.charCodeAt(j + 1) === 34) {
            value += '"';
            j += 2;
            from = j;
          } else {
            j++;
            from = -1;
            break;
          }
        } else j++;
      }
      if (from !== -1) value += sql.slice(from, Math.min(j, end));
      advanceTo(Math.min(j, end));
      push('ident', value, tokenLine);
    } else if (c === 36 /* $ */ && (next === 36 || isIdentStart(next))) {
      // $tag$ ... $tag$ (a `$` inside a word, as in `a$b`, is consumed with the word)
      let j = i + 1;
      while (j < end && j - i < 80 && sql.charCodeAt(j) !== 36 && (isIdentPart(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36)) j++;
      if (sql.charCodeAt(j) !== 36 || j >= end) {
        push('punct', '$', line);
        i++;
        continue;
      }
      const tag = sql.slice(i, j + 1);
      const bodyStart = j + 1;
      let close = sql.indexOf(tag, bodyStart);
      if (close === -1 || close >= end) close = end - tag.length;
      const tokenLine = line;
      const body = sql.slice(bodyStart, Math.max(bodyStart, close));
      advanceTo(Math.min(end, Math.max(bodyStart, close + tag.length)));
      push('dollar', body, tokenLine);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < end && isIdentPart(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j).toUpperCase();
      push('word', word, line);
      i = j;
      const prev = tokens[tokens.length - 2];
      if (word === 'ATOMIC' && prev?.kind === 'word' && prev.value === 'BEGIN') atomic++;
      else if (atomic > 0 && word === 'CASE') atomic++;
      else if (atomic > 0 && word === 'END') atomic--;
    } else if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) {
      let j = i + 1;
      while (j < end) {
        const x = sql.charCodeAt(j);
        if (!(isIdentPart(x) || x === 46) || x === 36) break;
        j++;
      }
      push('number', sql.slice(i, j), line);
      i = j;
    } else if (c === 59 /* ; */) {
      i++;
      if (atomic > 0) {
        push('punct', ';', line);
        continue;
      }
      finish(line);
    } else {
      const ch = sql[i]!;
      if (c === 40 /* ( */) {
        push('punct', ch, line);
        depth++;
      } else if (c === 41 /* ) */) {
        depth = Math.max(0, depth - 1);
        push('punct', ch, line);
      } else push('punct', ch, line);
      i++;
    }
  }
  const last = tokens[tokens.length - 1];
  if (last) finish(last.line);
  return line;
}

function prevIsIdent(sql: string, i: number, start: number): boolean {
  return i > start && isIdentPart(sql.charCodeAt(i - 1));
}

/** The statement's leading words (upper-cased), up to `n`, skipping nothing. */
export function leadingWords(stmt: Statement, n: number): string[] {
  const words: string[] = [];
  for (const t of stmt.tokens) {
    if (t.kind !== 'word') break;
    words.push(t.value);
    if (words.length === n) break;
  }
  return words;
}

/** True when the words appear consecutively at the top level of the statement. */
export function hasWords(stmt: Statement, ...seq: string[]): boolean {
  return indexOfWords(stmt, seq) !== -1;
}

/** Index of the first token of `seq` (consecutive top-level words), or -1. */
export function indexOfWords(stmt: Statement, seq: string[], from = 0): number {
  const t = stmt.tokens;
  outer: for (let i = from; i + seq.length <= t.length; i++) {
    for (let k = 0; k < seq.length; k++) {
      const tok = t[i + k]!;
      if (tok.kind !== 'word' || tok.value !== seq[k] || tok.depth !== 0) continue outer;
    }
    return i;
  }
  return -1;
}
