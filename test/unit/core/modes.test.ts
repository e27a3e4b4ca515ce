// core/modes.ts: the mode of a migration from its (already parsed) statements,
// its blocks, directives, and the --single-transaction refusals. Table-driven.
import { describe, expect, it } from 'vitest';
import {
  classifyNode,
  decideMode,
  migrationDirectives,
  needsParser,
  planBlocks,
  singleTransactionRefusal,
  withoutConcurrently,
  type SqlStatement,
  type StatementKind,
} from '../../../src/core/modes.js';

const st = (...kinds: StatementKind[]): SqlStatement[] => kinds.map((kind, i) => ({ chunk: i, offset: 0, text: `s${i}`, kind }));
const plain = migrationDirectives('');
const noTx = migrationDirectives('-- ladder:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);');

describe('decideMode', () => {
  it.each<[string, SqlStatement[], ReturnType<typeof decideMode>['mode'] | 'refused']>([
    ['plain statements', st('plain', 'plain'), 'transaction'],
    ['CONCURRENTLY without the directive (fails inside the transaction, truthfully)', st('no-transaction-block'), 'transaction'],
    ['SAVEPOINT / ROLLBACK TO', st('savepoint', 'plain', 'savepoint'), 'transaction-stepwise'],
    ['a chunk the parser cannot read', st('plain', 'unknown'), 'transaction-stepwise'],
    ['top-level COMMIT', st('plain', 'commit', 'no-transaction-block'), 'segmented'],
    ['top-level BEGIN', st('begin', 'plain', 'commit'), 'segmented'],
    ['top-level ROLLBACK', st('plain', 'rollback', 'plain'), 'segmented'],
    ['COPY FROM STDIN', st('plain', 'copy-stdio'), 'refused'],
    ['PREPARE TRANSACTION', st('prepare-transaction'), 'refused'],
  ])('%s', (_name, statements, expected) => {
    const d = decideMode(plain, statements);
    expect(d.refused ? 'refused' : d.mode).toBe(expected);
  });

  it('-- ladder:no-transaction, and it refuses transaction control inside', () => {
    expect(decideMode(noTx, st('no-transaction-block', 'plain')).mode).toBe('no-transaction');
    expect(decideMode(noTx, st('plain', 'commit')).refused?.statement).toBe(1);
  });
});

describe('planBlocks', () => {
  it.each<[string, Parameters<typeof planBlocks>[0], StatementKind[], [number, number, string][]]>([
    ['transaction: one block', 'transaction', ['plain', 'plain'], [[0, 2, 'transaction']]],
    ['no-transaction: one block per statement, CONCURRENTLY alone', 'no-transaction', ['plain', 'no-transaction-block'], [[0, 1, 'transaction'], [1, 2, 'alone']]],
    [
      'segmented: drizzle-orm#860 COMMIT then CONCURRENTLY, autocommit after',
      'segmented',
      ['plain', 'plain', 'commit', 'no-transaction-block', 'plain'],
      [[0, 3, 'transaction'], [3, 4, 'alone'], [4, 5, 'transaction']],
    ],
    [
      'segmented: BEGIN opens a segment that lasts to the end',
      'segmented',
      ['plain', 'commit', 'begin', 'plain', 'plain'],
      [[0, 2, 'transaction'], [2, 5, 'transaction']],
    ],
    ['segmented: ROLLBACK undoes its segment', 'segmented', ['plain', 'rollback', 'plain'], [[0, 2, 'rolled-back'], [2, 3, 'transaction']]],
    ['segmented: COMMIT outside a transaction only moves on', 'segmented', ['commit', 'commit', 'plain'], [[0, 1, 'transaction'], [1, 2, 'transaction'], [2, 3, 'transaction']]],
  ])('%s', (_name, mode, kinds, expected) => {
    expect(planBlocks(mode, st(...kinds)).map((b) => [b.from, b.to, b.kind])).toEqual(expected);
  });
});

describe('classifyNode (libpg_query JSON)', () => {
  it.each<[string, Record<string, unknown>, StatementKind]>([
    ['BEGIN', { TransactionStmt: { kind: 'TRANS_STMT_BEGIN' } }, 'begin'],
    ['END', { TransactionStmt: { kind: 'TRANS_STMT_COMMIT' } }, 'commit'],
    ['ABORT', { TransactionStmt: { kind: 'TRANS_STMT_ROLLBACK' } }, 'rollback'],
    ['RELEASE', { TransactionStmt: { kind: 'TRANS_STMT_RELEASE' } }, 'savepoint'],
    ['COPY FROM STDIN', { CopyStmt: { is_from: true } }, 'copy-stdio'],
    ['COPY FROM a file', { CopyStmt: { is_from: true, filename: '/tmp/x' } }, 'plain'],
    ['CREATE INDEX CONCURRENTLY', { IndexStmt: { concurrent: true, idxname: 'i', relation: {} } }, 'no-transaction-block'],
    ['CREATE INDEX', { IndexStmt: { idxname: 'i' } }, 'plain'],
    ['VACUUM', { VacuumStmt: { is_vacuumcmd: true } }, 'no-transaction-block'],
    ['ANALYZE', { VacuumStmt: {} }, 'plain'],
    ['DO block', { DoStmt: {} }, 'plain'],
  ])('%s', (_name, node, kind) => {
    expect(classifyNode(node).kind).toBe(kind);
  });

  // the index a resume checks: gone already means the drop ran before an interruption
  const drop = (names: string[][], extra: Record<string, unknown> = {}) => ({
    DropStmt: { objects: names.map((n) => ({ List: { items: n.map((sval) => ({ String: { sval } })) } })), removeType: 'OBJECT_INDEX', concurrent: true, ...extra },
  });
  it.each<[string, Record<string, unknown>, { schema?: string; name: string } | undefined]>([
    ['DROP INDEX CONCURRENTLY i', drop([['i']]), { name: 'i' }],
    ['DROP INDEX CONCURRENTLY s.i', drop([['s', 'i']]), { schema: 's', name: 'i' }],
    ['DROP INDEX CONCURRENTLY IF EXISTS i: nothing to check', drop([['i']], { missing_ok: true }), undefined],
    ['DROP INDEX CONCURRENTLY a, b: refused by the server anyway', drop([['a'], ['b']]), undefined],
    ['DROP INDEX i: runs in a transaction', drop([['i']], { concurrent: false }), undefined],
  ])('%s', (_name, node, droppedIndex) => {
    expect(classifyNode(node).droppedIndex).toEqual(droppedIndex);
  });
});

describe('directives and prescan', () => {
  it('reads the directives at the top only', () => {
    expect(migrationDirectives('-- ladder:lock-timeout 30s\n-- ladder:statement-timeout 10m\nSELECT 1;')).toMatchObject({ lockTimeoutMs: 30_000, statementTimeoutMs: 600_000, noTransaction: false });
    expect(migrationDirectives('SELECT 1;\n-- ladder:no-transaction').noTransaction).toBe(false);
    expect(migrationDirectives('-- ladder:lock-timeout soon').problems).toHaveLength(1);
  });
  it('plain drizzle-kit output needs no parser; transaction words do', () => {
    expect(needsParser('CREATE TABLE "a" ("id" serial PRIMARY KEY);', plain)).toBe(false);
    expect(needsParser('COMMIT;', plain)).toBe(true);
    expect(needsParser('CREATE INDEX CONCURRENTLY "i" ON "t" ("a");', plain)).toBe(true);
    expect(needsParser('VACUUM "t";', plain)).toBe(true);
    expect(needsParser('SELECT 1;', noTx)).toBe(true);
  });
  it('PGlite runs an index build without CONCURRENTLY', () => {
    expect(withoutConcurrently('CREATE UNIQUE INDEX CONCURRENTLY "i" ON t (a)')).toBe('CREATE UNIQUE INDEX "i" ON t (a)');
    expect(withoutConcurrently('DROP INDEX CONCURRENTLY i')).toBe('DROP INDEX i');
  });
});

describe('singleTransactionRefusal', () => {
  const m = (id: string, sql: string, mode: 'transaction' | 'no-transaction' = 'transaction') => ({ id, sql, mode });
  it.each<[string, ReturnType<typeof m>[], string | undefined]>([
    ['a plain plan', [m('a', 'CREATE TABLE t ();')], undefined],
    ['a no-transaction migration', [m('a', 'x', 'no-transaction')], 'a'],
    ['a value added then used', [m('a', `ALTER TYPE "public"."mood" ADD VALUE 'great';`), m('b', `INSERT INTO f VALUES ('great');`)], 'b'],
    ['a value added to a type created in the plan', [m('a', `CREATE TYPE "public"."mood" AS ENUM('ok');`), m('b', `ALTER TYPE "public"."mood" ADD VALUE 'great';`), m('c', `SELECT 'great';`)], undefined],
  ])('%s', (_name, plan, migration) => {
    expect(singleTransactionRefusal(plan)?.migration).toBe(migration);
  });
});
