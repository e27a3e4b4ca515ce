// Table-driven tests of the revert check's pure rules (issue 15, "every try
// proves its revert"): which reverts are checked, what differs between two
// schema snapshots, the warning's one line, and commit's refusal of a try
// whose revert is unverified.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import { checkTriedEverywhere } from '../../../src/core/lifecycle.js';
import { describeSchemaDifference, diffSchemas, isSameSchema, planRevertCheck, type RevertCheckInput } from '../../../src/core/revert-proof.js';
import type { MigrationFile, TryRow } from '../../../src/core/types.js';
import { thrown } from '../../helpers/errors.js';

const revert = (sql: string, more: Partial<NonNullable<RevertCheckInput['revert']>> = {}) => ({ sql, todo: false, irreversible: false, ...more });
const input = (r: RevertCheckInput['revert'], more: Partial<RevertCheckInput> = {}): RevertCheckInput => ({
  revert: r,
  migrationOutsideTransaction: false,
  revertOutsideTransaction: false,
  ...more,
});

describe('planRevertCheck', () => {
  const cases: [string, RevertCheckInput, ReturnType<typeof planRevertCheck>][] = [
    ['a finished revert is checked', input(revert('DROP TABLE "t";')), { check: true }],
    ['no revert file: not checked, silently (status says so)', input(undefined), { check: false }],
    ['a ladder:todo: not checked, silently', input(revert('-- ladder:todo', { todo: true })), { check: false }],
    ['irreversible: not checked, silently', input(revert('-- ladder:irreversible', { irreversible: true })), { check: false }],
    ['an empty revert: not checked', input(revert('  \n')), { check: false }],
    [
      'a no-transaction migration: not checked, with a note',
      input(revert('DROP INDEX "i";'), { migrationOutsideTransaction: true }),
      { check: false, note: 'revert not checked: the migration runs outside a transaction, so it cannot be undone and redone inside the try' },
    ],
    [
      'a no-transaction revert: not checked, with a note',
      input(revert('DROP INDEX CONCURRENTLY "i";'), { revertOutsideTransaction: true }),
      { check: false, note: 'revert not checked: its revert file runs outside a transaction (-- ladder:no-transaction)' },
    ],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    expect(planRevertCheck(given)).toEqual(want);
  });
});

describe('diffSchemas and its warning line', () => {
  const base = ['column public.users.id integer not null', 'column public.users.name text', 'relation r public.users'];
  const cases: [string, string[], string[], { left: string[]; missing: string[] }, string][] = [
    ['the same lines: the same schema', base, [...base], { left: [], missing: [] }, 'no difference'],
    [
      'a column left behind',
      base,
      [...base, 'column public.users.bio text'],
      { left: ['column public.users.bio text'], missing: [] },
      'it leaves column public.users.bio text',
    ],
    [
      'a default the revert did not restore',
      base,
      ['column public.users.id integer not null', "column public.users.name text default 'x'::text", 'relation r public.users'],
      { left: ["column public.users.name text default 'x'::text"], missing: ['column public.users.name text'] },
      "it leaves column public.users.name text default 'x'::text; it does not restore column public.users.name text",
    ],
    [
      'many: the first three and a count',
      [],
      ['a', 'b', 'c', 'd', 'e'],
      { left: ['a', 'b', 'c', 'd', 'e'], missing: [] },
      'it leaves a; b; c (and 2 more)',
    ],
    ['duplicates count (a multiset)', ['x', 'x'], ['x'], { left: [], missing: ['x'] }, 'it does not restore x'],
  ];
  it.each(cases)('%s', (_name, before, after, want, line) => {
    const d = diffSchemas(before, after);
    expect(d).toEqual(want);
    expect(isSameSchema(d)).toBe(want.left.length === 0 && want.missing.length === 0);
    expect(describeSchemaDifference(d)).toBe(line);
  });
});

describe('commit refuses a try whose revert is unverified', () => {
  const sql = 'ALTER TABLE "users" ADD COLUMN "bio" text;';
  const revertSql = 'SELECT 1;';
  const file: MigrationFile = {
    id: '0001_bio',
    index: 1,
    when: 1,
    sqlPath: 'drizzle/0001_bio.sql',
    sql,
    hash: sha256Hex(sql),
    revertPath: 'drizzle/0001_bio.revert.sql',
    revert: { sql: revertSql, hash: sha256Hex(revertSql), todo: false, irreversible: false },
  };
  const tried = (mark?: string): TryRow => ({
    migrationId: file.id,
    position: 1,
    hash: file.hash,
    revertHash: file.revert!.hash,
    migrateSql: sql,
    revertSql,
    triedAt: new Date(0),
    ...(mark ? { revertUnverified: mark } : {}),
  });
  it('a proven (or unchecked) try commits', () => {
    expect(() => checkTriedEverywhere(file, [{ environment: 'dev', tries: [tried()] }])).not.toThrow();
  });
  it('an unverified one is refused, exit 2, with the ways out', () => {
    const e = thrown(() => checkTriedEverywhere(file, [{ environment: 'dev', tries: [tried('its revert fails: x')] }]));
    expect(e.code).toBe(ExitCode.usage);
    expect(e.message).toBe('commit 0001_bio refused: its revert is unverified in dev: its revert fails: x');
    expect(e.hint).toBe(
      'fix drizzle/0001_bio.revert.sql, then `ladder retry 0001_bio` (the try checks it again); or commit it as it is with `ladder commit --accept-revert`',
    );
  });
  it('--accept-revert commits it', () => {
    expect(() => checkTriedEverywhere(file, [{ environment: 'dev', tries: [tried('its revert fails: x')] }], { acceptRevert: true })).not.toThrow();
  });
});
