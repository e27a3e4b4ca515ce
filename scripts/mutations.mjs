// `node scripts/mutations.mjs [layer | layer#n ...] [--list]`: break the code on purpose,
// once per entry of test/mutations/<layer>.json, and check that the tests
// that guard it go red. A mutation the tests survive is a test that cannot
// fail for that bug: the run says so and exits 1.
//
// An entry: { "file": "src/core/x.ts", "find": "exact text, once in the file",
//   "replace": "the broken text", "tests": ["test/unit/core/x.test.ts"],
//   "why": "what a user would see" }. `"build": true` rebuilds dist/ first,
// for tests that run the built CLI. The file is restored after each entry
// (and on Ctrl-C); an entry whose `find` is not in the file exactly once is
// reported stale, not run. One PostgreSQL server serves every run
// (TEST_DATABASE_URL, or an embedded one started here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dir = path.join(repo, 'test', 'mutations');
const args = process.argv.slice(2);
const list = args.includes('--list');
// `db` runs the db list; `db#3` only its third entry
const picks = args.filter((a) => !a.startsWith('--')).map((a) => ({ layer: a.split('#')[0], n: a.includes('#') ? Number(a.split('#')[1]) : undefined }));
const layers = picks.map((p) => p.layer);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => layers.length === 0 || layers.includes(f.replace(/\.json$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`error: no mutation list ${layers.join(', ')} in test/mutations/`);
  console.error(`hint: the layers are ${fs.readdirSync(dir).map((f) => f.replace(/\.json$/, '')).join(', ')}`);
  process.exit(2);
}

const entries = files.flatMap((f) =>
  JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).map((e, i) => ({ ...e, layer: f.replace(/\.json$/, ''), n: i + 1 })),
).filter((e) => picks.length === 0 || picks.some((p) => p.layer === e.layer && (p.n === undefined || p.n === e.n)));
if (entries.length === 0) {
  console.error(`error: no entry ${args.filter((a) => !a.startsWith('--')).join(', ')} in test/mutations/`);
  console.error('hint: `node scripts/mutations.mjs --list` shows every entry as layer#n');
  process.exit(2);
}
if (list) {
  for (const e of entries) console.log(`${e.layer}#${e.n} ${e.file}: ${e.why}\n    tests: ${e.tests.join(' ')}`);
  process.exit(0);
}

let original; // [absolute path, text] of the file being mutated, restored whatever happens
const restore = () => {
  if (original) fs.writeFileSync(original[0], original[1]);
  original = undefined;
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    restore();
    process.exit(130);
  });
}

let server;
let url = process.env.TEST_DATABASE_URL;
if (!url) {
  const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
  server = await startEmbeddedPostgres({ prefix: 'ladder-mutations-', settings: { max_connections: '200', fsync: 'off' } });
  url = server.url;
}

const build = () => spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { cwd: repo, stdio: 'ignore' }).status === 0;
const vitest = path.join(repo, 'node_modules', 'vitest', 'vitest.mjs');
const outcome = [];
let builtMutated = false;
try {
  for (const e of entries) {
    const label = `${e.layer}#${e.n} ${e.file}`;
    const abs = path.join(repo, e.file);
    const text = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : '';
    const count = text.split(e.find).length - 1;
    if (count !== 1) {
      outcome.push({ label, result: 'stale', detail: `\`find\` occurs ${count} times` });
      console.log(`stale     ${label}: \`find\` occurs ${count} times`);
      continue;
    }
    original = [abs, text];
    fs.writeFileSync(abs, text.replace(e.find, () => e.replace));
    const started = Date.now();
    let result;
    // dist/ is rebuilt from the real code at the end, also after a build that failed halfway
    builtMutated ||= Boolean(e.build);
    if (e.build && !build()) {
      // a mutation must build: one the compiler rejects says nothing about the tests
      result = { result: 'error', detail: 'the mutated code does not build: write a bug tsc accepts' };
    } else {
      const json = path.join(os.tmpdir(), `ladder-mutation-${process.pid}.json`);
      spawnSync(process.execPath, [vitest, 'run', ...e.tests, '--reporter=json', `--outputFile=${json}`], {
        cwd: repo,
        stdio: 'ignore',
        env: { ...process.env, TEST_DATABASE_URL: url },
        timeout: 15 * 60_000,
      });
      let report;
      try {
        report = JSON.parse(fs.readFileSync(json, 'utf8'));
        fs.rmSync(json);
      } catch {
        report = undefined;
      }
      if (!report) result = { result: 'error', detail: 'vitest wrote no report' };
      else if (report.numTotalTests === 0) result = { result: 'error', detail: 'no test ran' };
      else {
        const failed = report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName));
        const suites = report.numFailedTestSuites ?? 0;
        result =
          failed.length > 0 || suites > 0
            ? { result: 'killed', detail: `${failed.length} failed${failed[0] ? `: ${failed[0]}` : ''}` }
            : { result: 'SURVIVED', detail: `${report.numPassedTests} passed` };
      }
    }
    restore();
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    outcome.push({ label, ...result });
    console.log(`${result.result.padEnd(9)} ${label} (${seconds} s): ${e.why}\n          ${result.detail.slice(0, 200)}`);
  }
} finally {
  restore();
  if (builtMutated) build();
  await server?.destroy();
}

const count = (r) => outcome.filter((o) => o.result === r).length;
console.log(`\n${count('killed')} killed, ${count('SURVIVED')} survived, ${count('stale')} stale, ${count('error')} errors of ${outcome.length}`);
process.exit(count('killed') === outcome.length ? 0 : 1);
