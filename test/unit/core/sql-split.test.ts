// `ladder sql` splits what a person types on `;`, as psql does: not inside
// quotes, quoted identifiers, dollar quoting or comments.
import { describe, expect, it } from 'vitest';
import { allStatements, splitSql } from '../../../src/core/sql-split.js';

describe('splitSql', () => {
  const cases: { name: string; text: string; statements: string[]; rest: string }[] = [
    { name: 'two statements', text: 'select 1; select 2;', statements: ['select 1', 'select 2'], rest: '' },
    { name: 'an unfinished one stays in rest', text: 'select 1;\nselect', statements: ['select 1'], rest: '\nselect' },
    { name: '; in a string', text: `select 'a;b';`, statements: [`select 'a;b'`], rest: '' },
    { name: "'' escapes", text: `select 'it''s;';`, statements: [`select 'it''s;'`], rest: '' },
    { name: '; in a quoted identifier', text: 'select 1 as "a;b";', statements: ['select 1 as "a;b"'], rest: '' },
    { name: 'dollar quoting', text: 'do $$ begin perform 1; end $$;', statements: ['do $$ begin perform 1; end $$'], rest: '' },
    { name: 'tagged dollar quoting', text: 'select $x$;$x$;', statements: ['select $x$;$x$'], rest: '' },
    { name: 'a $ inside an identifier is not a quote', text: 'select a$b$c; select 2;', statements: ['select a$b$c', 'select 2'], rest: '' },
    { name: '$1 is not a quote', text: 'select $1; select 2;', statements: ['select $1', 'select 2'], rest: '' },
    { name: 'nested block comments (PostgreSQL nests them)', text: 'select 1 /* a /* b */ ; */; select 2;', statements: ['select 1 /* a /* b */ ; */', 'select 2'], rest: '' },
    { name: 'comments', text: '-- a; b\nselect 1 /* ; */;', statements: ['-- a; b\nselect 1 /* ; */'], rest: '' },
    { name: 'only comments and blanks are not statements', text: ' ; -- x\n;', statements: [], rest: '' },
    { name: 'an open string waits for more', text: `select 'a;`, statements: [], rest: `select 'a;` },
  ];
  for (const c of cases) {
    it(c.name, () => expect(splitSql(c.text)).toEqual({ statements: c.statements, rest: c.rest }));
  }
  it('allStatements takes the last one without its ;', () => {
    expect(allStatements('select 1; select 2')).toEqual(['select 1', 'select 2']);
    expect(allStatements('select 1;\n-- done\n')).toEqual(['select 1']);
  });
});
