import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSha256Hex, sha256Hex } from '../../../src/core/hash.js';
import {
  codeFrame,
  firstInvalidUtf8Offset,
  isBlankStatement,
  terminated,
  isValidMigrationId,
  lineOfByteOffset,
  lineOfOffset,
  revertDirectives,
  splitStatements,
  statementLines,
  statementOffsets,
  todoRevertFile,
} from '../../../src/core/parse.js';

// drizzle-kit 0.31 joins statements with "--> statement-breakpoint\n"; each statement ends with ";\n"
const KIT_SQL = [
  'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text\n);\n',
  'CREATE TABLE "posts" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n',
  'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("id") REFERENCES "public"."users"("id");',
].join('--> statement-breakpoint\n');

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('hashes %j', (input, hex) => {
    expect(sha256Hex(input)).toBe(hex);
    expect(sha256Hex(Buffer.from(input))).toBe(hex);
    expect(isSha256Hex(hex)).toBe(true);
  });

  it.each(['', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550', ' e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'])(
    'isSha256Hex refuses %j (committed.toml holds 64 lowercase hex digits, nothing more)',
    (value) => expect(isSha256Hex(value)).toBe(false),
  );

  it('hashes a string as its UTF-8 bytes, like drizzle-orm', () => {
    const text = 'INSERT INTO t VALUES (\'héllo ✓ 😀\');';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(sha256Hex(new TextEncoder().encode(text))).toBe(sha256Hex(text));
  });

  it.each(['', 'ABC', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'])(
    'rejects %j as a digest',
    (v) => expect(isSha256Hex(v)).toBe(false),
  );
});

describe('splitStatements', () => {
  it.each([
    ['', ['']],
    ['SELECT 1;', ['SELECT 1;']],
    ['a;\n--> statement-breakpoint\nb;', ['a;\n', '\nb;']],
    ['a;--> statement-breakpoint', ['a;', '']],
    ['--> statement-breakpoint--> statement-breakpoint', ['', '', '']],
    // no trimming, no comment awareness: exactly String#split
    ['  a  \r\n--> statement-breakpoint\r\n  b  ', ['  a  \r\n', '\r\n  b  ']],
  ])('splits %j like drizzle-orm', (sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
    expect(splitStatements(sql)).toEqual(sql.split('--> statement-breakpoint'));
  });

  it('splits a drizzle-kit file into its statements', () => {
    const parts = splitStatements(KIT_SQL);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^CREATE TABLE "users"/);
    expect(parts[1]).toMatch(/^\nCREATE TABLE "posts"/);
  });
});

describe('statementLines / statementOffsets / lineOfOffset', () => {
  it.each<[string, number[]]>([
    ['', [1]],
    ['SELECT 1;', [1]],
    ['\n\n  SELECT 1;', [3]],
    ['a;\n--> statement-breakpoint\nb;', [1, 3]],
    ['a;\n--> statement-breakpoint\n\n\n  b;\n--> statement-breakpoint\nc;', [1, 5, 7]],
    // a whitespace-only piece: the line where the piece begins
    ['a;\n--> statement-breakpoint\n\n', [1, 2]],
    ['a;--> statement-breakpoint b;', [1, 1]],
    ['a;\r\n--> statement-breakpoint\r\nb;', [1, 3]],
    ['\uFEFFa;', [1]],
  ])('lines of %j', (sql, lines) => {
    expect(statementLines(sql)).toEqual(lines);
    expect(statementOffsets(sql)).toHaveLength(lines.length);
  });

  it('gives the lines of a drizzle-kit file', () => {
    // "users" on lines 1-4, breakpoint 5, "posts" 6-8, breakpoint 9, ALTER 10
    expect(statementLines(KIT_SQL)).toEqual([1, 6, 10]);
  });

  it('maps a Postgres error position in a statement to the file line', () => {
    const parts = splitStatements(KIT_SQL);
    const offsets = statementOffsets(KIT_SQL);
    parts.forEach((p, i) => expect(KIT_SQL.slice(offsets[i]!, offsets[i]! + p.length)).toBe(p));
    // position (1-based) of "FOREIGN" inside statement 3
    const position = parts[2]!.indexOf('FOREIGN') + 1;
    expect(lineOfOffset(KIT_SQL, offsets[2]! + position - 1)).toBe(10);
  });

  it.each<[string, number, number]>([
    ['abc', 0, 1],
    ['a\nb\nc', 2, 2],
    ['a\nb\nc', 4, 3],
    ['a\nb\nc', 99, 3],
    ['a\nb\nc', -5, 1],
  ])('lineOfOffset(%j, %i) = %i', (text, offset, line) => {
    expect(lineOfOffset(text, offset)).toBe(line);
    expect(lineOfByteOffset(Buffer.from(text), offset)).toBe(line);
  });
});

describe('terminated', () => {
  it.each([
    ['CREATE TABLE "a" ("id" integer)', 'CREATE TABLE "a" ("id" integer);'],
    ['CREATE TABLE "a" ("id" integer);', 'CREATE TABLE "a" ("id" integer);'],
    ['DROP TABLE "a";  ', 'DROP TABLE "a";  '],
    ['DROP TABLE "a"; -- gone for good', 'DROP TABLE "a"; -- gone for good'],
    ['DROP TABLE "a" -- no semicolon', 'DROP TABLE "a" -- no semicolon\n;'],
    ['SELECT 1;\n-- a comment line', 'SELECT 1;\n-- a comment line'],
  ])('%j -> %j', (s, out) => expect(terminated(s)).toBe(out));
});

describe('isBlankStatement', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['  \n\t\r\n', true],
    ['-- a comment', true],
    ['-- a comment\n  -- another\n', true],
    ['/* block */', true],
    ['/* outer /* nested */ still comment */\n', true],
    ['\n-- Custom SQL migration file, put your code below! --', true],
    ['\uFEFF\n', true],
    ['SELECT 1', false],
    ['-- c\nSELECT 1', false],
    ['/* a */ SELECT 1', false],
    ['/* unterminated', false],
    ['/* outer /* nested */ unterminated', false],
    ['- not a comment', false],
    ['/ * no', false],
  ])('%j -> %s', (s, blank) => expect(isBlankStatement(s)).toBe(blank));
});

describe('revertDirectives', () => {
  it.each<[string, { todo: boolean; irreversible: boolean }]>([
    ['', { todo: false, irreversible: false }],
    ['DROP TABLE "users";', { todo: false, irreversible: false }],
    ['-- ladder:todo write the revert SQL for 0000_init\n', { todo: true, irreversible: false }],
    ['-- ladder:todo', { todo: true, irreversible: false }],
    ['-- ladder:todo\r\nDROP TABLE x;', { todo: true, irreversible: false }],
    ['\uFEFF-- ladder:todo x', { todo: true, irreversible: false }],
    // only the FIRST line makes a todo
    ['DROP TABLE x;\n-- ladder:todo later', { todo: false, irreversible: false }],
    ['\n-- ladder:todo', { todo: false, irreversible: false }],
    ['-- ladder:todolist', { todo: false, irreversible: false }],
    ['-- ladder:irreversible', { todo: false, irreversible: true }],
    ['  -- ladder:irreversible  \n', { todo: false, irreversible: true }],
    ['-- drops data\n-- ladder:irreversible\r\n', { todo: false, irreversible: true }],
    ['-- ladder:irreversible the data is gone', { todo: false, irreversible: true }],
    ['-- ladder:todo x\n-- ladder:irreversible', { todo: true, irreversible: true }],
    ['SELECT 1; -- ladder:irreversible', { todo: false, irreversible: false }],
    ['-- ladder:irreversibleX', { todo: false, irreversible: false }],
  ])('%j', (text, expected) => expect(revertDirectives(text)).toEqual(expected));
});

describe('todoRevertFile', () => {
  it('starts with the todo line and explains what to write', () => {
    const text = todoRevertFile('0001_add_bio');
    expect(text.split('\n')[0]).toBe('-- ladder:todo write the revert SQL for 0001_add_bio');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('ladder:irreversible');
    expect(text).toContain('statement-breakpoint');
    expect(revertDirectives(text)).toEqual({ todo: true, irreversible: false });
    // never the marker itself: drizzle-style splitting ignores comments
    expect(splitStatements(text)).toHaveLength(1);
    expect(isBlankStatement(text)).toBe(true);
  });

  it.each([
    ['the diff is ambiguous (rename?)', '-- why: the diff is ambiguous (rename?)'],
    ['line one\n  line two\r\n', '-- why: line one line two'],
  ])('adds the reason %j on one line', (reason, line) => {
    const lines = todoRevertFile('0002_x', reason).split('\n');
    expect(lines[1]).toBe(line);
    expect(lines.filter((l) => !l.startsWith('--') && l !== '')).toEqual([]);
  });

  it('adds no why line for an empty reason', () => {
    expect(todoRevertFile('0002_x', '')).toBe(todoRevertFile('0002_x'));
  });
});

describe('codeFrame', () => {
  const sql = 'CREATE TABLE "a" (\n  "id" serail\n);\nSELECT 1;\nSELECT 2;\nSELECT 3;\nSELECT 4;\nSELECT 5;\nSELECT 6;\nSELECT 7;\nSELECT 8;';

  it('marks the line with its neighbours', () => {
    expect(codeFrame(sql, 2)).toBe(['  1 | CREATE TABLE "a" (', '> 2 |   "id" serail', '  3 | );', '  4 | SELECT 1;'].join('\n'));
  });

  it('pads line numbers to the widest shown', () => {
    expect(codeFrame(sql, 10, 1)).toBe(['   9 | SELECT 6;', '> 10 | SELECT 7;', '  11 | SELECT 8;'].join('\n'));
  });

  it('draws a caret under a column', () => {
    expect(codeFrame(sql, 2, 0, 8)).toBe(['> 2 |   "id" serail', '    |        ^'].join('\n'));
    expect(codeFrame('\tbad', 1, 0, 2)).toBe(['> 1 | \tbad', '    | \t^'].join('\n'));
  });

  it('handles CRLF, the last line and context 0', () => {
    expect(codeFrame('a\r\nb\r\nc', 3)).toBe(['  1 | a', '  2 | b', '> 3 | c'].join('\n'));
    expect(codeFrame('only', 1, 0)).toBe('> 1 | only');
  });

  it.each([0, -1, 12, 1.5])('is empty for line %d outside the file', (line) => {
    expect(codeFrame(sql, line)).toBe('');
  });
});

describe('isValidMigrationId', () => {
  it.each([
    ['0000_init', true],
    ['0001_add-users.v2', true],
    ['20240101120000_create_users', true],
    ['_x', true],
    ['A', true],
    ['', false],
    ['../x', false],
    ['..', false],
    ['a..b', false],
    ['.hidden', false],
    ['-flag', false],
    ['a/b', false],
    ['a\\b', false],
    ['/etc/passwd', false],
    ['0000 init', false],
    ['0000_init\n', false],
    ['caf\u00e9', false],
  ])('%j -> %s', (id, ok) => expect(isValidMigrationId(id)).toBe(ok));
});

describe('firstInvalidUtf8Offset', () => {
  const b = (...xs: number[]) => Uint8Array.from(xs);
  it.each<[string, Uint8Array, number]>([
    ['empty', b(), -1],
    ['ascii', b(0x41, 0x0a), -1],
    ['2-byte é', b(0x41, 0xc3, 0xa9), -1],
    ['4-byte emoji', b(0xf0, 0x9f, 0x98, 0x80), -1],
    ['BOM', b(0xef, 0xbb, 0xbf, 0x41), -1],
    ['latin-1 é', b(0x41, 0x42, 0xe9, 0x43), 2],
    ['lone continuation', b(0x80), 0],
    ['overlong 2-byte', b(0xc0, 0x80), 0],
    ['overlong 3-byte', b(0xe0, 0x80, 0x80), 0],
    ['surrogate', b(0x41, 0xed, 0xa0, 0x80), 1],
    ['above U+10FFFF', b(0xf4, 0x90, 0x80, 0x80), 0],
    ['truncated at end', b(0x41, 0xe2, 0x82), 1],
    ['bad continuation', b(0xe2, 0x41, 0x41), 0],
    ['0xFF', b(0x41, 0xff), 1],
  ])('%s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8Offset(bytes)).toBe(offset);
    expect(isUtf8(bytes)).toBe(offset === -1);
  });

  it('agrees with the platform validator on random bytes', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
    for (let n = 0; n < 2000; n++) {
      // mostly valid-looking data with some high bytes
      const bytes = Uint8Array.from({ length: 1 + (n % 12) }, () => (rnd() < 200 ? rnd() & 0x7f : rnd()));
      expect(firstInvalidUtf8Offset(bytes) === -1).toBe(isUtf8(bytes));
    }
  });
});
