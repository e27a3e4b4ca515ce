// A reference point, not a product: the least a Node.js migrator can do to
// apply a drizzle-kit folder with a transaction per migration: postgres.js,
// one pipelined round trip per migration (BEGIN, its statements, the tracking
// row, COMMIT), no checks, no lock, no log. Run in a project folder with
// DATABASE_URL set.
import fs from 'node:fs';
import postgres from 'postgres';

const dir = 'drizzle';
const journal = JSON.parse(fs.readFileSync(`${dir}/meta/_journal.json`, 'utf8'));
const sql = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
await sql
  .unsafe(
    'create schema if not exists drizzle; create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
  )
  .simple();
for (const e of journal.entries) {
  const text = fs.readFileSync(`${dir}/${e.tag}.sql`, 'utf8');
  const queries = [
    sql.unsafe('begin'),
    ...text.split('--> statement-breakpoint').map((s) => sql.unsafe(s)),
    sql.unsafe('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', ['-', e.when], { prepare: true }),
    sql.unsafe('commit'),
  ];
  for (const q of queries) q.execute();
  await Promise.all(queries);
}
await sql.end();
