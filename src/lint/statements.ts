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
 * syntax (`try`).
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

function isIdentStart(c: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** Split and tokenize a migration's SQL. */
export function lexMigration(sql: string): LexedMigration {
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
    line = lexChunk(sql, start, end, chunk, line, statements, allowAnywhere);
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
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '\n') {
      line++;
      i++;
      lastEnded = undefined; // a comment on a later line belongs to the next statement
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      const stop = nl === -1 || nl > end ? end : nl;
      const names = allowedIn(sql.slice(i, stop));
      allowAnywhere.push(...names);
      if (lastEnded) {
        lastEnded.allow.push(...names);
        lastEnded.endLine = line;
      } else {
        if (leadLine === -1) leadLine = line;
        allow.push(...names);
      }
      i = stop;
    } else if (c === '/' && next === '*') {
      if (leadLine === -1 && !lastEnded) leadLine = line;
      let d = 1;
      let j = i + 2;
      while (j < end && d > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          d++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          d--;
          j += 2;
        } else j++;
      }
      advanceTo(j);
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'" && !prevIsIdent(sql, i, start))) {
      const tokenLine = line;
      const escapes = c !== "'";
      let j = escapes ? i + 2 : i + 1;
      let value = '';
      while (j < end) {
        const ch = sql[j]!;
        if (escapes && ch === '\\') {
          value += sql[j + 1] ?? '';
          j += 2;
        } else if (ch === "'") {
          if (sql[j + 1] === "'") {
            value += "'";
            j += 2;
          } else {
            j++;
            break;
          }
        } else {
          value += ch;
          j++;
        }
      }
      advanceTo(j);
      push('string', value, tokenLine);
    } else if (c === '"') {
      const tokenLine = line;
      let j = i + 1;
      let value = '';
      while (j < end) {
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') {
            value += '"';
            j += 2;
          } else {
            j++;
            break;
          }
        } else value += sql[j++];
      }
      advanceTo(j);
      push('ident', value, tokenLine);
    } else if (c === '$' && (next === '$' || (next !== undefined && isIdentStart(next)))) {
      // $tag$ ... $tag$ (a `$` inside a word, as in `a$b`, is consumed with the word)
      const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, Math.min(end, i + 80)));
      if (!m) {
        push('punct', '$', line);
        i++;
        continue;
      }
      const tag = m[0];
      const bodyStart = i + tag.length;
      let close = sql.indexOf(tag, bodyStart);
      if (close === -1 || close >= end) close = end - tag.length;
      const tokenLine = line;
      const body = sql.slice(bodyStart, Math.max(bodyStart, close));
      advanceTo(Math.min(end, close + tag.length));
      push('dollar', body, tokenLine);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < end && isIdentPart(sql[j]!)) j++;
      const word = sql.slice(i, j).toUpperCase();
      push('word', word, line);
      i = j;
      const prev = tokens[tokens.length - 2];
      if (word === 'ATOMIC' && prev?.kind === 'word' && prev.value === 'BEGIN') atomic++;
      else if (atomic > 0 && word === 'CASE') atomic++;
      else if (atomic > 0 && word === 'END') atomic--;
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < end && /[0-9A-Za-z_.]/.test(sql[j]!)) j++;
      push('number', sql.slice(i, j), line);
      i = j;
    } else if (c === ';') {
      i++;
      if (atomic > 0) {
        push('punct', ';', line);
        continue;
      }
      finish(line);
    } else {
      if (c === '(') {
        push('punct', c, line);
        depth++;
      } else if (c === ')') {
        depth = Math.max(0, depth - 1);
        push('punct', c, line);
      } else push('punct', c, line);
      i++;
    }
  }
  const last = tokens[tokens.length - 1];
  if (last) finish(last.line);
  return line;
}

function prevIsIdent(sql: string, i: number, start: number): boolean {
  return i > start && isIdentPart(sql[i - 1]!);
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
