import { describe, expect, it } from 'vitest';
import { createdExtensions, pgliteModuleName } from '../../../src/core/extensions.js';
import { withoutConcurrently } from '../../../src/core/pglite-sql.js';

describe('createdExtensions', () => {
  it.each<[string, string, string[]]>([
    ['plain', 'CREATE EXTENSION vector;', ['vector']],
    ['if not exists, lower case', 'create extension if not exists pg_trgm;', ['pg_trgm']],
    ['quoted, with a hyphen', 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', ['uuid-ossp']],
    ['unquoted folded to lower case', 'CREATE EXTENSION IF NOT EXISTS Citext', ['citext']],
    ['several, once each, in order', 'CREATE EXTENSION btree_gin;--> statement-breakpoint\nCREATE EXTENSION vector;\nCREATE EXTENSION btree_gin;', ['btree_gin', 'vector']],
    ['with schema', 'CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;', ['vector']],
    ['none', 'CREATE TABLE "extension" ("id" serial);', []],
  ])('%s', (_name, sql, names) => expect(createdExtensions(sql)).toEqual(names));

  it('maps SQL names to PGlite module names', () => {
    expect(pgliteModuleName('uuid-ossp')).toBe('uuid_ossp');
    expect(pgliteModuleName('vector')).toBe('vector');
  });
});

describe('withoutConcurrently', () => {
  it.each<[string, string, string]>([
    ['create index', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "t" ("a");', 'CREATE INDEX IF NOT EXISTS "i" ON "t" ("a");'],
    ['unique, lower case, leading newline', '\ncreate unique index concurrently "i" on "t" ("a")', '\ncreate unique index "i" on "t" ("a")'],
    ['after a comment line', '-- speed\nCREATE INDEX CONCURRENTLY "i" ON "t" ("a")', '-- speed\nCREATE INDEX "i" ON "t" ("a")'],
    ['drop index', 'DROP INDEX CONCURRENTLY IF EXISTS "i";', 'DROP INDEX IF EXISTS "i";'],
    ['reindex', 'REINDEX (VERBOSE) INDEX CONCURRENTLY "i";', 'REINDEX (VERBOSE) INDEX "i";'],
    ['not at the start: left alone', `INSERT INTO "docs" VALUES ('CREATE INDEX CONCURRENTLY x');`, `INSERT INTO "docs" VALUES ('CREATE INDEX CONCURRENTLY x');`],
    ['plain create index: unchanged', 'CREATE INDEX "i" ON "t" ("a");', 'CREATE INDEX "i" ON "t" ("a");'],
  ])('%s', (_name, sql, want) => expect(withoutConcurrently(sql)).toBe(want));
});
