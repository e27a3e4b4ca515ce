// Reverts of drizzle-kit 1.0 migrations (source/revert-gen-kit1.ts), from
// the snapshots real drizzle-kit 1.0 writes: generated when the SQL file is
// what drizzle-kit generates, a todo naming why when it is not.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationSource } from '../../src/source/index.js';
import { generateRevertKit1 } from '../../src/source/revert-gen-kit1.js';
import { drizzle1Installed, drizzle1Missing, generate1, useDrizzle } from '../helpers/drizzle1.js';
import { makeProject, removeProject } from '../helpers/project.js';

const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });
`;
const USERS_POSTS = `${USERS}export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });
`;

let dir: string;
let posts: string;

beforeAll(async () => {
  if (!drizzle1Installed) throw new Error(drizzle1Missing);
  dir = await makeProject({ schema: USERS, generate: false });
  await useDrizzle(dir, '1');
  generate1(dir, ['--name', 'init']);
  await fs.writeFile(path.join(dir, 'schema.ts'), USERS_POSTS);
  posts = generate1(dir, ['--name', 'posts']);
}, 120_000);

afterAll(async () => {
  if (dir) await removeProject(dir);
});

const revertOf = async (id: string) => {
  const source = readMigrationSource(dir, 'drizzle');
  return generateRevertKit1(dir, source, source.migrations.find((m) => m.id === id)!);
};

describe('reverts of drizzle-kit 1.0 migrations', () => {
  it('a generated migration: its revert drops what it created', async () => {
    const r = await revertOf(posts);
    expect(r.reason).toBeUndefined();
    expect(r.generated).toBe(true);
    expect(r.text).toContain('DROP TABLE "posts"');
  });

  it('a hand-edited migration: a todo saying so, not the swapped diff', async () => {
    await fs.appendFile(path.join(dir, 'drizzle', posts, 'migration.sql'), '\n--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "bio" text;');
    const r = await revertOf(posts);
    expect(r.generated).toBe(false);
    expect(r.reason).toMatch(/^hand-edited: /);
    expect(r.text).not.toMatch(/^DROP TABLE/m);
  });
});
