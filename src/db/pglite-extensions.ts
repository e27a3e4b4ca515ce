/**
 * PGlite's bundled extensions: which ones the installed @electric-sql/pglite
 * ships (listed from the package at run time, so a newer PGlite brings its
 * new ones), loading the ones a project's migrations create, and one clear
 * error for an extension it lacks.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pgliteModuleName } from '../core/extensions.js';

/** module name (`uuid_ossp`) -> import specifier */
let shipped: Map<string, string> | undefined;

/** Every extension the installed PGlite ships, by module name. */
export function shippedExtensions(): Map<string, string> {
  if (shipped) return shipped;
  shipped = new Map();
  try {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (const f of readdirSync(path.join(dist, 'contrib'))) {
      const m = /^([a-z0-9_]+)\.js$/.exec(f);
      if (m) shipped.set(m[1]!, `@electric-sql/pglite/contrib/${m[1]}`);
    }
    if (readdirSync(dist).includes('vector')) shipped.set('vector', '@electric-sql/pglite/vector');
  } catch {
    // not installed, or laid out differently: no extension is offered
  }
  return shipped;
}

/**
 * PGlite's `extensions` option for these extension names: the ones it ships
 * (plpgsql and other built-ins need nothing; the ones it lacks fail later,
 * at their CREATE EXTENSION, with explainMissingExtension's words).
 */
export async function loadExtensions(names: string[]): Promise<Record<string, unknown>> {
  const available = shippedExtensions();
  const loaded: Record<string, unknown> = {};
  for (const name of names) {
    const key = pgliteModuleName(name);
    const specifier = available.get(key);
    if (!specifier || key in loaded) continue;
    const mod = (await import(specifier)) as Record<string, unknown>;
    if (mod[key] !== undefined) loaded[key] = mod[key];
  }
  return loaded;
}

const NOT_AVAILABLE = /^extension "(.+)" is not available$/;

/**
 * PostgreSQL's "extension x is not available" says to install it on the
 * server, which cannot be done for PGlite: say that PGlite lacks it and what
 * to do instead. Rewrites the driver error (or its cause) in place, so
 * every error path shows it; returns e.
 */
export function explainMissingExtension(e: unknown): unknown {
  let err = e as Record<string, unknown> | undefined;
  for (let i = 0; i < 5 && err; i++, err = err.cause as Record<string, unknown> | undefined) {
    const m = typeof err.message === 'string' && err.code === '0A000' ? NOT_AVAILABLE.exec(err.message) : null;
    if (!m) continue;
    err.message = `extension "${m[1]}" is not available in PGlite (the embedded database ships ${shippedExtensions().size} extensions, not this one)`;
    err.detail = undefined;
    err.hint = `use a PostgreSQL environment (connection_url or connection_params) for this project; PGlite ships: ${[...shippedExtensions().keys()].map((k) => (k === 'uuid_ossp' ? 'uuid-ossp' : k)).join(', ')}`;
    break;
  }
  return e;
}

