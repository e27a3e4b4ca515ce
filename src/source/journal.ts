/**
 * drizzle-kit 0.3x's journal format, read the way drizzle-orm 0.45's
 * readMigrationFiles reads it (drizzle-orm/migrator.js):
 *
 * ```
 * <dir>/meta/_journal.json   {version:"7", dialect:"postgresql", entries:[{idx, version, when, tag, breakpoints}]}
 * <dir>/<tag>.sql            statements split on `--> statement-breakpoint`; hash = sha256 of the text
 * <dir>/meta/<prefix>_snapshot.json   prefix = tag.split('_')[0], as drizzle-kit drop computes it
 * <dir>/<tag>.revert.sql     ladder's revert file (optional)
 * ```
 *
 * Exit codes follow the policy in source/index.ts: the journal's own
 * problems are usage errors (2); files that disagree with a readable journal
 * are integrity errors (3).
 */
import { existsSync, readdirSync } from 'node:fs';
import { isRefusal, readRegularFile } from './read-file.js';
import path from 'node:path';
import type { Problem } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { firstInvalidUtf8Offset, isValidMigrationId, lineOfByteOffset, lineOfOffset, revertDirectives } from '../core/parse.js';
import type { MigrationFile, RevertFile } from '../core/types.js';
import type { FolderReadContext, MigrationFolderFormat, SourceProblems } from './index.js';

const JOURNAL = path.join('meta', '_journal.json');

/*
 * ignoreBOM: keep a leading BOM in the text, as Buffer#toString (drizzle-orm's
 * decoding) does, so `sql` is exactly the string drizzle-orm would split and run.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Read a file once, as a file (read-file.ts: no FIFO, no device, a size
 * limit). 'missing' when it does not exist; 'failed' when it exists but
 * cannot be read (a usage problem is recorded). `root`: warn when a symlink
 * leads out of the project.
 */
export function readBytes(abs: string, rel: string, problems: SourceProblems, root?: string): Buffer | 'missing' | 'failed' {
  const read = readRegularFile(abs, root === undefined ? {} : { root });
  if (!isRefusal(read)) return read.bytes;
  if (read.code === 'ENOENT' || read.code === 'ENOTDIR') return 'missing';
  problems.usage.push({
    kind: 'file-unreadable',
    // the reason, not e.message: messages name files relative to the project root
    message: `${rel} ${read.reason}`,
    file: rel,
  });
  return 'failed';
}

/** The text of a UTF-8 file, or a 'not-utf8' problem naming the byte offset and its line. */
export function decodeUtf8File(bytes: Uint8Array, rel: string): string | Problem {
  try {
    return utf8.decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8Offset(bytes));
    const line = lineOfByteOffset(bytes, offset);
    return {
      kind: 'not-utf8',
      message: `${rel}:${line}: not valid UTF-8 (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset})`,
      file: rel,
      line,
      hint: 'save the file as UTF-8; drizzle-orm would run and hash a mangled copy of it',
    };
  }
}

/**
 * The offset of the first error in text that JSON.parse rejected, or -1.
 * V8's messages give a position only for some errors ("Unexpected token '<',
 * ...is not valid JSON" has none), so find it with a strict scanner
 * (RFC 8259, iterative: a deeply nested file cannot overflow the stack).
 */
export function jsonErrorOffset(t: string): number {
  const n = t.length;
  let i = 0;
  const ws = () => {
    while (i < n && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const e = t[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && e !== 'u' && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const numRe = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const key = (): boolean => {
    ws();
    if (t[i] !== '"' || !str()) return false;
    ws();
    if (t[i] !== ':') return false;
    i++;
    ws();
    return true;
  };
  const stack: string[] = [];
  ws();
  for (;;) {
    // a value starts at i
    const c = t[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (t[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!str()) return i;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      numRe.lastIndex = i;
      if (!numRe.exec(t)) return i;
      i = numRe.lastIndex;
    } else {
      const lit = ['true', 'false', 'null'].find((l) => t.startsWith(l, i));
      if (!lit) return i;
      i += lit.length;
    }
    // after a value: close containers or move to the next element
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      if (t[i] === ',') {
        i++;
        ws();
        if (top === '{' && !key()) return i;
        break;
      }
      if (t[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}

/**
 * lineOfOffset for many offsets of one text: newline positions found once
 * (at the first call: a journal that reads fine needs no line), then a binary search.
 */
function lineIndex(text: string): (offset: number) => number {
  let newlines: number[] | undefined;
  return (offset) => {
    if (!newlines) {
      newlines = [];
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) newlines.push(nl);
    }
    // lines = 1 + number of newlines strictly before offset
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** The 1-based line of a JSON.parse error in `text`. */
function jsonErrorLine(message: string, text: string): number {
  const offset = jsonErrorOffset(text);
  if (offset !== -1) return lineOfOffset(text, offset);
  const lc = /\(line (\d+) column \d+\)/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineOfOffset(text, Number(pos[1]));
  return lineOfOffset(text, text.length);
}

/* A minimal scanner over text already accepted by JSON.parse: where each element of the top-level `entries` array starts and ends. */
function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  return i;
}
function skipString(t: string, i: number): number {
  i++;
  while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
  return i + 1;
}
function skipValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < t.length) {
      const ch = t[i];
      if (ch === '"') {
        i = skipString(t, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
      i++;
      if (depth === 0) return i;
    }
    return i;
  }
  while (i < t.length && !',}] \t\n\r'.includes(t[i]!)) i++;
  return i;
}
function entrySpans(t: string): { start: number; end: number }[] {
  let spans: { start: number; end: number }[] = [];
  let i = skipWs(t, 0);
  if (t[i] !== '{') return spans;
  i++;
  for (;;) {
    i = skipWs(t, i);
    if (i >= t.length || t[i] === '}') return spans;
    const keyEnd = skipString(t, i);
    const key = JSON.parse(t.slice(i, keyEnd)) as string;
    i = skipWs(t, keyEnd) + 1; // ':'
    i = skipWs(t, i);
    if (key === 'entries' && t[i] === '[') {
      // JSON.parse keeps the last duplicate key; so do we
      spans = [];
      i++;
      for (;;) {
        i = skipWs(t, i);
        if (i >= t.length || t[i] === ']') {
          i++;
          break;
        }
        const start = i;
        i = skipValue(t, i);
        spans.push({ start, end: i });
        i = skipWs(t, i);
        if (t[i] === ',') i++;
      }
    } else {
      i = skipValue(t, i);
    }
    i = skipWs(t, i);
    if (t[i] === ',') i++;
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${JSON.stringify(v)}`;
}

interface JournalEntry {
  index: number;
  tag: string;
  when: number;
  /** 1-based line of the entry's tag in the journal, when known (found only when a message needs it) */
  line(): number | undefined;
}

/**
 * Parse and check the journal. Returns the entries whose tag is usable (even
 * if other fields are wrong, so their files can still be checked), and
 * whether every entry was well-formed (the unlisted-file check needs that).
 */
function readJournal(
  text: string,
  journalRel: string,
  problems: SourceProblems,
): { entries: JournalEntry[]; complete: boolean } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8 quotes the text around the error, newlines included: keep the message on one line
    const msg = (e as Error).message.replace(/\s+/g, ' ');
    const line = jsonErrorLine(msg, text);
    problems.usage.push({
      kind: 'journal-syntax',
      message: `${journalRel}:${line}: not valid JSON (${msg})`,
      file: journalRel,
      line,
      hint:
        text.charCodeAt(0) === 0xfeff
          ? 'the file starts with a byte order mark; save it as UTF-8 without BOM (drizzle-orm cannot read it either)'
          : 'drizzle-kit writes this file; restore it from version control or resolve the merge conflict',
    });
    return undefined;
  }
  const usage = (kind: string, message: string, line?: number, extra: Partial<Problem> = {}) =>
    problems.usage.push({ kind, message: `${journalRel}${line ? `:${line}` : ''}: ${message}`, file: journalRel, line, ...extra });

  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    usage('journal-shape', `must be a JSON object with "dialect" and "entries", found ${describe(doc)}`, 1);
    return undefined;
  }
  const j = doc as Record<string, unknown>;
  // one scan of the text: lineOfOffset per entry made a long journal quadratic
  const lineAt = lineIndex(text);
  const keyLine = (key: string) => {
    const m = new RegExp(`"${key}"\\s*:`).exec(text);
    return m ? lineAt(m.index) : undefined;
  };
  // drizzle-kit 0.2x wrote "pg" (journal versions 5 and 6), 0.3x writes "postgresql";
  // drizzle-orm's migrator reads neither, so both are PostgreSQL histories as they are
  if (j['dialect'] !== 'postgresql' && j['dialect'] !== 'pg') {
    usage('journal-dialect', `dialect is ${describe(j['dialect'])}; drizzle-ladder supports only PostgreSQL ("postgresql", or "pg" from drizzle-kit 0.2x)`, keyLine('dialect'), {
      key: 'dialect',
    });
  }
  const raw = j['entries'];
  if (!Array.isArray(raw)) {
    usage('journal-shape', `"entries" must be an array, found ${describe(raw)}`, keyLine('entries') ?? 1, { key: 'entries' });
    return undefined;
  }

  // where each entry is in the text, for messages: scanned only when one is needed
  let spans: { start: number; end: number }[] | undefined;
  const spanOf = (index: number) => {
    spans ??= entrySpans(text);
    return spans.length === raw.length ? spans[index] : undefined;
  };
  const entries: JournalEntry[] = [];
  const firstIndexOf = new Map<string, number>();
  let complete = true;
  raw.forEach((e, index) => {
    const entryLine = () => {
      const span = spanOf(index);
      return span ? lineAt(span.start) : undefined;
    };
    const fieldLine = (key: string, at = index) => {
      const span = spanOf(at);
      if (!span) return entryLine();
      const m = new RegExp(`"${key}"\\s*:`).exec(text.slice(span.start, span.end));
      return m ? lineAt(span.start + m.index) : lineAt(span.start);
    };
    const where = `entries[${index}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      complete = false;
      usage('journal-shape', `${where} must be an object, found ${describe(e)}`, entryLine());
      return;
    }
    const entry = e as Record<string, unknown>;
    const tag = entry['tag'];
    const label = typeof tag === 'string' && tag ? `${where} (${tag})` : where;
    let usable = true;
    if (typeof tag !== 'string' || tag === '') {
      complete = false;
      usable = false;
      usage('journal-shape', `${where} has no "tag"${tag === undefined ? '' : ` (found ${describe(tag)})`}`, fieldLine('tag') ?? entryLine(), { key: 'tag' });
    } else if (!isValidMigrationId(tag)) {
      complete = false;
      usable = false;
      usage(
        'journal-invalid-tag',
        `${where}: tag ${JSON.stringify(tag)} is not a valid migration id (letters, digits, "_", ".", "-"; path characters are refused)`,
        fieldLine('tag'),
        { key: 'tag', migration: tag },
      );
    } else if (firstIndexOf.has(tag)) {
      complete = false;
      usable = false;
      const first = fieldLine('tag', firstIndexOf.get(tag));
      usage('journal-duplicate-tag', `${label}: tag listed twice${first ? ` (first at line ${first})` : ''}`, fieldLine('tag'), {
        key: 'tag',
        migration: tag,
        hint: 'a merge of two branches can do this; keep one entry per migration',
      });
    } else {
      firstIndexOf.set(tag, index);
    }
    const when = entry['when'];
    if (when === undefined) {
      complete = false;
      usage('journal-shape', `${label} has no "when"`, entryLine(), { key: 'when', migration: typeof tag === 'string' ? tag : undefined });
    } else if (typeof when !== 'number' || !Number.isFinite(when)) {
      complete = false;
      usage('journal-shape', `${label}: "when" must be a number (ms since epoch), found ${describe(when)}`, fieldLine('when'), {
        key: 'when',
        migration: typeof tag === 'string' ? tag : undefined,
      });
    } else if (!Number.isSafeInteger(when) || when < 0) {
      // drizzle-orm stores `when` in a bigint column: a fraction would fail at migrate time
      complete = false;
      usage('journal-shape', `${label}: "when" must be a whole number of ms since epoch, found ${when}`, fieldLine('when'), {
        key: 'when',
        migration: typeof tag === 'string' ? tag : undefined,
      });
    }
    if (usable) entries.push({ index, tag: tag as string, when: typeof when === 'number' ? when : 0, line: () => fieldLine('tag') });
  });
  return { entries, complete };
}

export function readRevert(abs: string, rel: string, problems: SourceProblems, root?: string): RevertFile | undefined {
  const bytes = readBytes(abs, rel, problems, root);
  if (!(bytes instanceof Uint8Array)) return undefined;
  const text = decodeUtf8File(bytes, rel);
  if (typeof text !== 'string') {
    problems.integrity.push(text);
    return undefined;
  }
  return { sql: text, hash: sha256Hex(bytes), ...revertDirectives(text) };
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readJournalFolder(ctx: FolderReadContext): MigrationFile[] {
  const { directory: dir, rel, problems } = ctx;
  const journalAbs = path.join(dir, JOURNAL);
  const journalRel = rel(journalAbs);
  const bytes = readBytes(journalAbs, journalRel, problems, ctx.projectRoot);
  if (bytes === 'missing') {
    problems.usage.push({ kind: 'journal-missing', message: `${journalRel} does not exist`, file: journalRel, hint: 'run drizzle-kit generate' });
    return [];
  }
  if (bytes === 'failed') return [];
  const text = decodeUtf8File(bytes, journalRel);
  if (typeof text !== 'string') {
    problems.usage.push({ ...text, kind: 'journal-syntax', hint: 'drizzle-kit writes this file as UTF-8; restore it from version control' });
    return [];
  }
  const journal = readJournal(text, journalRel, problems);
  if (!journal) return [];

  // one listing instead of a stat per migration
  const metaFiles = new Set(listNames(path.join(dir, 'meta')));
  const migrations: MigrationFile[] = [];
  // a tag is a valid migration id (no separator, no `..`): a file name in dir as it is, without path.join's normalizing (a third of this loop's time)
  const inDir = `${dir}${path.sep}`;
  for (const entry of journal.entries) {
    const sqlAbs = `${inDir}${entry.tag}.sql`;
    const sqlPath = rel(sqlAbs);
    const revertAbs = `${inDir}${entry.tag}.revert.sql`;
    const revertPath = rel(revertAbs);
    const sqlBytes = readBytes(sqlAbs, sqlPath, problems, ctx.projectRoot);
    if (sqlBytes === 'missing') {
      const line = entry.line();
      problems.integrity.push({
        kind: 'sql-missing',
        message: `${sqlPath} does not exist, but ${journalRel}${line ? `:${line}` : ''} lists ${entry.tag}`,
        file: sqlPath,
        migration: entry.tag,
        hint: 'restore the file from version control, or remove the migration with drizzle-kit drop',
      });
    }
    const revert = readRevert(revertAbs, revertPath, problems, ctx.projectRoot);
    if (!(sqlBytes instanceof Uint8Array)) continue;
    const sql = decodeUtf8File(sqlBytes, sqlPath);
    if (typeof sql !== 'string') {
      problems.integrity.push({ ...sql, migration: entry.tag });
      continue;
    }
    const prefix = entry.tag.split('_')[0];
    const snapshotName = prefix ? `${prefix}_snapshot.json` : undefined;
    const file: MigrationFile = {
      id: entry.tag,
      index: entry.index,
      when: entry.when,
      sqlPath,
      sql,
      // the bytes, not the text: same value as drizzle-orm's hash of the text for valid UTF-8
      hash: sha256Hex(sqlBytes),
      revertPath,
    };
    if (revert) file.revert = revert;
    if (snapshotName && metaFiles.has(snapshotName)) file.snapshotPath = rel(`${inDir}meta${path.sep}${snapshotName}`);
    migrations.push(file);
  }

  // drizzle-orm runs only what the journal lists: a migration file outside it
  // never runs (a lost journal line after a merge, or a leftover of a dropped
  // migration). Real histories have them and drizzle-kit accepts them, so this
  // is a warning, not an error; `verify --strict` makes it one.
  if (journal.complete) {
    const tags = new Set(journal.entries.map((e) => e.tag));
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => !d.isDirectory() && d.name.endsWith('.sql') && !d.name.endsWith('.revert.sql'))
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      const tag = name.slice(0, -'.sql'.length);
      if (tags.has(tag)) continue;
      const fileRel = rel(path.join(dir, name));
      problems.warnings.push({
        kind: 'sql-unlisted',
        message: `${fileRel} is not in ${journalRel}: it is never run (drizzle-orm ignores it too)`,
        file: fileRel,
        migration: tag,
        hint: 'add its journal entry back if a merge dropped it, or delete the file',
      });
    }
  }
  return migrations;
}

/** drizzle-kit 0.3x: `meta/_journal.json` + `<tag>.sql`. */
export const journalFormat: MigrationFolderFormat = {
  name: 'drizzle-kit journal (0.x)',
  kind: 'journal',
  detect: (directory) => existsSync(path.join(directory, JOURNAL)),
  read: readJournalFolder,
};
