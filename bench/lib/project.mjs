// Synthetic Drizzle projects for the bench: a drizzle-kit 0.3x migrations
// folder (journal, NNNN_x.sql as drizzle-kit writes them, ladder's revert
// files and committed.toml with real hashes), ladder.toml and
// drizzle.config.ts. Written directly rather than through drizzle-kit
// generate, so 10,000 migrations take a second, not an hour.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const pad = (n) => String(n).padStart(4, '0');

/** The SQL of migration i: a table like drizzle-kit generates, a foreign key to the previous one, an index. */
export function migrationSql(i) {
  const t = `t_${pad(i)}`;
  const parts = [
    `CREATE TABLE "${t}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL,\n\t"email" varchar(255),\n\t"score" integer DEFAULT 0 NOT NULL,\n\t"created_at" timestamp DEFAULT now() NOT NULL,\n\t"parent_id" integer\n);\n`,
  ];
  if (i > 0) {
    const p = `t_${pad(i - 1)}`;
    parts.push(
      `ALTER TABLE "${t}" ADD CONSTRAINT "${t}_parent_id_${p}_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."${p}"("id") ON DELETE no action ON UPDATE no action;`,
    );
  }
  parts.push(`CREATE INDEX "${t}_name_idx" ON "${t}" USING btree ("name");`);
  return parts.join('\n--> statement-breakpoint\n');
}

export function revertSql(i) {
  return `DROP TABLE "t_${pad(i)}" CASCADE;\n`;
}

/**
 * Write a project with `count` migrations, the first `committed` of them in
 * committed.toml; sqlOf(i) is migration i's SQL (default migrationSql).
 * Returns { dir, migrations: [{ tag, sql, file }] }.
 */
export function writeProject(dir, { count, committed = count, env = 'bench', sqlOf = migrationSql }) {
  const out = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(out, 'meta'), { recursive: true });
  const base = Date.UTC(2025, 0, 1);
  const entries = [];
  const migrations = [];
  const ledger = ['# Managed by drizzle-ladder. Do not edit by hand.'];
  for (let i = 0; i < count; i++) {
    const tag = `${pad(i)}_table_${i}`;
    const sql = sqlOf(i);
    const revert = revertSql(i);
    fs.writeFileSync(path.join(out, `${tag}.sql`), sql);
    fs.writeFileSync(path.join(out, `${tag}.revert.sql`), revert);
    entries.push({ idx: i, version: '7', when: base + i * 60_000, tag, breakpoints: true });
    migrations.push({ tag, sql, file: path.join(out, `${tag}.sql`) });
    if (i < committed) {
      ledger.push('', '[[migration]]', `id = "${tag}"`, `hash = "${sha256(sql)}"`, `revert_hash = "${sha256(revert)}"`);
    }
  }
  fs.writeFileSync(path.join(out, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
  fs.writeFileSync(path.join(out, 'committed.toml'), ledger.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'ladder.toml'),
    `migrations_directory = "drizzle"\ndefault_environments = ["${env}"]\n\n[environments.${env}]\nconnection_url = { env = "DATABASE_URL" }\nis_production = true\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'drizzle.config.ts'),
    `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL! } });\n`,
  );
  return { dir, migrations };
}
