/**
 * `ladder up`: move a drizzle-kit 0.x project (and ladder's files) to
 * drizzle-kit 1.0's folder format. drizzle-kit 1.0's own `up` converts the
 * folder (run here when the project has drizzle-kit 1.0, or by the user
 * before); ladder then re-keys committed.toml and moves the revert files
 * (core/up.ts), and checks that the result verifies. File-only: no database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFileBytes } from '../source/read-file.js';
import path from 'node:path';
import { ExitCode, LadderError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { integrityError, verifySource } from '../core/plan.js';
import { planUp } from '../core/up.js';
import { REVERT_FILE } from '../source/folders.js';
import { COMMITTED_FILE, readMigrationSource, writeCommittedAtomic } from '../source/index.js';
import { openProject, type CommonOptions } from './context.js';

export interface UpResult {
  /** drizzle-kit 1.0's `up` ran as part of this command (the folder still had a journal) */
  ranDrizzleKitUp: boolean;
  /** committed.toml ids re-keyed to folder names */
  rekeyed: { from: string; to: string }[];
  /** revert files moved from `<tag>.revert.sql` to `<folder>/revert.sql` */
  moved: { from: string; to: string }[];
  /** committed migrations, verified against their folders after the move */
  committed: number;
}

const JOURNAL = path.join('meta', '_journal.json');

export async function up(opts: CommonOptions = {}): Promise<UpResult> {
  const project = openProject({ ...opts, db: undefined }, { environments: false });
  const root = project.config.root;
  const dir = project.config.migrationsDirectory;
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');

  let ranDrizzleKitUp = false;
  if (existsSync(path.join(dir, JOURNAL))) {
    runDrizzleKitUp(root, rel(dir));
    ranDrizzleKitUp = true;
  }

  const source = readMigrationSource(root, dir);
  if (source.format !== 'folders') {
    throw new LadderError(ExitCode.usage, `${rel(dir)} has no drizzle-kit 1.0 migration folders`, {
      file: rel(dir),
      hint: 'generate migrations with drizzle-kit 1.0, or run drizzle-kit up (1.0) on a 0.x folder first',
    });
  }
  const rootReverts = readdirSync(dir)
    .filter((f) => f.endsWith('.revert.sql'))
    .map((f) => ({ tag: f.slice(0, -'.revert.sql'.length), hash: sha256Hex(readFileBytes(path.join(dir, f))) }));
  const plan = planUp({
    committed: source.committed,
    folders: source.migrations.map((m) => ({ id: m.id, hash: m.hash, ...(m.revert ? { revertHash: m.revert.hash } : {}) })),
    rootReverts,
  });
  if (plan.problems.length > 0) throw integrityError(plan.problems);

  // Revert files first, then committed.toml (atomically): stopped between the
  // two, a second run finds the moved files and finishes the ledger.
  const moved: UpResult['moved'] = [];
  for (const m of plan.moves) {
    const from = path.join(dir, `${m.tag}.revert.sql`);
    const to = path.join(dir, m.folder, REVERT_FILE);
    if (m.drop) rmSync(from);
    else renameSync(from, to);
    moved.push({ from: rel(from), to: rel(to) });
  }
  if (plan.rekeyed.length > 0) writeCommittedAtomic(path.join(dir, COMMITTED_FILE), plan.committed);

  const after = readMigrationSource(root, dir);
  const problems = verifySource(after);
  if (problems.length > 0) throw integrityError(problems);
  return { ranDrizzleKitUp, rekeyed: plan.rekeyed, moved, committed: after.committed.length };
}

/**
 * `<dir>/node_modules/<name>/package.json` in root or the nearest parent that
 * has one, as Node.js resolves a package (drizzle-kit 1.0 exports no
 * `./package.json`, so require.resolve cannot find it).
 */
function findPackageJson(root: string, name: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** drizzle-kit 1.0's `up`, from the user's project; refused when the project has no drizzle-kit 1.0. */
function runDrizzleKitUp(root: string, relDir: string): void {
  const pkgPath = findPackageJson(root, 'drizzle-kit') ?? '';
  const version = pkgPath ? (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string }).version ?? '' : '';
  if (!/^[1-9]\d*\./.test(version)) {
    throw new LadderError(ExitCode.usage, `${relDir} is in drizzle-kit 0.x's journal format, and drizzle-kit 1.0 is not installed${version ? ` (found ${version})` : ''}`, {
      file: `${relDir}/meta/_journal.json`,
      hint: 'install it (npm i -D drizzle-kit@rc drizzle-orm@rc) and run ladder up again, or run `npx drizzle-kit up` yourself first',
    });
  }
  const bin = path.join(path.dirname(pkgPath), 'bin.cjs');
  const r = spawnSync(process.execPath, [bin, 'up'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (r.status !== 0 || existsSync(path.join(root, relDir, JOURNAL))) {
    const said = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new LadderError(ExitCode.usage, `drizzle-kit up (${version}) did not convert ${relDir}${said ? `: ${said}` : ''}`, {
      file: relDir,
      hint: 'run `npx drizzle-kit up` and fix what it reports (its state_mismatch check compares the snapshots with the SQL), then ladder up',
    });
  }
}
