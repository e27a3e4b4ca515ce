// Proves the test helpers themselves: the shared server, fresh databases,
// PGlite data dirs, catalog snapshots and real drizzle-kit projects.
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { catalogSnapshot, freshDatabase, freshPglite, tableNames, withSql } from '../helpers/db.js';
import { generate, journalTags, makeProject, regenerate, removeProject } from '../helpers/project.js';
import { USERS, USERS_AND_POSTS } from '../helpers/schemas.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

describe('real PostgreSQL', () => {
  it('gives each caller a fresh, empty database that answers select 1', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const rows = await withSql(db.url, (sql) => sql`select 1 as one, current_database() as name`);
    expect(rows[0]).toEqual({ one: 1, name: db.name });
    expect(await tableNames(db.url)).toEqual([]);
  });

  it('drop() removes the database even with a session still open', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    const leaked = (await import('postgres')).default(db.url, { onnotice: () => {} });
    await leaked`select 1`;
    await db.drop();
    const left = await withSql(inject('pgUrl'), (sql) => sql`select 1 from pg_database where datname = ${db.name}`);
    expect(left.length).toBe(0);
    await leaked.end({ timeout: 1 }).catch(() => {});
  });

  it('catalogSnapshot sees tables, columns, enums, constraints and indexes, and is the same after undo', async () => {
    const db = await freshDatabase(inject('pgUrl'));
    cleanups.push(db.drop);
    const empty = await catalogSnapshot(db.url);
    await withSql(db.url, async (sql) => {
      await sql.unsafe(`
        create type mood as enum ('ok', 'meh');
        create table a (id serial primary key, m mood not null default 'ok', note varchar(20));
        create index a_note_idx on a (note);`);
    });
    const snap = await catalogSnapshot(db.url);
    expect(snap).toContain('enum mood (ok, meh)');
    expect(snap).toContain('table a');
    expect(snap).toContain('  column m mood not null default \'ok\'::mood');
    expect(snap).toContain('  column note character varying(20)');
    expect(snap).toContain('  constraint a_pkey PRIMARY KEY (id)');
    expect(snap).toContain('  index CREATE INDEX a_note_idx ON public.a USING btree (note)');
    expect(await catalogSnapshot(db.url)).toBe(snap);
    await withSql(db.url, (sql) => sql.unsafe('drop table a; drop type mood;'));
    expect(await catalogSnapshot(db.url)).toBe(empty);
  });
});

describe('PGlite', () => {
  it('opens a fresh data dir, persists across reopen, and gives the same snapshot as PostgreSQL', async () => {
    const tmp = await freshPglite();
    cleanups.push(tmp.cleanup);
    const ddl = `create type mood as enum ('ok', 'meh');
      create table a (id serial primary key, m mood not null default 'ok');`;

    const first = new PGlite(tmp.dir);
    await first.exec(ddl);
    await first.close();

    const again = new PGlite(tmp.dir);
    try {
      expect(await tableNames(again)).toEqual(['a']);
      const db = await freshDatabase(inject('pgUrl'));
      cleanups.push(db.drop);
      await withSql(db.url, (sql) => sql.unsafe(ddl));
      expect(await catalogSnapshot(again)).toBe(await catalogSnapshot(db.url));
    } finally {
      await again.close();
    }
  });
});

describe('drizzle-kit projects', () => {
  it('makeProject runs real drizzle-kit generate, regenerate adds a second migration', async () => {
    const dir = await makeProject({ schema: USERS, name: 'users' });
    cleanups.push(() => removeProject(dir));

    const journal = JSON.parse(await fs.readFile(path.join(dir, 'drizzle/meta/_journal.json'), 'utf8'));
    expect(journal.entries.map((e: { tag: string }) => e.tag)).toEqual(['0000_users']);
    const first = await fs.readFile(path.join(dir, 'drizzle/0000_users.sql'), 'utf8');
    expect(first).toContain('CREATE TABLE "users"');

    const second = await regenerate(dir, USERS_AND_POSTS, 'posts');
    expect(second.tag).toBe('0001_posts');
    expect(await journalTags(dir)).toEqual(['0000_users', '0001_posts']);
    const sql = await fs.readFile(second.sqlFile!, 'utf8');
    expect(sql).toContain(`CREATE TYPE "public"."status" AS ENUM('draft', 'published')`);
    expect(sql).toContain('CREATE TABLE "posts"');

    const custom = await generate(dir, { custom: true, name: 'backfill' });
    expect(custom.tag).toBe('0002_backfill');

    const nothing = await generate(dir);
    expect(nothing.tag).toBeNull();
  });

  it('fails fast with drizzle-kit output instead of waiting for a rename answer', async () => {
    const dir = await makeProject({ schema: USERS });
    cleanups.push(() => removeProject(dir));
    await expect(regenerate(dir, USERS.replace("text('name')", "text('full_name')"))).rejects.toThrow(
      /Interactive prompts require a TTY/,
    );
    expect((await journalTags(dir)).length).toBe(1);
  });
});
