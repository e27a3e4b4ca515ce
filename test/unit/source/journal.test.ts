import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import { splitStatements, todoRevertFile } from '../../../src/core/parse.js';
import { renderCommitted } from '../../../src/source/committed.js';
import { readMigrationSource } from '../../../src/source/index.js';
import { jsonErrorOffset } from '../../../src/source/journal.js';
import { thrown } from '../../helpers/errors.js';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

/** A temp project root with `files` (path -> content) written under it. */
function project(files: Record<string, string | Uint8Array> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-source-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

const BREAKPOINT = '--> statement-breakpoint\n'; // drizzle-kit 0.31's delimiter
const T0 = 1_700_000_000_000;

interface Entry {
  tag: string;
  when?: unknown;
  [k: string]: unknown;
}
/** meta/_journal.json as drizzle-kit 0.31 writes it (JSON.stringify(journal, null, 2)). */
function journal(entries: (Entry | unknown)[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      version: '7',
      dialect: 'postgresql',
      ...extra,
      entries: entries.map((e, idx) =>
        typeof e === 'object' && e !== null && 'tag' in e
          ? { idx, version: '7', when: T0 + idx * 1000, ...(e as Entry), breakpoints: true }
          : e,
      ),
    },
    null,
    2,
  );
}
// with journal(), entry k spans lines 5+7k .. 11+7k; "when" is on 8+7k and "tag" on 9+7k
const tagLine = (k: number) => 9 + 7 * k;
const whenLine = (k: number) => 8 + 7 * k;

const INIT_SQL = [
  'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"email" text NOT NULL\n);\n',
  'CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");',
].join(BREAKPOINT);
const BIO_SQL = 'ALTER TABLE "users" ADD COLUMN "bio" text;';

/** A folder as `drizzle-kit generate` leaves it after two migrations, plus ladder's files. */
function kitProject(extra: Record<string, string | Uint8Array> = {}): string {
  return project({
    'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '0001_add_bio' }]),
    'drizzle/meta/0000_snapshot.json': JSON.stringify({ id: 'a', prevId: '00000000-0000-0000-0000-000000000000', version: '7', dialect: 'postgresql', tables: {} }, null, 2),
    'drizzle/meta/0001_snapshot.json': JSON.stringify({ id: 'b', prevId: 'a', version: '7', dialect: 'postgresql', tables: {} }, null, 2),
    'drizzle/0000_init.sql': INIT_SQL,
    'drizzle/0001_add_bio.sql': BIO_SQL,
    'drizzle/0000_init.revert.sql': 'DROP TABLE "users";\n',
    ...extra,
  });
}


describe('readMigrationSource: a drizzle-kit 0.31 folder', () => {
  it('reads migrations in journal order with paths relative to the project root', () => {
    const root = kitProject();
    const src = readMigrationSource(root, 'drizzle');
    expect(src.directory).toBe(path.join(root, 'drizzle'));
    expect(src.committed).toEqual([]);
    expect(src.committedPath).toBe('drizzle/committed.toml');
    expect(src.migrations.map((m) => [m.id, m.index, m.when, m.sqlPath, m.revertPath, m.snapshotPath])).toEqual([
      ['0000_init', 0, T0, 'drizzle/0000_init.sql', 'drizzle/0000_init.revert.sql', 'drizzle/meta/0000_snapshot.json'],
      ['0001_add_bio', 1, T0 + 1000, 'drizzle/0001_add_bio.sql', 'drizzle/0001_add_bio.revert.sql', 'drizzle/meta/0001_snapshot.json'],
    ]);
    const [init, bio] = src.migrations;
    expect(init!.sql).toBe(INIT_SQL);
    expect(init!.revert).toEqual({ sql: 'DROP TABLE "users";\n', hash: sha256Hex('DROP TABLE "users";\n'), todo: false, irreversible: false });
    expect(bio!.revert).toBeUndefined();
  });

  it('hashes and splits exactly like drizzle-orm readMigrationFiles', () => {
    const root = kitProject({ 'drizzle/0001_add_bio.sql': '\uFEFF-- ünïcödé ✓\n' + BIO_SQL });
    const src = readMigrationSource(root, 'drizzle');
    const drizzle = readMigrationFiles({ migrationsFolder: path.join(root, 'drizzle') });
    expect(src.migrations.map((m) => m.hash)).toEqual(drizzle.map((d) => d.hash));
    expect(src.migrations.map((m) => splitStatements(m.sql))).toEqual(drizzle.map((d) => d.sql));
    expect(src.migrations.map((m) => m.when)).toEqual(drizzle.map((d) => d.folderMillis));
    for (const m of src.migrations) {
      const f = path.join(root, m.sqlPath);
      expect(m.hash).toBe(createHash('sha256').update(fs.readFileSync(f).toString()).digest('hex'));
    }
  });

  it('reads revert directives', () => {
    const root = kitProject({
      'drizzle/0000_init.revert.sql': todoRevertFile('0000_init', 'no previous snapshot'),
      'drizzle/0001_add_bio.revert.sql': '-- ladder:irreversible\n',
    });
    const [init, bio] = readMigrationSource(root, 'drizzle').migrations;
    expect([init!.revert!.todo, init!.revert!.irreversible]).toEqual([true, false]);
    expect([bio!.revert!.todo, bio!.revert!.irreversible]).toEqual([false, true]);
  });

  it('reads committed.toml', () => {
    const entries = [{ id: '0000_init', hash: sha256Hex(INIT_SQL), revertHash: sha256Hex('DROP TABLE "users";\n'), fake: false }];
    const root = kitProject({ 'drizzle/committed.toml': renderCommitted(entries) });
    expect(readMigrationSource(root, 'drizzle').committed).toEqual([{ ...entries[0], line: 2 }]);
  });

  it('accepts a nested or absolute migrations folder', () => {
    const root = project({
      'db/migrations/meta/_journal.json': journal([{ tag: '0000_init' }]),
      'db/migrations/0000_init.sql': INIT_SQL,
    });
    expect(readMigrationSource(root, 'db/migrations').migrations[0]!.sqlPath).toBe('db/migrations/0000_init.sql');
    expect(readMigrationSource(root, path.join(root, 'db', 'migrations')).migrations[0]!.sqlPath).toBe('db/migrations/0000_init.sql');
    expect(readMigrationSource(path.join(root, 'db'), 'migrations').migrations[0]!.revertPath).toBe('migrations/0000_init.revert.sql');
  });

  it('reads timestamp-prefixed tags and their snapshots', () => {
    const root = project({
      'drizzle/meta/_journal.json': journal([{ tag: '20240101120000_init' }]),
      'drizzle/meta/20240101120000_snapshot.json': '{}',
      'drizzle/20240101120000_init.sql': INIT_SQL,
    });
    expect(readMigrationSource(root, 'drizzle').migrations[0]!.snapshotPath).toBe('drizzle/meta/20240101120000_snapshot.json');
  });

  it('ignores non-migration files: other .sql names (with a warning), revert files, dotfiles, README', () => {
    const root = kitProject({
      'drizzle/README.md': '# migrations',
      'drizzle/seed.sql': 'INSERT INTO x VALUES (1);',
      'drizzle/.committed.toml.123.tmp': 'x',
      'drizzle/0001_add_bio.revert.sql': 'ALTER TABLE "users" DROP COLUMN "bio";',
    });
    const src = readMigrationSource(root, 'drizzle');
    expect(src.migrations).toHaveLength(2);
    expect(src.warnings?.map((w) => [w.kind, w.file])).toEqual([['sql-unlisted', 'drizzle/seed.sql']]);
  });

  it('reads a SQL file missing from the journal as drizzle-orm does: not run, a warning', () => {
    const root = kitProject({ 'drizzle/0001_lost.sql': BIO_SQL, 'drizzle/0000_stray.sql': BIO_SQL, 'drizzle/0001_lost.revert.sql': '' });
    const src = readMigrationSource(root, 'drizzle');
    expect(src.migrations.map((m) => m.id)).toEqual(['0000_init', '0001_add_bio']);
    expect(src.warnings?.map((w) => [w.kind, w.file])).toEqual([
      ['sql-unlisted', 'drizzle/0000_stray.sql'],
      ['sql-unlisted', 'drizzle/0001_lost.sql'],
    ]);
    expect(src.warnings?.[0]?.message).toMatch(/not in drizzle\/meta\/_journal\.json: it is never run/);
  });

  // every journal drizzle-kit 0.2x/0.3x writes for PostgreSQL, read as drizzle-orm's readMigrationFiles reads it
  it.each<[string, { version: string; dialect: string }, string[]]>([
    ['drizzle-kit 0.20 (version 5, "pg")', { version: '5', dialect: 'pg' }, ['0000_init', '0001_add_bio']],
    ['drizzle-kit 0.21 (version 6, "pg")', { version: '6', dialect: 'pg' }, ['0000_init', '0001_add_bio']],
    ['drizzle-kit 0.3x (version 7, "postgresql")', { version: '7', dialect: 'postgresql' }, ['0000_init', '0001_add_bio']],
    ['prefix "timestamp"', { version: '7', dialect: 'postgresql' }, ['20240101120000_init', '20240102120000_add_bio']],
    ['prefix "unix"', { version: '7', dialect: 'postgresql' }, ['1704110400_init', '1704196800_add_bio']],
    ['prefix "none" (tags start with "_")', { version: '7', dialect: 'postgresql' }, ['_init', '_add_bio']],
    ['a hand-named tag', { version: '7', dialect: 'postgresql' }, ['init', 'add-bio.v2']],
  ])('reads a journal of %s', (_name, head, tags) => {
    const files: Record<string, string> = {
      'drizzle/meta/_journal.json': JSON.stringify(
        { ...head, entries: tags.map((tag, idx) => ({ idx, version: head.version, when: T0 + idx * 1000, tag, breakpoints: true })) },
        null,
        2,
      ),
    };
    const sqls = [INIT_SQL, BIO_SQL];
    tags.forEach((tag, i) => (files[`drizzle/${tag}.sql`] = sqls[i]!));
    const root = project(files);
    const src = readMigrationSource(root, 'drizzle');
    expect(src.warnings).toEqual([]);
    const orm = readMigrationFiles({ migrationsFolder: path.join(root, 'drizzle') });
    expect(src.migrations.map((m) => ({ id: m.id, when: m.when, hash: m.hash, sql: splitStatements(m.sql) }))).toEqual(
      orm.map((o, i) => ({ id: tags[i], when: o.folderMillis, hash: o.hash, sql: o.sql })),
    );
  });

  it.each<[string, Record<string, string>]>([
    ['an empty folder', { 'drizzle/.gitkeep': '' }],
    ['an empty folder with an empty meta/', { 'drizzle/meta/.gitkeep': '' }],
    ['a journal with no entries', { 'drizzle/meta/_journal.json': journal([]) }],
    ['a journal with no entries and an empty committed.toml', { 'drizzle/meta/_journal.json': journal([]), 'drizzle/committed.toml': renderCommitted([]) }],
  ])('reads %s as zero migrations', (_name, files) => {
    const root = project(files);
    const src = readMigrationSource(root, 'drizzle');
    expect(src.migrations).toEqual([]);
    expect(src.committed).toEqual([]);
  });

  it('reads a 50 MB migration in a few seconds', () => {
    const root = kitProject();
    const stmt = "INSERT INTO \"users\" (\"email\") VALUES ('someone@example.com');\n" + BREAKPOINT;
    const big = stmt.repeat(Math.ceil((50 * 1024 * 1024) / stmt.length));
    fs.writeFileSync(path.join(root, 'drizzle/0001_add_bio.sql'), big);
    const started = Date.now();
    const m = readMigrationSource(root, 'drizzle').migrations[1]!;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(m.sql.length).toBe(big.length);
    expect(m.sql.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(m.hash).toBe(createHash('sha256').update(fs.readFileSync(path.join(root, m.sqlPath)).toString()).digest('hex'));
  }, 20_000);

});

interface Want {
  code: ExitCode;
  /** [kind, file, line?] for each problem, in order */
  problems: [string, string, number?][];
  hint?: RegExp;
}

const LATIN1 = Uint8Array.from([...Buffer.from('SELECT 1;\nSELECT \''), 0xe9, ...Buffer.from("';\n")]);

describe('readMigrationSource: problems', () => {
  it.each<[string, Record<string, string | Uint8Array>, Want]>([
    ['no migrations folder', {}, { code: ExitCode.usage, problems: [['migrations-directory-missing', 'drizzle']], hint: /drizzle-kit generate.*migrations_directory/ }],
    ['a file instead of the folder', { drizzle: 'x' }, { code: ExitCode.usage, problems: [['migrations-directory-missing', 'drizzle']] }],
    [
      'no journal next to SQL files',
      { 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.usage, problems: [['journal-missing', 'drizzle/meta/_journal.json']], hint: /drizzle-kit generate/ },
    ],
    [
      'malformed JSON',
      { 'drizzle/meta/_journal.json': '{\n  "version": "7",\n  "dialect": "postgresql",\n  entries: []\n}\n' },
      { code: ExitCode.usage, problems: [['journal-syntax', 'drizzle/meta/_journal.json', 4]] },
    ],
    [
      'a truncated journal',
      { 'drizzle/meta/_journal.json': '{\n  "version": "7",\n  "entries": [\n' },
      { code: ExitCode.usage, problems: [['journal-syntax', 'drizzle/meta/_journal.json', 4]] },
    ],
    [
      'merge conflict markers in the journal',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]).replace('"entries": [', '"entries": [\n<<<<<<< HEAD') },
      { code: ExitCode.usage, problems: [['journal-syntax', 'drizzle/meta/_journal.json', 5]] },
    ],
    ['a journal that is an array', { 'drizzle/meta/_journal.json': '[]' }, { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', 1]] }],
    [
      'entries that is not an array',
      { 'drizzle/meta/_journal.json': '{\n  "dialect": "postgresql",\n  "entries": {}\n}' },
      { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', 3]] },
    ],
    [
      'a sqlite journal',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }], { dialect: 'sqlite' }), 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.usage, problems: [['journal-dialect', 'drizzle/meta/_journal.json', 3]] },
    ],
    [
      'an entry without a tag',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { idx: 1, when: T0 }]), 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', 12]] },
    ],
    [
      'an entry without when',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init', when: undefined }]), 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', 5]] },
    ],
    [
      'when as a string',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '0001_b', when: '1700000000000' }]), 'drizzle/0000_init.sql': INIT_SQL, 'drizzle/0001_b.sql': BIO_SQL },
      { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', whenLine(1)]] },
    ],
    [
      'when with a fraction',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init', when: 1.5 }]), 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.usage, problems: [['journal-shape', 'drizzle/meta/_journal.json', whenLine(0)]] },
    ],
    [
      'a tag with path characters',
      { 'drizzle/meta/_journal.json': journal([{ tag: '../x' }]), 'x.sql': 'DROP TABLE users;' },
      { code: ExitCode.usage, problems: [['journal-invalid-tag', 'drizzle/meta/_journal.json', tagLine(0)]] },
    ],
    [
      'an absolute tag',
      { 'drizzle/meta/_journal.json': journal([{ tag: '/etc/passwd' }]) },
      { code: ExitCode.usage, problems: [['journal-invalid-tag', 'drizzle/meta/_journal.json', tagLine(0)]] },
    ],
    [
      'a duplicate tag',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '0001_b' }, { tag: '0000_init' }]), 'drizzle/0000_init.sql': INIT_SQL, 'drizzle/0001_b.sql': BIO_SQL },
      { code: ExitCode.usage, problems: [['journal-duplicate-tag', 'drizzle/meta/_journal.json', tagLine(2)]] },
    ],
    [
      'a committed.toml that is not TOML',
      { 'drizzle/meta/_journal.json': journal([]), 'drizzle/committed.toml': '[[migration]]\nid = \n' },
      { code: ExitCode.usage, problems: [['committed-syntax', 'drizzle/committed.toml', 2]] },
    ],
    [
      'a directory where the SQL file should be',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]), 'drizzle/0000_init.sql/x': '' },
      { code: ExitCode.usage, problems: [['file-unreadable', 'drizzle/0000_init.sql']] },
    ],
    [
      'a journal entry whose SQL file is missing',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '0001_b' }]), 'drizzle/0000_init.sql': INIT_SQL },
      { code: ExitCode.integrity, problems: [['sql-missing', 'drizzle/0001_b.sql']], hint: /drizzle-kit drop/ },
    ],
    [
      'a committed migration whose SQL file is missing: restore it, never drizzle-kit drop (it may be applied in production)',
      {
        'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]),
        'drizzle/committed.toml': renderCommitted([{ id: '0000_init', hash: sha256Hex(INIT_SQL), revertHash: sha256Hex(''), fake: false }]),
      },
      { code: ExitCode.integrity, problems: [['sql-missing', 'drizzle/0000_init.sql']], hint: /^0000_init is committed \(it may be applied anywhere, production included\): restore the file from version control; a committed migration is never removed$/ },
    ],
    [
      'a SQL file that is not UTF-8',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]), 'drizzle/0000_init.sql': LATIN1 },
      { code: ExitCode.integrity, problems: [['not-utf8', 'drizzle/0000_init.sql', 2]] },
    ],
    [
      'a revert file that is not UTF-8',
      { 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]), 'drizzle/0000_init.sql': INIT_SQL, 'drizzle/0000_init.revert.sql': LATIN1 },
      { code: ExitCode.integrity, problems: [['not-utf8', 'drizzle/0000_init.revert.sql', 2]] },
    ],
    [
      'a committed.toml with the wrong shape',
      { 'drizzle/meta/_journal.json': journal([]), 'drizzle/committed.toml': `[[migration]]\nid = "0000_init"\nhash = "x"\nrevert_hash = "y"\nwho = "me"\n` },
      { code: ExitCode.integrity, problems: [['committed-unknown-key', 'drizzle/committed.toml', 5], ['committed-shape', 'drizzle/committed.toml', 3], ['committed-shape', 'drizzle/committed.toml', 4]] },
    ],
    [
      'duplicate ids in committed.toml',
      { 'drizzle/meta/_journal.json': journal([]), 'drizzle/committed.toml': renderCommitted([{ id: '0000_a', hash: sha256Hex('a'), revertHash: sha256Hex('b') }, { id: '0000_a', hash: sha256Hex('a'), revertHash: sha256Hex('b') }]) },
      { code: ExitCode.integrity, problems: [['committed-duplicate-id', 'drizzle/committed.toml', 7]] },
    ],
    [
      'every integrity problem at once',
      {
        'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '0001_gone' }, { tag: '0002_latin' }]),
        'drizzle/0000_init.sql': INIT_SQL,
        'drizzle/0002_latin.sql': LATIN1,
        'drizzle/committed.toml': '[[migration]]\nid = "0000_init"\n',
      },
      {
        code: ExitCode.integrity,
        problems: [
          ['sql-missing', 'drizzle/0001_gone.sql'],
          ['not-utf8', 'drizzle/0002_latin.sql', 2],
          ['committed-shape', 'drizzle/committed.toml', 1],
          ['committed-shape', 'drizzle/committed.toml', 1],
        ],
      },
    ],
    [
      'usage and integrity problems together (exit 2, all listed)',
      {
        'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }, { tag: '../evil' }, { tag: '0002_gone', when: 'soon' }]),
        'drizzle/0000_init.sql': LATIN1,
      },
      {
        code: ExitCode.usage,
        problems: [
          ['journal-invalid-tag', 'drizzle/meta/_journal.json', tagLine(1)],
          ['journal-shape', 'drizzle/meta/_journal.json', whenLine(2)],
          ['not-utf8', 'drizzle/0000_init.sql', 2],
          ['sql-missing', 'drizzle/0002_gone.sql'],
        ],
      },
    ],
  ])('%s', (_name, files, want) => {
    const root = project(files);
    const err = thrown(() => readMigrationSource(root, 'drizzle'));
    expect(err.code).toBe(want.code);
    expect(err.problems.map((p) => (p.line === undefined ? [p.kind, p.file] : [p.kind, p.file, p.line]))).toEqual(want.problems);
    for (const p of err.problems) {
      // every message names its file, relative to the project root
      expect(p.message).toContain(p.file!);
      expect(p.message).not.toContain(root);
    }
    if (want.problems.length === 1) {
      expect(err.message).toBe(err.problems[0]!.message);
      expect(err.file).toBe(want.problems[0]![1]);
    } else {
      expect(err.message).toMatch(new RegExp(`${want.problems.length} problems`));
    }
    if (want.hint) expect(err.problems.map((p) => p.hint).join('\n')).toMatch(want.hint);
  });

  it('names the byte offset of invalid UTF-8', () => {
    const root = project({ 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]), 'drizzle/0000_init.sql': LATIN1 });
    const err = thrown(() => readMigrationSource(root, 'drizzle'));
    expect(err.message).toContain('drizzle/0000_init.sql:2');
    expect(err.message).toContain(`byte offset ${LATIN1.indexOf(0xe9)}`);
    expect(err.migration).toBe('0000_init');
  });

  it('reports the missing SQL file with its journal line', () => {
    const root = project({ 'drizzle/meta/_journal.json': journal([{ tag: '0000_init' }]) });
    const err = thrown(() => readMigrationSource(root, 'drizzle'));
    expect(err.message).toBe(`drizzle/0000_init.sql does not exist, but drizzle/meta/_journal.json:${tagLine(0)} lists 0000_init`);
  });

  it('never reads outside the folder for a path-like tag', () => {
    const root = project({ 'drizzle/meta/_journal.json': journal([{ tag: '../secret' }]), 'secret.sql': 'SELECT 1;' });
    const err = thrown(() => readMigrationSource(root, 'drizzle'));
    expect(err.problems.map((p) => p.kind)).toEqual(['journal-invalid-tag']);
  });
});

describe('jsonErrorOffset', () => {
  it.each<[string, number]>([
    ['{}', -1],
    [' [1, -2.5e3, "a\\u00e9\\n", true, false, null, {"a": {"b": []}}] ', -1],
    ['', 0],
    ['{', 1],
    ['{"a" 1}', 5],
    ['{"a": 1,}', 8],
    ['[1,]', 3],
    ['[01]', 2],
    ['{a: 1}', 1],
    ['"\t"', 1],
    ['"\\x"', 1],
    ['[tru]', 1],
    ['{"a":1} x', 8],
    ['[1 2]', 3],
    ['{"a":1]', 6],
  ])('%j -> %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(valid).toBe(offset === -1);
  });
});
