/**
 * committed.toml: ladder's ledger of committed migrations, in apply order.
 *
 * Exit codes (see also source/journal.ts):
 * - a TOML syntax error is a usage error (2): the file cannot be read at all,
 *   like a broken ladder.toml;
 * - a readable file with the wrong shape (unknown keys, missing or malformed
 *   hashes, duplicate ids) is an integrity error (3): the ledger that decides
 *   what production runs has been edited by hand or merged badly.
 */
import { parse, TomlError } from 'smol-toml';
import { ExitCode, problemsError, type Problem } from '../core/errors.js';
import { isSha256Hex } from '../core/hash.js';
import { isValidMigrationId } from '../core/parse.js';
import type { CommittedEntry } from '../core/types.js';
import { writeFileAtomic } from './write-atomic.js';

export const COMMITTED_FILE = 'committed.toml';
export const COMMITTED_HEADER = '# Managed by drizzle-ladder. Do not edit by hand.';

const ENTRY_KEYS = new Set(['id', 'hash', 'revert_hash', 'fake']);

export interface CommittedAnalysis {
  /** the well-formed entries, in file order */
  entries: CommittedEntry[];
  /** TOML syntax errors (exit 2); when present, entries is empty */
  syntax: Problem[];
  /** shape problems of a readable file (exit 3) */
  shape: Problem[];
}

function isPlainTable(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  // smol-toml makes tables with a null prototype; dates are TomlDate objects
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null || v === undefined) return 'nothing';
  if (v instanceof Date) return 'a date';
  return `a ${typeof v}`;
}

/** Lines of `[[migration]]` headers and where each section ends (exclusive), 1-based. */
function sections(text: string): { header: number; end: number }[] {
  const lines = text.split('\n');
  const headers: number[] = [];
  let anyTableHeader: number[] = [];
  lines.forEach((l, i) => {
    if (/^\s*\[\[\s*(?:migration|"migration"|'migration')\s*\]\]\s*(?:#.*)?$/.test(l)) headers.push(i + 1);
    if (/^\s*\[/.test(l)) anyTableHeader.push(i + 1);
  });
  anyTableHeader = anyTableHeader.sort((a, b) => a - b);
  // both lists ascend: one walk, not a find() per header (quadratic with 10,000 entries)
  let next = 0;
  return headers.map((h) => {
    while (next < anyTableHeader.length && anyTableHeader[next]! <= h) next++;
    return { header: h, end: anyTableHeader[next] ?? lines.length + 1 };
  });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function keyLine(lines: string[], from: number, to: number, rawKey: string): number | undefined {
  const key = escapeRe(rawKey);
  const re = new RegExp(`^\\s*(?:${key}|"${key}"|'${key}')\\s*=`);
  for (let n = from; n < to && n <= lines.length; n++) if (re.test(lines[n - 1]!)) return n;
  return undefined;
}

/**
 * Read committed.toml text; never throws. `relPath` (relative to the project
 * root) names the file in problems.
 */
export function analyzeCommitted(text: string, relPath: string): CommittedAnalysis {
  const entries = readCanonicalCommitted(text);
  return entries ? { entries, syntax: [], shape: [] } : analyzeCommittedToml(text, relPath);
}

// a comment line as TOML allows it: no control character but tab
const CANONICAL_COMMENT = /^#[^\x00-\x08\x0a-\x1f\x7f]*$/;
const CANONICAL_KEY = /^(id|hash|revert_hash|fake) = (?:"([A-Za-z0-9_.-]+)"|(true))$/;

/**
 * The entries of a committed.toml in exactly the format ladder writes
 * (renderCommitted: `[[migration]]` blocks of id, hash, revert_hash and
 * `fake = true`, blank and comment lines), read line by line; undefined for
 * anything else, which then goes through the TOML parser and its checks.
 * Every line must match one of these forms, so a line cannot belong to some
 * other TOML construct (a multi-line string, an inline table): what this
 * returns is what the parser would. It exists for speed: every deploy reads
 * committed.toml, and a full TOML parse grows with the ledger.
 */
export function readCanonicalCommitted(text: string): CommittedEntry[] | undefined {
  const entries: CommittedEntry[] = [];
  const ids = new Set<string>();
  let current: { line: number; keys: Map<string, string> } | undefined;
  const close = (): boolean => {
    if (!current) return true;
    const { keys, line } = current;
    const id = keys.get('id');
    const hash = keys.get('hash');
    const revertHash = keys.get('revert_hash');
    const fake = keys.get('fake');
    if (id === undefined || !isValidMigrationId(id) || ids.has(id) || hash === undefined || !isSha256Hex(hash) || revertHash === undefined || !isSha256Hex(revertHash)) return false;
    if (fake !== undefined && fake !== 'true') return false;
    ids.add(id);
    entries.push({ id, hash, revertHash, fake: fake === 'true', line });
    return true;
  };
  const lines = text.split('\n');
  // a file ends with a newline: the last piece is empty
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '' || CANONICAL_COMMENT.test(l)) continue;
    if (l === '[[migration]]') {
      if (!close()) return undefined;
      current = { line: i + 1, keys: new Map() };
      continue;
    }
    const m = CANONICAL_KEY.exec(l);
    if (!m || !current || current.keys.has(m[1]!)) return undefined;
    // fake holds `true`; the others hold strings
    if ((m[1] === 'fake') !== (m[3] !== undefined)) return undefined;
    current.keys.set(m[1]!, m[2] ?? m[3]!);
  }
  return close() ? entries : undefined;
}

/** analyzeCommitted through the TOML parser: any valid TOML, every problem found with its line. */
export function analyzeCommittedToml(text: string, relPath: string): CommittedAnalysis {
  const syntax: Problem[] = [];
  const shape: Problem[] = [];
  const entries: CommittedEntry[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (e) {
    const line = e instanceof TomlError ? e.line : undefined;
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    const conflict = conflictMarkerLine(text);
    syntax.push({
      kind: 'committed-syntax',
      message:
        conflict !== undefined
          ? `${relPath}:${conflict}: unresolved merge conflict (a <<<<<<< / ======= / >>>>>>> line)`
          : `${relPath}${line ? `:${line}` : ''}: ${first}`,
      file: relPath,
      line: conflict ?? line,
      hint:
        conflict !== undefined
          ? 'keep the [[migration]] entries of both sides, in the order they were committed on the main branch, and remove the marker lines'
          : `${COMMITTED_FILE} is written by ladder commit; restore it from version control`,
    });
    return { entries, syntax, shape };
  }

  const lines = text.split('\n');
  const problem = (kind: string, message: string, line: number | undefined, extra: Partial<Problem> = {}) =>
    shape.push({ kind, message: `${relPath}${line ? `:${line}` : ''}: ${message}`, file: relPath, line, ...extra });

  // top-level keys sit before the first table header
  const firstTable = lines.findIndex((l) => /^\s*\[/.test(l));
  const topEnd = firstTable === -1 ? lines.length + 1 : firstTable + 1;
  for (const key of Object.keys(doc)) {
    if (key !== 'migration') {
      problem('committed-unknown-key', `unknown key "${key}" (only [[migration]] entries belong here)`, keyLine(lines, 1, topEnd, key) ?? findTableLine(lines, key), { key });
    }
  }
  const list = doc['migration'];
  if (list === undefined) return { entries, syntax, shape };
  if (!Array.isArray(list)) {
    problem('committed-shape', `"migration" must be an array of tables ([[migration]]), found ${describe(list)}`, keyLine(lines, 1, topEnd, 'migration') ?? findTableLine(lines, 'migration'), { key: 'migration' });
    return { entries, syntax, shape };
  }

  const secs = sections(text);
  // headers map to entries one to one, unless the array was written inline
  const aligned = secs.length === list.length;
  const fallbackLine = aligned ? undefined : keyLine(lines, 1, topEnd, 'migration');
  const seen = new Map<string, number | undefined>();

  list.forEach((raw, i) => {
    const sec = aligned ? secs[i] : undefined;
    const headerLine = sec?.header ?? fallbackLine;
    const lineOf = (key: string) => (sec ? keyLine(lines, sec.header + 1, sec.end, key) : undefined) ?? headerLine;
    const where = `migration #${i + 1}`;
    if (!isPlainTable(raw)) {
      problem('committed-shape', `${where} must be a table, found ${describe(raw)}`, headerLine);
      return;
    }
    let ok = true;
    const id = raw['id'];
    const label = typeof id === 'string' && isValidMigrationId(id) ? `${where} (${id})` : where;
    for (const key of Object.keys(raw)) {
      if (!ENTRY_KEYS.has(key)) {
        ok = false;
        problem('committed-unknown-key', `${label}: unknown key "${key}" (allowed: id, hash, revert_hash, fake)`, lineOf(key), {
          key,
          migration: typeof id === 'string' && isValidMigrationId(id) ? id : undefined,
        });
      }
    }
    if (typeof id !== 'string' || !isValidMigrationId(id)) {
      ok = false;
      problem('committed-shape', `${where}: "id" must be a migration id string such as "0000_init", found ${typeof id === 'string' ? JSON.stringify(id) : describe(id)}`, lineOf('id'), { key: 'id' });
    }
    for (const key of ['hash', 'revert_hash'] as const) {
      const v = raw[key];
      if (typeof v !== 'string' || !isSha256Hex(v)) {
        ok = false;
        problem('committed-shape', `${label}: "${key}" must be a sha256 hex digest (64 lowercase hex digits), found ${typeof v === 'string' ? JSON.stringify(v) : describe(v)}`, lineOf(key), { key, migration: typeof id === 'string' ? id : undefined });
      }
    }
    const fake = raw['fake'];
    if (fake !== undefined && typeof fake !== 'boolean') {
      ok = false;
      problem('committed-shape', `${label}: "fake" must be true or false, found ${describe(fake)}`, lineOf('fake'), { key: 'fake' });
    }
    if (typeof id === 'string' && isValidMigrationId(id)) {
      if (seen.has(id)) {
        ok = false;
        const firstLine = seen.get(id);
        problem('committed-duplicate-id', `${label} is listed twice${firstLine ? ` (first at line ${firstLine})` : ''}`, headerLine, { migration: id });
      } else {
        seen.set(id, headerLine);
      }
    }
    if (ok) {
      entries.push({
        id: id as string,
        hash: raw['hash'] as string,
        revertHash: raw['revert_hash'] as string,
        fake: fake === true,
        line: headerLine,
      });
    }
  });
  return { entries, syntax, shape };
}

/** The first line of a git merge conflict marker, 1-based. */
function conflictMarkerLine(text: string): number | undefined {
  const i = text.split('\n').findIndex((l) => /^(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)/.test(l));
  return i === -1 ? undefined : i + 1;
}

function findTableLine(lines: string[], rawKey: string): number | undefined {
  const key = escapeRe(rawKey);
  const re = new RegExp(`^\\s*\\[\\[?\\s*(?:${key}|"${key}"|'${key}')\\s*[\\].]`);
  const i = lines.findIndex((l) => re.test(l));
  return i === -1 ? undefined : i + 1;
}

/**
 * Parse committed.toml. Throws a LadderError listing every problem: exit 2
 * for a TOML syntax error, exit 3 for a wrong shape, unknown keys or
 * duplicate ids.
 */
export function parseCommitted(text: string, relPath: string): CommittedEntry[] {
  const { entries, syntax, shape } = analyzeCommitted(text, relPath);
  if (syntax.length > 0) throw problemsError(ExitCode.usage, syntax, `${relPath} is not valid TOML: ${syntax.length} problems`, { file: relPath });
  if (shape.length > 0) throw problemsError(ExitCode.integrity, shape, `${relPath} is malformed: ${shape.length} problems`, { file: relPath });
  return entries;
}

/** A TOML basic string. Ids and hashes are validated, but never emit broken TOML. */
function tomlString(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

export type CommittedEntryInput = Pick<CommittedEntry, 'id' | 'hash' | 'revertHash'> & { fake?: boolean };

/** committed.toml's text for `entries`, in the one format ladder writes. */
export function renderCommitted(entries: readonly CommittedEntryInput[]): string {
  const blocks = entries.map((e) => {
    const lines = [
      '[[migration]]',
      `id = ${tomlString(e.id)}`,
      `hash = ${tomlString(e.hash)}`,
      `revert_hash = ${tomlString(e.revertHash)}`,
    ];
    if (e.fake) lines.push('fake = true');
    return lines.join('\n') + '\n';
  });
  return `${COMMITTED_HEADER}\n${blocks.join('\n')}`;
}

/** Write committed.toml so that it is never half-written (see writeFileAtomic). */
export function writeCommittedAtomic(absPath: string, entries: readonly CommittedEntryInput[]): void {
  writeFileAtomic(absPath, renderCommitted(entries));
}
