// The SQL ladder sends to apply migrations: order, chaining, and which
// statement is blamed when one fails. Pure functions; the integration tests
// run the same SQL against real PostgreSQL and PGlite.
import { describe, expect, it } from 'vitest';
import {
  chainedTasks,
  COMMIT_STATEMENT,
  firstFailure,
  GUARD_STATEMENT,
  NO_FLUSH_WAIT,
  RECORD_AND_COMMIT,
  RECORD_STATEMENT,
  START_STATEMENT,
  tasksOf,
  type Task,
} from '../../../src/db/atomic.js';
import { quoteIdent, quoteLiteral, tableNames } from '../../../src/db/quote.js';

// a record whose value is the literal 1 (or `value`): `recorded as (select <value>)`
const unit = (statements: string[], value = '1', shape = 'recorded') => ({
  statements,
  record: { values: [value], ctes: (v: (i: number) => string) => `${shape} as (select ${v(0)})` },
});

describe('tasksOf', () => {
  it('keeps statement order and indexes, skips blank chunks, ends with the record', () => {
    const tasks = tasksOf([unit(['CREATE TABLE a (id int);', '\n-- only a comment\n', 'CREATE INDEX i ON a (id);', '\n'])], false);
    expect(tasks.map((t) => [t.statement, t.text])).toEqual([
      [0, 'CREATE TABLE a (id int);'],
      [2, 'CREATE INDEX i ON a (id);'],
      [RECORD_STATEMENT, 'with recorded as (select 1) select 1 from recorded'],
    ]);
  });

  it('notes when each unit starts only when units share one transaction: first up front, then in the previous record', () => {
    expect(tasksOf([unit(['x'])]).some((t) => t.statement === START_STATEMENT)).toBe(false);
    const shared = tasksOf([unit(['x']), unit(['y']), unit(['z'])]);
    expect(shared[0]).toMatchObject({ unit: 0, statement: START_STATEMENT });
    const records = shared.filter((t) => t.statement === RECORD_STATEMENT);
    expect(records.map((t) => t.text.includes('ladder.unit_started'))).toEqual([true, true, false]);
    // one task per statement plus one per unit, plus the first mark
    expect(shared).toHaveLength(1 + 3 * 2);
  });

  it('with a name for them, prepares the shapes units share along with the first mark; without, stays literal', () => {
    const units = [unit(['x'], "E'a'"), unit(['y'], "E'b'"), unit(['z'], "E'c'")];
    const prepared = tasksOf(units, true, 'p');
    expect(prepared[0]!.text).toMatch(/^select set_config\('ladder\.unit_started'.*; PREPARE p_0 AS with recorded as \(select \$1\) select set_config\('ladder\.unit_started'/);
    expect(prepared.filter((t) => t.statement === RECORD_STATEMENT).map((t) => t.text)).toEqual([
      "EXECUTE p_0(E'a')",
      "EXECUTE p_0(E'b')",
      "with recorded as (select E'c') select 1 from recorded", // the last notes no next start: a shape of its own
    ]);
    expect(tasksOf(units, true).some((t) => /PREPARE|EXECUTE/.test(t.text))).toBe(false);
  });
});

describe('chainedTasks', () => {
  it('prepare = false sends every statement literally: no PREPARE, no EXECUTE; a unit\'s settings ride on its BEGIN', () => {
    const literal = chainedTasks([{ ...unit(['a']), settings: 'SET LOCAL lock_timeout = 5000' }, unit(['b']), unit(['c'])], 'run9', false);
    expect(literal.some((t) => /PREPARE|EXECUTE/.test(t.text))).toBe(false);
    expect(literal[0]!.text).toBe('BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL lock_timeout = 5000');
  });
  const tasks = chainedTasks([unit(['a']), unit(['b', 'b2']), unit([])], 'run1');
  const of = (u: number) => tasks.filter((t) => t.unit === u);

  it('gives every unit its own BEGIN ... COMMIT, in its statements plus two messages', () => {
    for (const u of [0, 1, 2]) {
      expect(of(u)[0]!.text.startsWith('BEGIN')).toBe(true);
      expect(of(u).at(-1)).toMatchObject({ statement: RECORD_AND_COMMIT });
      expect(of(u).at(-1)!.text.endsWith('; COMMIT')).toBe(true);
    }
    expect(of(1).map((t) => t.text).slice(1, -1)).toEqual(['b', 'b2']);
    expect(of(2)).toHaveLength(2); // a fake: BEGIN and the record
  });

  it('lets every COMMIT but the last skip its wait for the WAL flush (the last one flushes them all)', () => {
    expect([0, 1, 2].map((u) => of(u)[0]!.text.includes(NO_FLUSH_WAIT))).toEqual([true, true, false]);
    expect(chainedTasks([unit(['a'])], 'solo')[0]!.text).toBe('BEGIN'); // alone, a unit waits as usual
  });

  it('makes each later unit check the mark the previous one set inside its transaction', () => {
    expect(of(0)[0]!.statement).toBe(START_STATEMENT); // the first unit has nothing to check
    for (const u of [1, 2]) {
      expect(of(u)[0]).toMatchObject({ statement: GUARD_STATEMENT });
      expect(of(u)[0]!.text).toContain(`'run1:${u - 1}'`);
      expect(of(u - 1).at(-1)!.text).toContain(`'run1:${u - 1}'`); // the value its record sets (prepared: the argument)
    }
  });

  it('prepares a record shape that units share once, in the first message, and executes it with each unit\'s values and mark', () => {
    const t = chainedTasks([unit(['a'], "E'x'"), unit(['b'], "E'y'"), unit([], "E'z'", 'other')], 'run2');
    const prepares = t[0]!.text.match(/PREPARE \w+/g) ?? [];
    expect(t[0]!.text.startsWith(`BEGIN; ${NO_FLUSH_WAIT}; PREPARE ladder_record_run2_0 AS with recorded as (select $1) select set_config(`)).toBe(true);
    expect(prepares).toEqual(['PREPARE ladder_record_run2_0', 'PREPARE ladder_guard_run2']); // the record shape used once stays literal
    const records = t.filter((x) => x.statement === RECORD_AND_COMMIT).map((x) => x.text);
    expect(records[0]).toBe("EXECUTE ladder_record_run2_0(E'x', 'run2:0'); COMMIT");
    expect(records[1]).toBe("EXECUTE ladder_record_run2_0(E'y', 'run2:1'); COMMIT");
    expect(records[2]).toBe("with other as (select E'z') select set_config('ladder.run', 'run2:2'::text, false) from recorded; COMMIT");
    expect(t.filter((x) => x.text.includes('PREPARE'))).toHaveLength(1);
  });

  it('prepares the guard once more than one unit checks a mark, and executes it with the previous mark', () => {
    const t = chainedTasks([unit(['a']), unit(['b']), unit(['c'])], 'run3');
    expect(t[0]!.text).toContain("; PREPARE ladder_guard_run3(text) AS select 1 / coalesce(current_setting('ladder.run', true) = $1, false)::int");
    expect(t.filter((x) => x.statement === GUARD_STATEMENT).map((x) => x.text)).toEqual([
      `BEGIN; EXECUTE ladder_guard_run3('run3:0'); ${NO_FLUSH_WAIT}`,
      "BEGIN; EXECUTE ladder_guard_run3('run3:1')",
    ]);
    // one check: planned with its literal, nothing prepared for it
    const two = chainedTasks([unit(['a']), unit(['b'])], 'run4');
    expect(two[0]!.text).not.toContain('ladder_guard');
    expect(two.find((x) => x.statement === GUARD_STATEMENT)!.text).toBe("BEGIN; select 1 / coalesce(current_setting('ladder.run', true) = 'run4:0', false)::int");
  });

  it('never puts a migration statement in the message that opens a transaction', () => {
    // the server parses a message whole before running any of it: a syntax error there would skip BEGIN and leave the next statements outside any transaction
    for (const t of tasks.filter((t) => t.text.startsWith('BEGIN'))) expect(typeof t.statement).toBe('string');
  });
});

describe('firstFailure', () => {
  const tasks: Task[] = [
    { text: 'BEGIN', unit: 0, statement: START_STATEMENT },
    { text: 'bad', unit: 0, statement: 0 },
    { text: 'next', unit: 0, statement: 1 },
    { text: 'record; COMMIT', unit: 0, statement: RECORD_AND_COMMIT },
    { text: 'BEGIN; guard', unit: 1, statement: GUARD_STATEMENT },
  ];
  const ok = { status: 'fulfilled' as const, value: [] };
  const fail = (code: string) => ({ status: 'rejected' as const, reason: Object.assign(new Error(code), { code }) });

  it('blames the first statement that failed for its own reason, not the echoes after it', () => {
    const f = firstFailure(tasks, [ok, fail('42P01'), fail('25P02'), fail('25P02'), fail('25P02')]);
    expect(f).toMatchObject({ unit: 0, statement: 0 });
    expect((f!.cause as { code: string }).code).toBe('42P01');
  });

  it('a 25P02 or a guard counts only when nothing else failed', () => {
    expect(firstFailure(tasks, [ok, ok, fail('25P02'), fail('25P02'), fail('25P02')])).toMatchObject({ unit: 0, statement: 1 });
    expect(firstFailure(tasks, [ok, ok, ok, ok, ok])).toBeUndefined();
  });

  it('tells a failed record from a failed COMMIT by the next guard: 25P02 when the transaction was still open', () => {
    expect(firstFailure(tasks, [ok, ok, ok, fail('42501'), fail('25P02')])).toMatchObject({ statement: RECORD_STATEMENT });
    expect(firstFailure(tasks, [ok, ok, ok, fail('23503'), fail('22012')])).toMatchObject({ statement: COMMIT_STATEMENT });
  });

  it('with no guard after it, blames COMMIT only for what a COMMIT raises (a deferred constraint)', () => {
    const last = tasks.slice(0, 4);
    expect(firstFailure(last, [ok, ok, ok, fail('23503')])).toMatchObject({ statement: COMMIT_STATEMENT });
    expect(firstFailure(last, [ok, ok, ok, fail('42501')])).toMatchObject({ statement: RECORD_STATEMENT });
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
