/**
 * Splitting typed SQL (`ladder sql`, its prompt and stdin) into statements
 * on `;`, as psql does: not inside quotes, quoted identifiers, dollar quoting
 * or comments. Pure, so the prompt knows whether a statement is complete.
 *
 * Why not lint/statements.ts' lexer, which also splits on `;`: that one
 * tokenizes (word values, lines, `-- ladder:allow` comments) per
 * statement-breakpoint chunk and streams a 50 MB file statement by statement
 * for lint rules; this one must return each statement's raw text and the
 * unterminated rest the prompt waits on. One scanner serving both would carry
 * both shapes. The difference to know: the lexer keeps a `BEGIN ATOMIC ... END`
 * body whole; this splitter does not yet.
 */

export interface SplitSql {
  /** complete statements, without their `;` */
  statements: string[];
  /** text after the last `;` (an unfinished statement, or only blanks) */
  rest: string;
}

export function splitSql(text: string): SplitSql {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i = skipQuoted(text, i, c);
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = skipBlockComment(text, i);
    } else if (c === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      // `$1` is a parameter, not a quote; a tag must not follow an identifier character
      if (tag && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else i++;
    } else if (c === ';') {
      const s = text.slice(start, i).trim();
      if (s.length > 0 && !onlyComments(s)) statements.push(s);
      start = ++i;
    } else i++;
  }
  return { statements, rest: text.slice(start) };
}

/** Everything typed, complete or not: the last statement may lack its `;`. */
export function allStatements(text: string): string[] {
  const { statements, rest } = splitSql(text);
  const last = rest.trim();
  return last.length > 0 && !onlyComments(last) ? [...statements, last] : statements;
}

function skipQuoted(text: string, i: number, q: string): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === q) {
      if (text[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

function skipBlockComment(text: string, i: number): number {
  let depth = 1;
  let j = i + 2;
  while (j < text.length && depth > 0) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
    } else j++;
  }
  return j;
}

/** Only comments and blanks: nothing to send. (Approximate inside quotes, where it is never asked.) */
function onlyComments(s: string): boolean {
  return s.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim().length === 0;
}
