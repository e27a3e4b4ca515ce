/**
 * Which statements of a revert would destroy data: DROP TABLE, DROP COLUMN,
 * DROP TYPE of an enum (values gone when the type is re-created with fewer,
 * as drizzle-kit writes an enum change), DROP SEQUENCE. Pure: statements in,
 * the objects to count out; db/data-loss.ts counts what is in them.
 *
 * A reader of SQL, not a parser: it recognises the shapes drizzle-kit and
 * people write, and says nothing about anything else (a DO block, dynamic SQL).
 */
import { splitStatements } from './parse.js';

/** A possibly schema-qualified name, unquoted and case-folded as PostgreSQL would. */
export interface QualifiedName {
  schema?: string;
  name: string;
}

export type LossProbe =
  | { kind: 'table'; table: QualifiedName }
  | { kind: 'column'; table: QualifiedName; column: string }
  /** keep: the labels the type is re-created with in the same revert (undefined: dropped for good) */
  | { kind: 'enum'; type: QualifiedName; keep?: string[] }
  | { kind: 'sequence'; sequence: QualifiedName };

export interface LocatedProbe {
  /** 1-based statement number in the revert file */
  statement: number;
  probe: LossProbe;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QNAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const QLIST = String.raw`${QNAME}(?:\s*,\s*${QNAME})*`;

const DROP_TABLE = new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${QLIST})`, 'i');
const DROP_TYPE = new RegExp(String.raw`^DROP\s+TYPE\s+(?:IF\s+EXISTS\s+)?(${QLIST})`, 'i');
const DROP_SEQUENCE = new RegExp(String.raw`^DROP\s+SEQUENCE\s+(?:IF\s+EXISTS\s+)?(${QLIST})`, 'i');
const ALTER_TABLE = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${QNAME})\s+([\s\S]*)$`, 'i');
const CREATE_ENUM = new RegExp(String.raw`^CREATE\s+TYPE\s+(${QNAME})\s+AS\s+ENUM\s*\(([\s\S]*)\)\s*;?\s*$`, 'i');
const DROP_ACTION = new RegExp(String.raw`^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i');
const NOT_A_COLUMN = /^(constraint|default|not|identity|expression)$/i;

/** The objects each statement of `sql` would drop with their data. */
export function lossProbes(sql: string): LocatedProbe[] {
  // Statement numbers are those of the file (breakpoint-separated), as every other message gives them.
  const numbered: { n: number; text: string }[] = [];
  splitStatements(sql).forEach((piece, i) => {
    for (const text of splitOnSemicolons(stripComments(piece))) numbered.push({ n: i + 1, text });
  });
  const enums = new Map<string, string[]>();
  for (const { text } of numbered) {
    const m = CREATE_ENUM.exec(text);
    if (m) enums.set(key(parseName(m[1]!)), parseLabels(m[2]!));
  }
  const out: LocatedProbe[] = [];
  for (const { n, text } of numbered) {
    let m: RegExpExecArray | null;
    if ((m = DROP_TABLE.exec(text))) {
      for (const table of parseList(m[1]!)) out.push({ statement: n, probe: { kind: 'table', table } });
    } else if ((m = DROP_TYPE.exec(text))) {
      for (const type of parseList(m[1]!)) {
        const keep = enums.get(key(type));
        out.push({ statement: n, probe: keep ? { kind: 'enum', type, keep } : { kind: 'enum', type } });
      }
    } else if ((m = DROP_SEQUENCE.exec(text))) {
      for (const sequence of parseList(m[1]!)) out.push({ statement: n, probe: { kind: 'sequence', sequence } });
    } else if ((m = ALTER_TABLE.exec(text))) {
      const table = parseName(m[1]!);
      for (const action of splitTopLevel(m[2]!, ',')) {
        const d = DROP_ACTION.exec(action.trim());
        if (!d) continue;
        const word = d[1]!;
        if (!word.startsWith('"') && NOT_A_COLUMN.test(word)) continue;
        out.push({ statement: n, probe: { kind: 'column', table, column: unquote(word) } });
      }
    }
  }
  return out;
}

/** How a probe names its object in messages: "public"."users", "users"."email". */
export function describeProbe(p: LossProbe): string {
  const q = (n: QualifiedName) => (n.schema ? `${show(n.schema)}.${show(n.name)}` : show(n.name));
  switch (p.kind) {
    case 'table':
      return `table ${q(p.table)}`;
    case 'column':
      return `column ${q(p.table)}.${show(p.column)}`;
    case 'enum':
      return `enum ${q(p.type)}`;
    case 'sequence':
      return `sequence ${q(p.sequence)}`;
  }
}

function show(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function key(n: QualifiedName): string {
  return `${n.schema ?? ''}\0${n.name}`;
}

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();
}

export function parseName(text: string): QualifiedName {
  const parts = splitTopLevel(text, '.').map((p) => unquote(p.trim()));
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
}

function parseList(text: string): QualifiedName[] {
  return splitTopLevel(text, ',').map((p) => parseName(p.trim()));
}

function parseLabels(text: string): string[] {
  const labels: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) labels.push(m[1]!.replace(/''/g, "'"));
  return labels;
}

/** Split on `sep` outside quotes and parentheses. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = text[i + 1] === quote ? (i++, quote) : undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Several statements in one breakpoint piece (hand-written files): split on top-level semicolons. */
function splitOnSemicolons(text: string): string[] {
  return splitTopLevel(text, ';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Comments out (outside quotes and dollar quoting is not attempted: a DO body is not read anyway). */
function stripComments(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) break;
      i = end + 1;
      out += ' ';
    } else out += c;
  }
  return out;
}
