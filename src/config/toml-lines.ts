/**
 * Where a key sits in ladder.toml's text, so a problem can name its line.
 * smol-toml gives values, not positions; this scanner is the price of
 * `ladder.toml:12: environments.prod.conection_url: unknown key`. Pure.
 */

/**
 * The 1-based line where a dotted key is defined in TOML text, for messages. A pragmatic
 * scanner, not a parser: it follows `[table]` / `[[array]]` headers (bare, "quoted" and
 * 'literal' parts) and `key = value` lines (dotted keys too). A key inside an inline table
 * resolves to the line of the inline table. When the key itself is not written (a table
 * defined implicitly), the first line defining something under it is returned.
 */
export function locateKey(text: string, keyPath: string[]): number | undefined {
  if (keyPath.length === 0) return undefined;
  const lines = text.split(/\r?\n/);
  let table: string[] = [];
  let fallback: number | undefined;
  let multiline: string | undefined;
  // an inline table spread over several lines (TOML 1.1, which smol-toml accepts)
  let inline: { prefix: string[]; depth: number; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (multiline !== undefined) {
      // inside a """ or ''' string: its lines are content, not keys
      if (line.includes(multiline)) multiline = undefined;
      continue;
    }
    if (inline !== undefined) {
      const inner = parseAssignment(line.trimStart().replace(/^,\s*/, ''));
      if (inner && definesKey([...inline.prefix, ...inner.key], inner.value, keyPath)) return i + 1;
      inline.depth += braceDepth(line);
      if (inline.depth > 0) continue;
      if (startsWith(keyPath, inline.prefix)) return inline.line;
      inline = undefined;
      continue;
    }
    const trimmed = line.trimStart();
    const header = parseHeader(trimmed);
    if (header) {
      table = header;
      if (sameKey(header, keyPath)) return i + 1;
      if (startsWith(header, keyPath)) fallback ??= i + 1;
      continue;
    }
    const assignment = parseAssignment(trimmed);
    if (!assignment) continue;
    const full = [...table, ...assignment.key];
    const depth = assignment.value.startsWith('{') ? braceDepth(assignment.value) : 0;
    if (depth > 0) {
      if (sameKey(full, keyPath)) return i + 1;
      inline = { prefix: full, depth, line: i + 1 };
      continue;
    }
    if (definesKey(full, assignment.value, keyPath)) return i + 1;
    if (startsWith(full, keyPath)) fallback ??= i + 1;
    multiline = opensMultiline(assignment.value);
  }
  return fallback;
}

/** `full = value` defines keyPath itself, or holds it in a one-line inline table. */
function definesKey(full: string[], value: string, keyPath: string[]): boolean {
  return sameKey(full, keyPath) || (startsWith(keyPath, full) && value.startsWith('{'));
}

/** Net `{` minus `}` outside strings and comments. */
function braceDepth(s: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return depth;
}

/** `[a.b]` or `[[a.b]]` with an optional trailing comment; undefined for anything else. */
function parseHeader(line: string): string[] | undefined {
  const double = line.startsWith('[[');
  if (!line.startsWith('[')) return undefined;
  const key = parseDottedKey(line, double ? 2 : 1);
  if (!key) return undefined;
  const close = double ? ']]' : ']';
  let i = skipSpaces(line, key.end);
  if (!line.startsWith(close, i)) return undefined;
  i = skipSpaces(line, i + close.length);
  return i === line.length || line[i] === '#' ? key.parts : undefined;
}

function parseAssignment(line: string): { key: string[]; value: string } | undefined {
  const key = parseDottedKey(line, 0);
  if (!key) return undefined;
  const i = skipSpaces(line, key.end);
  if (line[i] !== '=') return undefined;
  return { key: key.parts, value: line.slice(i + 1).trim() };
}

/** A dotted key starting at `start`: bare, "basic" or 'literal' parts separated by dots. */
function parseDottedKey(s: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    i = skipSpaces(s, i);
    const part = parseKeyPart(s, i);
    if (!part) return undefined;
    parts.push(part.value);
    i = skipSpaces(s, part.end);
    if (s[i] !== '.') return { parts, end: i };
    i++;
  }
}

function parseKeyPart(s: string, i: number): { value: string; end: number } | undefined {
  const quote = s[i];
  if (quote === "'") {
    const end = s.indexOf("'", i + 1);
    return end < 0 ? undefined : { value: s.slice(i + 1, end), end: end + 1 };
  }
  if (quote === '"') {
    let j = i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) return undefined;
    const raw = s.slice(i, j + 1);
    return { value: unescapeBasic(raw), end: j + 1 };
  }
  const bare = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
  return bare ? { value: bare[0], end: i + bare[0].length } : undefined;
}

function unescapeBasic(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

function opensMultiline(value: string): string | undefined {
  for (const q of ['"""', "'''"]) {
    if (value.startsWith(q) && !value.slice(3).includes(q)) return q;
  }
  return undefined;
}

function skipSpaces(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t') i++;
  return i;
}

function sameKey(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** `whole` begins with every part of `prefix` (and is longer). */
function startsWith(whole: string[], prefix: string[]): boolean {
  return whole.length > prefix.length && prefix.every((p, i) => p === whole[i]);
}
