// drizzle-kit 1.0's folder format: read as drizzle-orm 1.0 reads it (ids,
// order, created_at and hashes compared with its own readMigrationFiles).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { folderMillis } from '../../../src/source/folders.js';
import { readMigrationSource } from '../../../src/source/index.js';
import { drizzle1Installed, readMigrationFiles1 } from '../../helpers/drizzle1.js';
import { thrown } from '../../helpers/errors.js';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-folders-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

const INIT = 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY\n);\n';
const POSTS = 'CREATE TABLE "posts" (\n\t"id" serial PRIMARY KEY\n);\n--> statement-breakpoint\nCREATE INDEX "p" ON "posts" ("id");';

describe('folderMillis', () => {
  it.each([
    ['20250101120000_init', Date.UTC(2025, 0, 1, 12, 0, 0)],
    ['20261203132659_posts', Date.UTC(2026, 11, 3, 13, 26, 59)],
    ['20261203132659', Date.UTC(2026, 11, 3, 13, 26, 59)],
    ['init', undefined],
    ['2025010112000_short', undefined],
  ])('%s', (name, want) => expect(folderMillis(name)).toBe(want));
});

describe('readMigrationSource: drizzle-kit 1.0 folders', () => {
  it.skipIf(!drizzle1Installed)('reads every folder with a migration.sql as drizzle-orm 1.0 does: order, ids, created_at, hashes', async () => {
    const root = project({
      'drizzle/20250102000000_posts/migration.sql': POSTS,
      'drizzle/20250102000000_posts/snapshot.json': '{}',
      'drizzle/20250101120000_init/migration.sql': INIT,
      'drizzle/20250101120000_init/snapshot.json': '{}',
      'drizzle/20250101120000_init/revert.sql': 'DROP TABLE "users";\n',
      'drizzle/notes/readme.md': 'not a migration',
    });
    const source = readMigrationSource(root, 'drizzle');
    expect(source.format).toBe('folders');
    const drizzles = await readMigrationFiles1(path.join(root, 'drizzle'));
    expect(source.migrations.map((m) => [m.id, m.when, m.hash])).toEqual(drizzles.map((d) => [d.name, d.folderMillis, d.hash]));
    const [init, posts] = source.migrations;
    expect(init).toMatchObject({
      sqlPath: 'drizzle/20250101120000_init/migration.sql',
      revertPath: 'drizzle/20250101120000_init/revert.sql',
      snapshotPath: 'drizzle/20250101120000_init/snapshot.json',
      revert: { sql: 'DROP TABLE "users";\n', todo: false },
    });
    expect(posts?.revert).toBeUndefined();
    expect(source.committedPath).toBe('drizzle/committed.toml');
  });

  it('a folder name without the 14-digit prefix is refused (drizzle-orm would store NaN)', () => {
    const root = project({ 'drizzle/20250101120000_init/migration.sql': INIT, 'drizzle/init2/migration.sql': INIT });
    const e = thrown(() => readMigrationSource(root, 'drizzle'));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.problems.map((p) => [p.kind, p.file])).toEqual([['folder-invalid-name', 'drizzle/init2']]);
  });

  it('a journal wins: a folder that still has meta/_journal.json is read as drizzle-kit 0.x', () => {
    const root = project({
      'drizzle/meta/_journal.json': JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }),
      'drizzle/20250101120000_init/migration.sql': INIT,
    });
    expect(readMigrationSource(root, 'drizzle').format).toBe('journal');
  });
});
