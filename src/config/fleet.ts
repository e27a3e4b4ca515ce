/**
 * `fleet = { databases|schemas = { query|list|file|command = ... } }` in an
 * environment: where its targets come from (docs/fleets.md). Validation only;
 * listing the targets is api/fleet-targets.ts.
 */
import path from 'node:path';
import type { FleetConfig, FleetSource } from './types.js';

export const FLEET_KEYS = ['databases', 'schemas', 'control', 'search_path'];
const SOURCE_KEYS = ['query', 'list', 'file', 'command'] as const;
export const DEFAULT_FLEET_SEARCH_PATH = '{target}, public';

/** What the validator lends: its problem list, in the user's spelling of keys. */
export interface FleetCheck {
  report(keyPath: string[], what: string, hint?: string): void;
  /** a snake_case key as the user writes it (camelCase in the inline config) */
  key(snake: string): string;
}

export function checkFleet(raw: unknown, keyPath: string[], check: FleetCheck, root: string): FleetConfig | undefined {
  if (!isTable(raw)) {
    check.report(keyPath, `expected a table such as { schemas = { query = "..." } }, got ${kindOf(raw)}`);
    return undefined;
  }
  const allowed = FLEET_KEYS.map((k) => check.key(k));
  let ok = true;
  for (const k of Object.keys(raw)) {
    if (!allowed.includes(k)) {
      check.report([...keyPath, k], 'unknown key', `allowed: ${allowed.join(', ')}`);
      ok = false;
    }
  }
  const layouts = (['databases', 'schemas'] as const).filter((k) => raw[k] !== undefined);
  if (layouts.length !== 1) {
    check.report(keyPath, layouts.length === 0 ? 'no targets: set databases or schemas' : 'databases and schemas are both set: a fleet has one layout', 'e.g. fleet = { schemas = { query = "select schema_name from public.tenants order by 1" } }');
    return undefined;
  }
  const layout = layouts[0]!;
  const source = checkSource(raw[layout], [...keyPath, layout], check, root);

  const control = raw['control'];
  if (control !== undefined && (typeof control !== 'string' || control === '')) {
    check.report([...keyPath, 'control'], 'expected the name of another environment');
    ok = false;
  }
  const spKey = check.key('search_path');
  const searchPath = raw[spKey];
  if (searchPath !== undefined) {
    if (layout !== 'schemas') {
      check.report([...keyPath, spKey], 'only a schemas fleet sets search_path', 'a databases fleet uses the environment\'s settings.search_path');
      ok = false;
    } else if (typeof searchPath !== 'string' || !searchPath.includes('{target}')) {
      check.report([...keyPath, spKey], 'expected a string naming {target}, e.g. "{target}, public"');
      ok = false;
    }
  }
  if (!source || !ok) return undefined;
  return {
    layout,
    source,
    ...(typeof control === 'string' ? { control } : {}),
    searchPath: typeof searchPath === 'string' ? searchPath : DEFAULT_FLEET_SEARCH_PATH,
  };
}

function checkSource(raw: unknown, keyPath: string[], check: FleetCheck, root: string): FleetSource | undefined {
  const example = `e.g. { query = "select ..." }, { list = ["t1", "t2"] }, { file = "tenants.txt" } or { command = "./list-tenants.sh" }`;
  if (!isTable(raw)) {
    check.report(keyPath, `expected a table, got ${kindOf(raw)}`, example);
    return undefined;
  }
  const keys = Object.keys(raw);
  const unknown = keys.filter((k) => !(SOURCE_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0 || keys.length !== 1) {
    check.report(keyPath, unknown.length > 0 ? `unknown key ${unknown[0]}` : 'set exactly one of query, list, file, command', example);
    return undefined;
  }
  const kind = keys[0] as (typeof SOURCE_KEYS)[number];
  const value = raw[kind];
  const at = [...keyPath, kind];
  if (kind === 'list') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
      check.report(at, 'expected a list of names, e.g. ["t1", "t2"]');
      return undefined;
    }
    return { kind, names: value.map((v: string) => v.trim()) };
  }
  if (typeof value !== 'string' || value.trim() === '') {
    check.report(at, `expected a non-empty string`);
    return undefined;
  }
  if (kind === 'query') return { kind, sql: value };
  if (kind === 'file') return { kind, path: path.resolve(root, value) };
  return { kind, command: value };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}
