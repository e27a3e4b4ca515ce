// Temp Drizzle projects made the way a user makes them: a schema.ts, a
// drizzle.config.ts and REAL `drizzle-kit generate`; and the built `ladder`
// binary spawned in them (style.md, Tests: e2e).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnProcess, type RunResult } from './spawn.js';

export type { RunResult };

/** Root of this repository (resolved from this file, not hard-coded). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI; `pnpm test` builds it first. */
export const ladderBin = path.join(repoRoot, 'dist', 'cli', 'bin.cjs');
export const drizzleKitBin = path.join(repoRoot, 'node_modules', '.bin', 'drizzle-kit');

export const DRIZZLE_CONFIG = `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });
`;

export interface GenerateOptions {
  /** `--name <name>`: the migration file becomes NNNN_<name>.sql. */
  name?: string;
  /** `--custom`: an empty migration for hand-written SQL. */
  custom?: boolean;
}

export interface MakeProjectOptions extends GenerateOptions {
  /** Contents of schema.ts (imports from 'drizzle-orm/pg-core' resolve). */
  schema: string;
  /** Run drizzle-kit generate once after writing the files (default true). */
  generate?: boolean;
  /** Extra files to write, path relative to the project -> contents (e.g. ladder.toml). */
  files?: Record<string, string>;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Kill the process after this many ms (default 60s). */
  timeoutMs?: number;
  /** Written to the child's stdin, then closed (default: no stdin). */
  stdin?: string;
}

/**
 * Creates a temp Drizzle project (schema.ts, drizzle.config.ts, node_modules
 * symlinked to this repo's) and, unless generate is false, runs
 * `drizzle-kit generate` once. Returns the project dir.
 */
export async function makeProject(opts: MakeProjectOptions): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-project-'));
  await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await fs.writeFile(path.join(dir, 'drizzle.config.ts'), DRIZZLE_CONFIG);
  await fs.writeFile(path.join(dir, 'schema.ts'), opts.schema);
  for (const [rel, contents] of Object.entries(opts.files ?? {})) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, contents);
  }
  if (opts.generate !== false) {
    await generate(dir, { name: opts.name, custom: opts.custom });
  }
  return dir;
}

export interface GenerateResult extends RunResult {
  /** Tag of the migration written (e.g. `0001_posts`), null if drizzle-kit found no schema change. */
  tag: string | null;
  /** Absolute path of that migration's .sql file, null with tag. */
  sqlFile: string | null;
}

/**
 * Runs real `drizzle-kit generate` in projectDir without a TTY. Throws with
 * drizzle-kit's output when it fails, including when it would ask a question
 * (a rename: "is column x created or renamed?"): drizzle-kit 0.31 prints
 * "Interactive prompts require a TTY" and still exits 0, so success is judged
 * by the journal gaining an entry. "No schema changes" returns tag null.
 */
export async function generate(projectDir: string, opts: GenerateOptions = {}): Promise<GenerateResult> {
  const args = ['generate'];
  if (opts.name) args.push('--name', opts.name);
  if (opts.custom) args.push('--custom');
  const before = await journalTags(projectDir);
  const result = await spawnProcess(drizzleKitBin, args, { cwd: projectDir, timeoutMs: 60_000 });
  const after = await journalTags(projectDir);
  const fail = (why: string): Error =>
    new Error(
      `drizzle-kit ${args.join(' ')} ${why} in ${projectDir} (exit ${result.code})\n` +
        `--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`,
    );
  if (result.code !== 0) throw fail('failed');
  if (after.length > before.length) {
    const tag = after[after.length - 1]!;
    return { ...result, tag, sqlFile: path.join(projectDir, 'drizzle', `${tag}.sql`) };
  }
  if (/No schema changes/i.test(result.stdout)) return { ...result, tag: null, sqlFile: null };
  throw fail('wrote no migration');
}

/** Writes a new schema.ts and generates the next migration; throws if there was no change. */
export async function regenerate(projectDir: string, newSchema: string, name?: string): Promise<GenerateResult> {
  await fs.writeFile(path.join(projectDir, 'schema.ts'), newSchema);
  const result = await generate(projectDir, { name });
  if (result.tag === null) throw new Error(`regenerate: drizzle-kit found no schema change in ${projectDir}`);
  return result;
}

/** Tags in drizzle/meta/_journal.json, in journal order ([] before the first generate). */
export async function journalTags(projectDir: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(projectDir, 'drizzle', 'meta', '_journal.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const journal = JSON.parse(text) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** Spawns `node dist/cli/bin.cjs ...args` in projectDir, no TTY, no colors. */
export function runLadder(projectDir: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return spawnProcess(process.execPath, [ladderBin, ...args], { cwd: projectDir, env: opts.env, timeoutMs: opts.timeoutMs, stdin: opts.stdin });
}

/** Removes a project made by makeProject (the node_modules symlink only, not its target). */
export async function removeProject(projectDir: string): Promise<void> {
  await fs.rm(projectDir, { recursive: true, force: true });
}
