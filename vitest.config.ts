import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Most integration/e2e time is spent waiting on PostgreSQL and child
// processes (drizzle-kit, the ladder binary), not on this process' CPU, so
// run at least 2 files at once even on a 2-core runner (Vitest's default
// would be cores - 1 = 1). VITEST_MAX_FORKS overrides.
const maxForks = Number(process.env.VITEST_MAX_FORKS) || Math.max(2, os.availableParallelism());

// Projects deliberately do not `extends: true`: that would also inherit
// globalSetup and start one PostgreSQL server per project. The root
// project's globalSetup runs once and its `provide`d values reach every
// project.
const slow = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    globalSetup: ['./test/helpers/global-setup.ts'],
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
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...slow } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...slow } },
    ],
  },
});
