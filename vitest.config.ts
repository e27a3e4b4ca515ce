import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Most integration/e2e time is spent waiting on PostgreSQL and child
// processes (drizzle-kit, the ladder binary), not on this process' CPU, so
// run at least 2 files at once even on a 2-core runner (Vitest's default
// would be cores - 1 = 1). VITEST_MAX_FORKS overrides.
const maxForks = Number(process.env.VITEST_MAX_FORKS) || Math.max(2, os.availableParallelism());

// Only the projects that need PostgreSQL have the global setup, so the unit
// tests (`pnpm test:unit`) start no server; Vitest runs a project's global
// setup only when that project has files to run. Both projects share one
// server (test/helpers/global-setup.ts).
const slow = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' as const, globalSetup: ['./test/helpers/global-setup.ts'] };

export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks, minForks: 1 } },
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 10_000,
        },
      },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...slow } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...slow } },
    ],
  },
});
