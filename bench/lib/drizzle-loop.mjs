// The loop users write today to migrate a fleet (drizzle-orm#908 and its
// workarounds): one Node.js process, the tenants one after another, a
// postgres.js client and drizzle-orm's migrate() per tenant.
//   node drizzle-loop.mjs databases|schemas <tenants file> <migrations folder>
// DATABASE_URL: the server (databases: its path is replaced by each tenant's
// database) or the one database holding the tenant schemas.
import fs from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const [layout, tenantsFile, migrationsFolder] = process.argv.slice(2);
const tenants = fs.readFileSync(tenantsFile, 'utf8').split('\n').filter(Boolean);
for (const tenant of tenants) {
  let client;
  if (layout === 'databases') {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${tenant}`;
    client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await migrate(drizzle(client), { migrationsFolder });
  } else {
    client = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {}, connection: { search_path: tenant } });
    await migrate(drizzle(client), { migrationsFolder, migrationsSchema: tenant });
  }
  await client.end();
}
