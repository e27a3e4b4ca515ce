// Imports run one way: core -> config/source -> db -> api -> cli (docs/architecture.md).
// This reads every import in src/ (static, type-only and dynamic) and fails on one that
// points back up the list, so the layering stays true as code is added.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/**
 * Rank of each part of src/, lowest first; a file may import its own rank or lower.
 * The longest matching prefix wins. The bundle's builder is an operation (the api rank,
 * loaded by `ladder bundle`); the bundle's own program sits on top of the CLI it reuses.
 */
const RANKS: Array<[prefix: string, rank: number]> = [
  ['core/', 0],
  ['config/', 1],
  ['source/', 1],
  ['sql/', 1],
  ['lint/', 1],
  ['db/', 2],
  ['api/', 3],
  ['bundle/build.ts', 3],
  ['bundle/data.ts', 3],
  ['index.ts', 3.5],
  ['cli/', 4],
  ['bundle/', 5],
];

export function rankOf(file: string): number | undefined {
  let best: [string, number] | undefined;
  for (const entry of RANKS) if (file.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}

/** Skips that are refused although they point down: the CLI reaches the database only through api/. */
const SKIPS: Array<[from: string, to: string]> = [['cli/', 'db/']];

const IMPORT_RE = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Relative imports of a source text, as paths inside src/ (`.js` written, `.ts` on disk). */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
    out.push(target.replace(/\.js$/, '.ts'));
  }
  return out;
}

/** `from -> to` for every import that points to a higher rank than its file's. */
export function backwardArrows(files: Map<string, string>): string[] {
  const wrong: string[] = [];
  for (const [file, text] of files) {
    const from = rankOf(file);
    for (const to of importsOf(file, text)) {
      const target = rankOf(to);
      if (from === undefined || target === undefined) wrong.push(`${file} -> ${to}: not in a known layer`);
      else if (target > from) wrong.push(`${file} -> ${to}`);
      else if (SKIPS.some(([a, b]) => file.startsWith(a) && to.startsWith(b))) wrong.push(`${file} -> ${to}: skips a layer`);
    }
  }
  return wrong;
}

function readSrc(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(SRC, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

describe('layers', () => {
  it('no import in src/ points back up core -> config/source -> db -> api -> cli, nor from cli/ into db/', () => {
    const files = readSrc();
    expect(files.size).toBeGreaterThan(50);
    expect(backwardArrows(files)).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ["import { redactSecrets } from '../core/redact.js';", 'db/ledger.ts', false],
    ["import type { Project } from '../api/context.js';", 'db/x.ts', true],
    ["const m = await import('../../db/lock.js');", 'cli/commands/x.ts', true],
    ["import type { SqlClient } from '../db/client.js';", 'api/x.ts', false],
    ["import { withLock } from './lock.js';", 'api/tries.ts', false],
    ["export { migrate } from '../api/migrate.js';", 'config/x.ts', true],
    ["import { describeHolder } from '../db/lock.js';", 'cli/common.ts', true],
    ["import { withLock } from './migrate.js';", 'api/commit.ts', false],
    ["import { x } from '../cli/program.js';", 'bundle/cli.ts', false],
    ["import { x } from '../cli/program.js';", 'bundle/build.ts', true],
    ["const { b } = await import('../../bundle/build.js');", 'cli/commands/bundle.ts', false],
    ["import { bundleMain } from '../../bundle/cli.js';", 'cli/commands/bundle.ts', true],
  ])('%s in %s is backwards: %s', (line, file, backwards) => {
    const stub = new Map([[file, line]]);
    expect(backwardArrows(stub).length > 0).toBe(backwards);
  });
});
