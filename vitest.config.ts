import { defineConfig } from 'vitest/config';

// The suite runs once per database: the embedded PGlite always, and a server PostgreSQL
// when TEST_DATABASE_URL names one (CI sets it; see .ci/run).
const databases = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    projects: databases.map((database) => ({
      extends: true,
      test: {
        name: database,
        include: ['test/**/*.test.ts'],
        env: { TEST_DB: database },
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Two cores: one file at a time per project keeps PGlite instances and servers from starving each other.
        fileParallelism: false,
      },
    })),
  },
});
