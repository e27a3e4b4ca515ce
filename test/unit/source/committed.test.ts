import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { sha256Hex } from '../../../src/core/hash.js';
import {
  analyzeCommitted,
  analyzeCommittedToml,
  parseCommitted,
  readCanonicalCommitted,
  renderCommitted,
  writeCommittedAtomic,
} from '../../../src/source/committed.js';
import { thrown } from '../../helpers/errors.js';

const H1 = sha256Hex('one');
const H2 = sha256Hex('two');
const H3 = sha256Hex('three');
const H4 = sha256Hex('four');
const REL = 'drizzle/committed.toml';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-committed-'));
  temps.push(d);
  return d;
}

describe('the line reader for the format ladder writes', () => {
  const rendered = renderCommitted([
    { id: '0000_init', hash: H1, revertHash: H2 },
    { id: '0001_legacy.tables-v2', hash: H3, revertHash: H4, fake: true },
    { id: '0002_c', hash: H2, revertHash: H1, fake: false },
  ]);

  it('reads what renderCommitted writes exactly as the TOML parser does, header lines included', () => {
    const fast = readCanonicalCommitted(rendered);
    expect(fast).toHaveLength(3);
    expect(fast).toEqual(analyzeCommittedToml(rendered, REL).entries);
    expect(readCanonicalCommitted(renderCommitted([]))).toEqual([]);
    // comments and blank lines between keys are still the format
    const commented = rendered.replace('[[migration]]\nid = "0002_c"', '# a note\n\n[[migration]]\n# why\nid = "0002_c"');
    expect(readCanonicalCommitted(commented)).toEqual(analyzeCommittedToml(commented, REL).entries);
  });

  it('leaves anything else to the TOML parser: the same entries from another TOML form, every problem reported', () => {
    const canonical = analyzeCommittedToml(rendered, REL).entries;
    const sameData = [
      rendered.replace(/\n/g, '\r\n'), // CRLF
      rendered.replace('id = "0000_init"', "id = '0000_init'"), // a literal string
      rendered.replace('id = "0000_init"', 'id="0000_init"'),
      rendered.replace('id = "0000_init"', 'id = "0000_init" # note'),
      `\ufeff${rendered}`,
      rendered.replace('id = "0000_init"', 'id = """0000_init"""'),
    ];
    const problems = [
      rendered.replace('id = "0002_c"', 'id = "0000_init"'), // duplicate id
      rendered.replace(`hash = "${H1}"`, `hash = "${H1.toUpperCase()}"`),
      rendered.replace(`revert_hash = "${H2}"\n`, ''), // a key missing
      rendered.replace('fake = true', 'fake = "true"'),
      rendered.replace('[[migration]]\nid = "0000_init"', 'id = "0000_init"'), // outside a table
      rendered.replace(`revert_hash = "${H4}"`, `revert_hash = "${H4}"\nrevert_hash = "${H4}"`),
      rendered.replace('id = "0000_init"', 'id = "0000_init"\nbogus = "x"'),
      `${rendered}[other]\n`,
      `${rendered}# a comment with a control character \u0001\n`,
    ];
    const notFake = rendered.replace('fake = true', 'fake = false'); // valid, but not what ladder writes
    for (const text of [...sameData, ...problems, notFake]) {
      expect(readCanonicalCommitted(text), JSON.stringify(text.slice(0, 200))).toBeUndefined();
    }
    for (const text of sameData) expect(analyzeCommitted(text, REL), JSON.stringify(text.slice(0, 200))).toEqual({ entries: canonical, syntax: [], shape: [] });
    for (const text of problems) {
      const a = analyzeCommitted(text, REL);
      expect(a.syntax.length + a.shape.length, JSON.stringify(text.slice(0, 200))).toBeGreaterThan(0);
    }
    expect(analyzeCommitted(notFake, REL).entries.map((e) => e.fake)).toEqual([false, false, false]);
  });
});

describe('renderCommitted', () => {
  it('writes exactly the documented format', () => {
    const text = renderCommitted([
      { id: '0000_init', hash: H1, revertHash: H2, fake: false },
      { id: '0001_legacy_tables', hash: H3, revertHash: H4, fake: true },
    ]);
    expect(text).toBe(
      [
        '# Managed by drizzle-ladder. Do not edit by hand.',
        '[[migration]]',
        'id = "0000_init"',
        `hash = "${H1}"`,
        `revert_hash = "${H2}"`,
        '',
        '[[migration]]',
        'id = "0001_legacy_tables"',
        `hash = "${H3}"`,
        `revert_hash = "${H4}"`,
        'fake = true',
        '',
      ].join('\n'),
    );
  });

  it('writes only the header for no entries', () => {
    expect(renderCommitted([])).toBe('# Managed by drizzle-ladder. Do not edit by hand.\n');
    expect(parseCommitted(renderCommitted([]), REL)).toEqual([]);
  });

  it('round-trips through parseCommitted with header lines', () => {
    const entries = [
      { id: '0000_init', hash: H1, revertHash: H2, fake: false },
      { id: '0001_b', hash: H3, revertHash: H4, fake: true },
      { id: '0002_c', hash: H2, revertHash: H1, fake: false },
    ];
    const parsed = parseCommitted(renderCommitted(entries), REL);
    expect(parsed).toEqual([
      { ...entries[0], line: 2 },
      { ...entries[1], line: 7 },
      { ...entries[2], line: 13 },
    ]);
    expect(renderCommitted(parsed)).toBe(renderCommitted(entries));
  });
});

describe('parseCommitted', () => {
  const entry = (id: string, extra = '') => `[[migration]]\nid = "${id}"\nhash = "${H1}"\nrevert_hash = "${H2}"\n${extra}`;

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n'],
  ])('reads %s as no entries', (_n, text) => expect(parseCommitted(text, REL)).toEqual([]));

  it('accepts hand-formatted TOML with the same meaning', () => {
    const text = `# c\n\n  [[ migration ]]  # first\n  id = '0000_init'\n  revert_hash = "${H2}"\n  hash = "${H1}"\n  fake = false\n`;
    expect(parseCommitted(text, REL)).toEqual([{ id: '0000_init', hash: H1, revertHash: H2, fake: false, line: 3 }]);
  });

  it.each<[string, string, { code: ExitCode; kinds: string[]; lines: (number | undefined)[] }]>([
    ['a TOML syntax error', `${entry('0000_init')}id = \n`, { code: ExitCode.usage, kinds: ['committed-syntax'], lines: [5] }],
    ['an unterminated string', `[[migration]]\nid = "0000_init\n`, { code: ExitCode.usage, kinds: ['committed-syntax'], lines: [2] }],
    ['an unknown key in an entry', `${entry('0000_init')}applied = true\n`, { code: ExitCode.integrity, kinds: ['committed-unknown-key'], lines: [5] }],
    ['an unknown top-level key', `version = 1\n${entry('0000_init')}`, { code: ExitCode.integrity, kinds: ['committed-unknown-key'], lines: [1] }],
    ['an unknown table', `${entry('0000_init')}[meta]\nx = 1\n`, { code: ExitCode.integrity, kinds: ['committed-unknown-key'], lines: [5] }],
    ['migration as a single table', `[migration]\nid = "0000_init"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [1] }],
    ['migration as a number', `migration = 3\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [1] }],
    ['a missing id', `[[migration]]\nhash = "${H1}"\nrevert_hash = "${H2}"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [1] }],
    ['a path as id', entry('../etc'), { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [2] }],
    ['a short hash', `[[migration]]\nid = "0000_init"\nhash = "abc"\nrevert_hash = "${H2}"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [3] }],
    ['an upper-case hash', `[[migration]]\nid = "0000_init"\nhash = "${H1.toUpperCase()}"\nrevert_hash = "${H2}"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [3] }],
    ['a missing revert_hash', `[[migration]]\nid = "0000_init"\nhash = "${H1}"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [1] }],
    ['fake as a string', `${entry('0000_init')}fake = "yes"\n`, { code: ExitCode.integrity, kinds: ['committed-shape'], lines: [5] }],
    ['a duplicate id', `${entry('0000_init')}\n${entry('0001_b')}\n${entry('0000_init')}`, { code: ExitCode.integrity, kinds: ['committed-duplicate-id'], lines: [11] }],
    [
      'several problems at once',
      `${entry('0000_init', 'x = 1\n')}\n[[migration]]\nid = "0001_b"\nhash = 5\nrevert_hash = "${H2}"\nfake = 1\n\n${entry('0000_init')}`,
      { code: ExitCode.integrity, kinds: ['committed-unknown-key', 'committed-shape', 'committed-shape', 'committed-duplicate-id'], lines: [5, 9, 11, 13] },
    ],
  ])('refuses %s', (_name, text, want) => {
    const err = thrown(() => parseCommitted(text, REL));
    expect(err.code).toBe(want.code);
    expect(err.problems.map((p) => p.kind)).toEqual(want.kinds);
    expect(err.problems.map((p) => p.line)).toEqual(want.lines);
    for (const p of err.problems) {
      expect(p.file).toBe(REL);
      expect(p.message).toContain(REL);
    }
  });

  it('names an unresolved merge conflict as such (exit 2), at the marker line', () => {
    const text = `${entry('0000_init')}\n<<<<<<< HEAD\n${entry('0001_a')}=======\n${entry('0001_b')}>>>>>>> feature\n`;
    const err = thrown(() => parseCommitted(text, REL));
    expect(err.code).toBe(ExitCode.usage);
    expect(err.message).toBe(`${REL}:6: unresolved merge conflict (a <<<<<<< / ======= / >>>>>>> line)`);
    expect(err.hint).toMatch(/^keep the \[\[migration\]\] entries of both sides/);
  });

  it('names the migration of an unknown key', () => {
    const err = thrown(() => parseCommitted(entry('0000_init', 'checksum = "x"\n'), REL));
    expect(err.message).toBe(`${REL}:5: migration #1 (0000_init): unknown key "checksum" (allowed: id, hash, revert_hash, fake)`);
    expect(err.migration).toBe('0000_init');
  });

  it('keeps the good entries when analysing a bad file', () => {
    const a = analyzeCommitted(`${entry('0000_init')}\n${entry('0001_b', 'bogus = 1\n')}\n${entry('0002_c')}`, REL);
    expect(a.entries.map((e) => e.id)).toEqual(['0000_init', '0002_c']);
    expect(a.shape).toHaveLength(1);
    expect(a.syntax).toEqual([]);
  });
});

describe('writeCommittedAtomic', () => {
  it('writes, replaces and leaves no temp file behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'committed.toml');
    writeCommittedAtomic(file, [{ id: '0000_init', hash: H1, revertHash: H2, fake: false }]);
    expect(parseCommitted(fs.readFileSync(file, 'utf8'), REL).map((e) => e.id)).toEqual(['0000_init']);

    const next = [
      { id: '0000_init', hash: H1, revertHash: H2, fake: false },
      { id: '0001_b', hash: H3, revertHash: H4, fake: true },
    ];
    writeCommittedAtomic(file, next);
    expect(fs.readFileSync(file, 'utf8')).toBe(renderCommitted(next));
    expect(fs.readdirSync(dir)).toEqual(['committed.toml']);
  });

  // The write fails halfway through the new ledger: a child process whose file
  // size limit (ulimit -f) stops the temp file at 4 KB gets EFBIG. The real
  // writeCommittedAtomic (bundled from src by esbuild) replaces the real file.
  it.skipIf(process.platform === 'win32')('leaves the old ledger intact, and no temp file, when a write fails halfway', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'committed.toml');
    writeCommittedAtomic(file, [{ id: '0000_init', hash: H1, revertHash: H2, fake: false }]);
    const before = fs.readFileSync(file, 'utf8');

    const { buildSync } = await import('esbuild');
    const script = path.join(os.tmpdir(), `ladder-write-child-${process.pid}.mjs`);
    buildSync({
      stdin: {
        contents: `import { writeCommittedAtomic } from ${JSON.stringify(path.resolve('src/source/committed.ts'))};
const entries = Array.from({ length: 200 }, (_, i) => ({ id: String(i).padStart(4, '0') + '_m', hash: '${H1}', revertHash: '${H2}', fake: false }));
try { writeCommittedAtomic(process.argv[2], entries); console.log('written'); } catch (e) { console.log(e.code); }`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    try {
      const r = spawnSync('bash', ['-c', 'ulimit -f 4 && exec "$0" "$1" "$2"', process.execPath, script, file], { encoding: 'utf8' });
      expect(r.stdout.trim()).toBe('EFBIG');
    } finally {
      fs.rmSync(script, { force: true });
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['committed.toml']);
  });

});
