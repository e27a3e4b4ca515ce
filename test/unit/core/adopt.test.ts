// Table-driven tests of adopt's pure rules (src/core/adopt.ts).
import { describe, expect, it } from 'vitest';
import { adoptedTodoLine, checkAdopted, rewordTodoForAdopt, toAdopt, todoReason } from '../../../src/core/adopt.js';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import { revertDirectives, todoRevertFile } from '../../../src/core/parse.js';
import type { AppliedRow, MigrationFile, MigrationSource } from '../../../src/core/types.js';
import { thrown } from '../../helpers/errors.js';

const T0 = Date.UTC(2026, 0, 1);

function mig(n: number, revert: string | null = `DROP TABLE "t${n}";`): MigrationFile {
  const id = `000${n}_t${n}`;
  const sql = `CREATE TABLE "t${n}" ("id" serial);`;
  const f: MigrationFile = { id, index: n, when: T0 + n, sqlPath: `drizzle/${id}.sql`, sql, hash: sha256Hex(sql), revertPath: `drizzle/${id}.revert.sql` };
  if (revert !== null) f.revert = { sql: revert, hash: sha256Hex(revert), ...revertDirectives(revert) };
  return f;
}

function source(migrations: MigrationFile[], committed = 0): MigrationSource {
  return {
    directory: '/p/drizzle',
    format: 'journal',
    migrations,
    committed: migrations.slice(0, committed).map((m) => ({ id: m.id, hash: m.hash, revertHash: m.revert!.hash, fake: false })),
    committedPath: 'drizzle/committed.toml',
  };
}

const row = (id: number, m: MigrationFile, hash = m.hash): AppliedRow => ({ id, hash, createdAt: m.when });

describe('rewordTodoForAdopt', () => {
  const todo = todoRevertFile('0001_x', 'ambiguous diff: a rename?');
  it.each<[string, string, (out: string) => void]>([
    ['a todo file: first line reworded, still a todo, reason kept', todo, (out) => {
      expect(out.split('\n')[0]).toBe(adoptedTodoLine('0001_x'));
      expect(revertDirectives(out).todo).toBe(true);
      expect(out.split('\n').slice(1)).toEqual(todo.split('\n').slice(1));
      expect(todoReason(out)).toBe('ambiguous diff: a rename?');
    }],
    ['a reworded file: unchanged (idempotent)', rewordTodoForAdopt(todo, '0001_x'), (out) => expect(out).toBe(rewordTodoForAdopt(todo, '0001_x'))],
    ['a finished revert: unchanged', 'DROP TABLE "x";\n', (out) => expect(out).toBe('DROP TABLE "x";\n')],
    ['a todo with CRLF and a BOM: line ending and BOM kept', '\uFEFF-- ladder:todo write it\r\nSELECT 1;\r\n', (out) => {
      expect(out).toBe(`\uFEFF${adoptedTodoLine('0001_x')}\r\nSELECT 1;\r\n`);
    }],
    ['a bare todo line without newline', '-- ladder:todo', (out) => expect(out).toBe(`${adoptedTodoLine('0001_x')}\n`)],
  ])('%s', (_name, input, check) => check(rewordTodoForAdopt(input, '0001_x')));
});

describe('toAdopt', () => {
  it.each<[string, MigrationSource, string[]]>([
    ['every uncommitted migration, in journal order', source([mig(0), mig(1), mig(2)], 1), ['0001_t1', '0002_t2']],
    ['todo reverts included', source([mig(0, todoRevertFile('0000_t0'))]), ['0000_t0']],
    ['nothing when all are committed', source([mig(0), mig(1)], 2), []],
  ])('%s', (_name, src, ids) => expect(toAdopt(src).map((m) => m.id)).toEqual(ids));

  it('refuses when a revert file is missing', () => {
    const e = thrown(() => toAdopt(source([mig(0), mig(1, null)])));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.message).toBe('adopt refused: the revert file drizzle/0001_t1.revert.sql is missing');
  });
});

describe('checkAdopted', () => {
  const [a, b, c] = [mig(0), mig(1), mig(2)];
  const all = source([a!, b!, c!], 3);
  it.each<[string, AppliedRow[], { applied: string[]; pending: string[]; unknown: number; kinds: string[] }]>([
    ['a fresh database: all pending', [], { applied: [], pending: ['0000_t0', '0001_t1', '0002_t2'], unknown: 0, kinds: [] }],
    ['migrated by drizzle-orm: all applied', [row(1, a!), row(2, b!), row(3, c!)], { applied: ['0000_t0', '0001_t1', '0002_t2'], pending: [], unknown: 0, kinds: [] }],
    ['one skipped by drizzle-orm (#5316): pending', [row(1, a!), row(3, c!)], { applied: ['0000_t0', '0002_t2'], pending: ['0001_t1'], unknown: 0, kinds: [] }],
    ['a row no file explains: unknown', [row(1, a!), { id: 2, hash: 'f'.repeat(64), createdAt: 5 }], { applied: ['0000_t0'], pending: ['0001_t1', '0002_t2'], unknown: 1, kinds: ['unknown'] }],
  ])('%s', (_name, rows, want) => {
    const got = checkAdopted(all, { applied: rows, tries: [], fakeHashes: new Set() }, 'prod');
    expect({ applied: got.applied, pending: got.pending, unknown: got.unknown, kinds: got.problems.map((p) => p.kind) }).toEqual(want);
  });

  it('names a file edited after it was applied (its journal time, another hash)', () => {
    const got = checkAdopted(all, { applied: [row(1, a!), row(2, b!, 'e'.repeat(64))], tries: [], fakeHashes: new Set() }, 'prod');
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatchObject({ kind: 'unknown', migration: '0001_t1', environment: 'prod' });
    expect(got.problems[0]!.message).toBe(
      `drizzle/0001_t1.sql was edited after it was applied here: tracking row 2 has its journal time (${b!.when}) but another hash`,
    );
  });
});
