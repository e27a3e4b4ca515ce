// The SQL ladder sends to apply migrations: order, chaining, and which
// statement is blamed when one fails. Pure functions; the integration tests
// run the same SQL against real PostgreSQL and PGlite.
import { describe, expect, it } from 'vitest';
import { chainedTasks, COMMIT_STATEMENT, firstFailure, GUARD_STATEMENT, tasksOf, type Task } from '../../../src/db/atomic.js';
import { quoteIdent, quoteLiteral, tableNames } from '../../../src/db/quote.js';

const unit = (statements: string[], epilogue = ['-- bookkeeping']) => ({ statements, epilogue });

describe('tasksOf', () => {
  it('keeps statement order and indexes, skips blank chunks, ends with the bookkeeping', () => {
    const tasks = tasksOf([unit(['CREATE TABLE a (id int);', '\n-- only a comment\n', 'CREATE INDEX i ON a (id);', '\n'])], false);
    expect(tasks.map((t) => [t.statement, t.text])).toEqual([
      [0, 'CREATE TABLE a (id int);'],
      [2, 'CREATE INDEX i ON a (id);'],
      [-1, '-- bookkeeping'],
    ]);
  });

  it('marks the start of each unit only when units share one transaction', () => {
    expect(tasksOf([unit(['x'])]).some((t) => t.statement === -2)).toBe(false);
    const shared = tasksOf([unit(['x']), unit(['y'])]);
    expect(shared.filter((t) => t.statement === -2).map((t) => t.unit)).toEqual([0, 1]);
  });
});

describe('chainedTasks', () => {
  const tasks = chainedTasks([unit(['a']), unit(['b']), unit(['c'])], 'run1');
  const of = (u: number) => tasks.filter((t) => t.unit === u);

  it('gives every unit its own BEGIN ... COMMIT', () => {
    for (const u of [0, 1, 2]) {
      expect(of(u)[0]!.text.startsWith('BEGIN')).toBe(true);
      expect(of(u).at(-1)).toMatchObject({ text: 'COMMIT', statement: COMMIT_STATEMENT });
    }
  });

  it('makes each later unit check the mark the previous one set inside its transaction', () => {
    expect(of(0)[0]!.statement).toBe(-1); // the first unit has nothing to check
    for (const u of [1, 2]) {
      expect(of(u)[0]).toMatchObject({ statement: GUARD_STATEMENT });
      expect(of(u)[0]!.text).toContain(`'run1:${u - 1}'`);
      expect(of(u - 1).at(-2)!.text).toContain(`set_config('ladder.run', 'run1:${u - 1}', false)`);
    }
  });
});

describe('firstFailure', () => {
  const tasks: Task[] = [
    { text: 'BEGIN', unit: 0, statement: -1 },
    { text: 'bad', unit: 0, statement: 0 },
    { text: 'next', unit: 0, statement: 1 },
    { text: 'guard', unit: 1, statement: GUARD_STATEMENT },
  ];
  const ok = { status: 'fulfilled' as const, value: [] };
  const fail = (code: string) => ({ status: 'rejected' as const, reason: Object.assign(new Error(code), { code }) });

  it('blames the first statement that failed for its own reason, not the echoes after it', () => {
    const f = firstFailure(tasks, [ok, fail('42P01'), fail('25P02'), fail('22012')]);
    expect(f).toMatchObject({ unit: 0, statement: 0 });
    expect((f!.cause as { code: string }).code).toBe('42P01');
  });

  it('a 25P02 or a guard counts only when nothing else failed', () => {
    expect(firstFailure(tasks, [ok, ok, fail('25P02'), fail('22012')])).toMatchObject({ unit: 0, statement: 1 });
    expect(firstFailure(tasks, [ok, ok, ok, ok])).toBeUndefined();
  });
});

describe('quoting', () => {
  it('quotes identifiers, doubling quotes', () => {
    expect(quoteIdent('drizzle')).toBe('"drizzle"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(tableNames('Ladder$Schema', 'm').migrations).toBe('"Ladder$Schema"."m"');
    expect(() => quoteIdent('')).toThrow();
  });

  it('quotes literals so quotes and backslashes stay data', () => {
    expect(quoteLiteral("0001_x")).toBe("E'0001_x'");
    expect(quoteLiteral("it's")).toBe("E'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(() => quoteLiteral('a\0b')).toThrow();
  });
});
