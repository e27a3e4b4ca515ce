/**
 * The extensions a migration creates, read from its SQL, so an embedded
 * PGlite can be opened with PGlite's bundled build of each one (PGlite loads
 * extensions when it starts, not on CREATE EXTENSION).
 */

// CREATE EXTENSION [IF NOT EXISTS] name | "name"; a commented-out one only loads an extension that is not used
const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)/gi;

/** Extension names created in `sql`, as PostgreSQL names them (unquoted ones folded to lower case), in order, once each. */
export function createdExtensions(sql: string): string[] {
  const names = new Set<string>();
  for (const m of sql.matchAll(CREATE_EXTENSION)) {
    const raw = m[1]!;
    names.add(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase());
  }
  return [...names];
}

/** The module PGlite ships an extension under: `uuid-ossp` is `contrib/uuid_ossp`. */
export function pgliteModuleName(extension: string): string {
  return extension.replace(/-/g, '_');
}
