// `node bench/adopt.mjs [project-dir]`: how long `ladder adopt --offline` takes
// on a long history with large snapshots (issue 15's target: 300 migrations
// with ~300 KB snapshots in under 15 s).
//
// Without an argument it writes such a history: 300 migrations, each adding
// a column to one of 120 tables, with drizzle-kit 0.31's snapshots (a few
// hundred KB each). With a project dir (ladder.toml + migrations
// folder, e.g. a real history with its snapshots) it adopts a copy of it.
// Each run starts from a fresh copy, so the revert files are written every
// time. Run `pnpm run build` first. Knob: BENCH_ADOPT_RUNS (default 3).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const ladderBin = path.join(repo, 'dist', 'cli', 'bin.cjs');
const RUNS = Number(process.env.BENCH_ADOPT_RUNS) || 3;
const MIGRATIONS = 300;
const TABLES = 120;

function column(name, primaryKey = false) {
  return { name, type: primaryKey ? 'serial' : 'text', primaryKey, notNull: primaryKey };
}

function table(name, columns) {
  return {
    name,
    schema: '',
    columns: Object.fromEntries(columns.map((c) => [c.name, c])),
    indexes: {},
    foreignKeys: {},
    compositePrimaryKeys: {},
    uniqueConstraints: {},
    policies: {},
    checkConstraints: {},
    isRLSEnabled: false,
  };
}

/** A project whose history drizzle-kit 0.31 could have written: migration 0 creates the tables, each next one adds a column. */
function writeSynthetic(dir) {
  const out = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(out, 'meta'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ladder.toml'), '[environments.dev]\npglite = ".ladder/dev"\n');
  // each table starts with a dozen columns, so every snapshot is a few hundred KB
  const tables = {};
  for (let t = 0; t < TABLES; t++) {
    tables[`public.t${t}`] = table(`t${t}`, [column('id', true), ...Array.from({ length: 12 }, (_, i) => column(`c${i}`))]);
  }
  const entries = [];
  let prevId = '00000000-0000-0000-0000-000000000000';
  const when0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < MIGRATIONS; i++) {
    const tag = `${String(i).padStart(4, '0')}_step`;
    let sql;
    if (i === 0) {
      sql = Object.values(tables)
        .map((t) => `CREATE TABLE "${t.name}" (\n${Object.values(t.columns).map((c) => `\t"${c.name}" ${c.type}${c.primaryKey ? ' PRIMARY KEY NOT NULL' : ''}`).join(',\n')}\n);\n`)
        .join('--> statement-breakpoint\n');
    } else {
      const t = tables[`public.t${i % TABLES}`];
      const name = `added_${i}`;
      t.columns[name] = column(name);
      sql = `ALTER TABLE "${t.name}" ADD COLUMN "${name}" text;`;
    }
    const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const snapshot = { id, prevId, version: '7', dialect: 'postgresql', tables, enums: {}, schemas: {}, sequences: {}, roles: {}, policies: {}, views: {}, _meta: { columns: {}, schemas: {}, tables: {} } };
    fs.writeFileSync(path.join(out, 'meta', `${tag.split('_')[0]}_snapshot.json`), JSON.stringify(snapshot, null, 2));
    fs.writeFileSync(path.join(out, `${tag}.sql`), sql);
    entries.push({ idx: i, version: '7', when: when0 + i * 60_000, tag, breakpoints: true });
    prevId = id;
  }
  fs.writeFileSync(path.join(out, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
}

if (!fs.existsSync(ladderBin)) {
  console.error('dist/cli/bin.cjs is missing: run `pnpm run build` first');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-bench-adopt-'));
const template = path.join(work, 'template');
if (process.argv[2]) fs.cpSync(path.resolve(process.argv[2]), template, { recursive: true, filter: (src) => !/[/\\](node_modules|\.ladder|\.git)$/.test(src) });
else writeSynthetic(template);

const times = [];
let report = '';
try {
  for (let run = 0; run < RUNS; run++) {
    const dir = path.join(work, `run${run}`);
    fs.cpSync(template, dir, { recursive: true });
    // drizzle-kit (for the reverts) is found from the project, as in a real one
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const started = process.hrtime.bigint();
    report = execFileSync(process.execPath, [ladderBin, 'adopt', '--offline'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    fs.rmSync(dir, { recursive: true, force: true });
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(report.split('\n')[0]);
console.log(`ladder adopt --offline: median ${(median(times) / 1000).toFixed(1)} s over ${RUNS} runs (${times.map((t) => (t / 1000).toFixed(1)).join(', ')} s); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
