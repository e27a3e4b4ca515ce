/**
 * squawk (https://squawkhq.com), the PostgreSQL migration linter, run on
 * migration files. Like drizzle-kit it is a dev dependency of the USER's
 * project (`npm i -D squawk-cli`), resolved from there at run time; nothing
 * in `migrate` ever needs it. squawk-cli ships its binary in per-platform
 * optional packages (as esbuild does); ladder runs that binary directly, one
 * process per transaction mode, with `--assume-in-transaction` exactly for the
 * migrations ladder runs in a transaction.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SquawkReport } from './findings.js';

export type Squawk = { ok: true; binary: string } | { ok: false; reason: string };

export const SQUAWK_INSTALL_HINT = 'npm i -D squawk-cli (squawk is a dev dependency, like drizzle-kit)';

/** squawk's binary for this platform, resolved from the project at `projectRoot`. Not installed is an answer. */
export function findSquawk(projectRoot: string): Squawk {
  let pkgJson: string;
  try {
    pkgJson = createRequire(path.join(path.resolve(projectRoot), 'package.json')).resolve('squawk-cli/package.json');
  } catch {
    return { ok: false, reason: 'squawk-cli is not installed' };
  }
  const platform = `@squawk-cli/${process.platform}-${process.arch}`;
  try {
    const binary = createRequire(pkgJson).resolve(`${platform}/bin/${process.platform === 'win32' ? 'squawk.exe' : 'squawk'}`);
    return { ok: true, binary };
  } catch {
    return { ok: false, reason: `squawk-cli is installed without its binary for this platform (${platform}; optional dependencies skipped?)` };
  }
}

interface SquawkJson {
  file: string;
  line: number;
  column: number;
  level: string;
  message: string;
  help: string | null;
  rule_name: string;
}

/**
 * Run squawk on `files` (paths relative to `cwd`); reports by file, 1-based
 * lines. squawk reads the project's own .squawk.toml from `cwd`, so its
 * excluded rules and settings apply; only the transaction mode is ladder's.
 */
export async function runSquawk(
  squawk: { binary: string },
  files: string[],
  opts: { cwd: string; inTransaction: boolean },
): Promise<Map<string, SquawkReport[]>> {
  const byFile = new Map<string, SquawkReport[]>();
  if (files.length === 0) return byFile;
  const args = ['--reporter', 'json', opts.inTransaction ? '--assume-in-transaction' : '--no-assume-in-transaction', '--', ...files];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      squawk.binary,
      args,
      { cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
      (err, out, stderr) => {
        // exit 1 means "found something": its JSON is on stdout
        if (err && (typeof err.code !== 'number' || err.code > 1 || out.trim() === '')) {
          reject(new Error(`squawk failed: ${(stderr || err.message).trim().split('\n')[0]}`));
        } else resolve(out);
      },
    );
  });
  let parsed: SquawkJson[];
  try {
    parsed = JSON.parse(stdout) as SquawkJson[];
  } catch {
    throw new Error(`squawk printed no JSON report: ${stdout.trim().slice(0, 200)}`);
  }
  for (const r of parsed) {
    const key = path.normalize(r.file);
    const list = byFile.get(key) ?? [];
    // squawk's JSON lines and columns are 0-based
    list.push({ rule: r.rule_name, level: r.level, line: r.line + 1, column: r.column + 1, message: r.message, help: r.help ?? undefined });
    byFile.set(key, list);
  }
  return byFile;
}
