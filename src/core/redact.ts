/**
 * Redaction: every place that prints or stores text that may hold a password uses
 * these. Pure, and in core/ so that every layer (config, db's log table, the CLI's
 * renderer) may import it.
 */

/**
 * Replace every occurrence of each secret with ***. Longest first, so no secret leaks in part.
 * The `safe` strings are kept whole: a password as common as `postgres` would otherwise also
 * blank the scheme, the user and the database of the target shown as
 * postgres://postgres:***@host/postgres (a display already masked part by part).
 */
export function redactSecrets(text: string, secrets: string[], safe: string[] = []): string {
  const kept: string[] = [];
  let s = text;
  for (const [i, keep] of safe.entries()) {
    if (keep.length > 0 && s.includes(keep)) {
      s = s.split(keep).join(`\u0000${i}\u0000`);
      kept[i] = keep;
    }
  }
  const ordered = [...new Set(secrets)].filter((x) => x.length >= 1).sort((a, b) => b.length - a.length);
  s = ordered.reduce((out, secret) => out.split(secret).join('***'), s);
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)] ?? '');
}

/**
 * A URL with its password (and any password= query parameter) replaced by ***.
 * Text, not `new URL()`: a sloppy URL (unencoded @ or # in the password) must be hidden
 * too. The userinfo ends at the LAST @, so in doubt more is hidden, never less.
 */
export function redactUrl(url: string): string {
  const parts = splitUserinfo(url);
  const out = parts?.password === undefined ? url : `${parts.prefix}:***@${parts.rest}`;
  return out.replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');
}

/** The URL carries a password (in its user info or as password=). */
export function urlHasPassword(url: string): boolean {
  return urlSecrets(url).length > 0;
}

export function urlSecrets(url: string): string[] {
  const found: string[] = [];
  const parts = splitUserinfo(url);
  if (parts?.password) found.push(parts.password);
  for (const m of url.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) if (m[1]) found.push(m[1]);
  return found;
}

/** `scheme://user:password@rest` -> { prefix: 'scheme://user', password, rest }. */
function splitUserinfo(url: string): { prefix: string; password?: string; rest: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([\s\S]*)$/.exec(url);
  if (!m) return undefined;
  const scheme = m[1]!;
  const afterScheme = m[2]!;
  const at = afterScheme.lastIndexOf('@');
  if (at < 0) return undefined;
  const userinfo = afterScheme.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return undefined;
  return {
    prefix: scheme + userinfo.slice(0, colon),
    password: userinfo.slice(colon + 1),
    rest: afterScheme.slice(at + 1),
  };
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * ladder.toml text as it may be shown (a syntax error's code frame, its
 * message): the value of every `password` key and the password of every URL
 * replaced by ***, line by line, even where the TOML is broken (an
 * unterminated string). In doubt more is hidden, never less.
 */
export function maskConfigText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        // password = "..." / '...' / bare, also inside inline tables; unterminated strings to the end of the line
        .replace(/(\b(?:ssl)?password\b["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|[^,{}\s#&"']+)/gi, (_, key: string, value: string) => {
          const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
          return `${key}${q}***${q && value.length > 1 && value.endsWith(q) ? q : ''}`;
        })
        // scheme://user:password@ (to the last @ of the line)
        .replace(/(:\/\/[^:@/\s"'{}]*:)(.*)(@)/g, '$1***$3')
        // ?password=... in a URL
        .replace(/([?&](?:ssl)?password=)[^&#\s"']*/gi, '$1***'),
    )
    .join('\n');
}
