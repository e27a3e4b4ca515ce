// The revert check and the dev loop's ways out through the built `ladder`
// binary (issue 15): the one `warning:` line, `revert unverified` in status,
// commit's refusal (exit 2) and --accept-revert, untry --forget's message,
// and reset --recreate refused on PostgreSQL. The API suite
// (test/integration/revert-proof.test.ts) covers both dialects in depth.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, queryRows, type FreshDatabase } from '../helpers/db.js';
import { makeProject, regenerate, removeProject, runLadder, type RunResult } from '../helpers/project.js';
import { BLOG_V1 as V1, BLOG_V2 as V2 } from '../helpers/schemas.js';

let project: string;
let db: FreshDatabase;

const ladder = (args: string[]): Promise<RunResult> => runLadder(project, args, { env: { DATABASE_URL: db.url } });
const columns = async () =>
  (await queryRows<{ c: string }>(db.url, `select column_name as c from information_schema.columns where table_name = 'users' order by 1`)).map((r) => r.c);

beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'));
  project = await makeProject({ schema: V1, name: 'init', files: { 'ladder.toml': '[environments.dev]\nconnection_url = { env = "DATABASE_URL" }\n' } });
  await regenerate(project, V2, 'bio');
}, 120_000);

afterAll(async () => {
  await removeProject(project).catch(() => {});
  await db?.drop().catch(() => {});
});

describe('the revert check through the ladder binary', () => {
  it('a revert that leaves the column: one warning line, revert unverified in status, commit exit 2, --accept-revert commits', async () => {
    expect((await ladder(['try'])).code).toBe(0);
    expect((await ladder(['commit'])).code).toBe(0);
    await fs.writeFile(path.join(project, 'drizzle', '0001_bio.revert.sql'), 'SELECT 1;\n');
    const t = await ladder(['try']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toBe('[dev] tried 0001_bio (revert unverified)\n');
    expect(t.stderr).toBe(
      'warning: [dev] 0001_bio: revert unverified: its revert does not restore the schema: it leaves column public.users.bio text\n' +
        'hint: fix its revert file, then `ladder retry 0001_bio`; or commit it as it is with `ladder commit --accept-revert`\n',
    );
    expect(await columns()).toEqual(['bio', 'id', 'name']);

    const s = await ladder(['status']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^ {2}0001_bio {2}tried \(revert unverified\) {2}drizzle\/0001_bio\.sql$/m);
    expect(s.stdout).toContain('1 tried (revert unverified)');

    const c = await ladder(['commit']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^error: dev: commit 0001_bio refused: its revert is unverified in dev: its revert does not restore the schema/);
    expect(c.stderr).toContain('hint: fix drizzle/0001_bio.revert.sql, then `ladder retry 0001_bio`');

    const a = await ladder(['commit', '--accept-revert']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('committed 0001_bio');
  });

  it('reset --recreate is refused on PostgreSQL with exit 2 and a hint', async () => {
    const r = await ladder(['reset', '--recreate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: dev: reset --recreate refused: dev is a PostgreSQL environment; only a PGlite dev database is thrown away and rebuilt\n' +
        'hint: `ladder reset` untries every try; to start a PostgreSQL database over, drop and create it yourself, then run `ladder migrate`\n',
    );
  });

  it('untry --forget says what it did and that the database is as the user left it', async () => {
    await fs.writeFile(path.join(project, 'schema.ts'), V2.replace(`bio: text('bio') }`, `bio: text('bio'), nick: text('nick') }`));
    await regenerate(project, V2.replace(`bio: text('bio') }`, `bio: text('bio'), nick: text('nick') }`), 'nick');
    expect((await ladder(['try'])).code).toBe(0);
    const f = await ladder(['untry', '--forget']);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toBe('[dev] forgot 0002_nick: its try record is dropped, nothing ran; the database is as you left it\n');
    expect(await columns()).toEqual(['bio', 'id', 'name', 'nick']);
  });
});

describe('a broken PGlite dev database through the ladder binary', () => {
  let lite: string;
  beforeAll(async () => {
    lite = await makeProject({ schema: V1, name: 'init', files: { 'ladder.toml': '[environments.dev]\npglite = ".ladder/dev"\n' } });
  }, 120_000);
  afterAll(async () => {
    await removeProject(lite).catch(() => {});
  });

  it('opening it fails with a hint naming reset --recreate; reset --recreate rebuilds it from the committed migrations', async () => {
    expect((await runLadder(lite, ['commit', '--untried'])).code).toBe(0);
    const dir = path.join(lite, '.ladder', 'dev');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'PG_VERSION'), 'garbage\n');
    await fs.writeFile(path.join(dir, 'postgresql.conf'), 'garbage\n');
    const s = await runLadder(lite, ['status']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/^error: dev: cannot connect/);
    expect(s.stderr).toContain('hint: if this PGlite dev database is broken, `ladder reset --recreate -e dev` throws it away');

    const r = await runLadder(lite, ['reset', '--recreate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[dev\] recreated .*\.ladder\/dev: the old PGlite database and its tries are gone; applied 1 committed migration\n$/);
    const after = await runLadder(lite, ['status', '--all']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/0000_init +applied/);
  });
});
