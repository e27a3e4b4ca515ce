import { defineConfig } from 'drizzle-kit';

// The repo's own demo project: `ladder` commands run from the repo root use it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/demo.ts',
  out: './drizzle',
});
