// ladder's one file writer (src/source/write-atomic.ts) with real files, and a
// disk that fails: the failure is injected at the fs boundary (node:fs's
// writeSync/fsyncSync throw ENOSPC/EIO, as a full or failing disk makes them),
// so this runs where no tmpfs can be mounted (test/e2e/files.test.ts mounts one).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrationSource } from '../../src/source/index.js';
import { writeFileAtomic } from '../../src/source/write-atomic.js';

const dirs: string[] = [];
const restores: (() => void)[] = [];
afterEach(() => {
  for (const r of restores.splice(0)) r();
  syncBuiltinESMExports();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-write-'));
  dirs.push(d);
  return d;
}

/** Make fs[name] throw `code` from now on (after `after` successful calls). */
function failing(name: 'writeSync' | 'fsyncSync', code: string, after = 0): void {
  const real = fs[name] as (...args: unknown[]) => unknown;
  let calls = 0;
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    if (calls++ >= after) throw Object.assign(new Error(`${code}: injected`), { code });
    return real(...args);
  };
  restores.push(() => ((fs as unknown as Record<string, unknown>)[name] = real));
  syncBuiltinESMExports();
}

describe('writeFileAtomic on a failing disk', () => {
  for (const [fn, code] of [
    ['writeSync', 'ENOSPC'],
    ['fsyncSync', 'EIO'],
  ] as const) {
    it(`${code} from ${fn}: the old file is intact, no temp file is left`, () => {
      const dir = tmp();
      const file = path.join(dir, 'committed.toml');
      fs.writeFileSync(file, 'old content\n');
      failing(fn, code);
      expect(() => writeFileAtomic(file, 'new content\n'.repeat(1000))).toThrow(code);
      expect(fs.readFileSync(file, 'utf8')).toBe('old content\n');
      expect(fs.readdirSync(dir)).toEqual(['committed.toml']);
    });

    it(`${code} from ${fn} creating a new file: nothing at all is left`, () => {
      const dir = tmp();
      failing(fn, code);
      expect(() => writeFileAtomic(path.join(dir, '0001_snapshot.json'), '{}', { exclusive: true })).toThrow(code);
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  }

  it('exclusive never replaces a file that exists', () => {
    const dir = tmp();
    const file = path.join(dir, 'a.sql');
    fs.writeFileSync(file, 'mine');
    expect(() => writeFileAtomic(file, 'theirs', { exclusive: true })).toThrow(/EEXIST/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    expect(fs.readdirSync(dir)).toEqual(['a.sql']);
  });
});

describe('newMigration on a failing disk', () => {
  it('ENOSPC on its second file: nothing of it is left, and the next one works', async () => {
    const { newMigration } = await import('../../src/api/new.js');
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'ladder.toml'), '[environments.dev]\npglite = ".ladder/dev"\n');
    fs.mkdirSync(path.join(dir, 'drizzle', 'meta'), { recursive: true });
    const listing = () => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
    const before = listing();
    failing('writeSync', 'ENOSPC', 1); // the snapshot is written, the SQL file is not
    await expect(newMigration({ cwd: dir, name: 'backfill' })).rejects.toThrow(/ENOSPC/);
    expect(listing()).toEqual(before);
    for (const r of restores.splice(0)) r();
    syncBuiltinESMExports();
    const made = await newMigration({ cwd: dir, name: 'backfill' });
    expect(made.id).toBe('0000_backfill');
    // in the journal, so drizzle-orm (and ladder) run it
    expect(readMigrationSource(dir, 'drizzle').migrations.map((m) => m.id)).toEqual(['0000_backfill']);
  });
});
