import { existsSync } from 'node:fs';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The suite runs once per database: the embedded PGlite always; a server PostgreSQL when
// TEST_DATABASE_URL names one; and the migration, API and gateway suites once more through a
// transaction-mode pooler when TEST_POOLER_URL names one (CI sets both; see .ci/run).
const common = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Two cores: one file at a time per project keeps PGlite instances and servers from starving each other.
  fileParallelism: false,
};

// The browser suite needs Debian's Chromium, which .ci/run installs. Elsewhere, without it, the
// suite is left out with a notice rather than failing; in CI a missing browser fails loudly.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isBrowserSuiteRunnable = existsSync(chromiumPath) || Boolean(process.env.CI);
if (!isBrowserSuiteRunnable) {
  console.warn(`test/browser is skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
}

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      ...common,
      name: 'pglite',
      include: ['test/**/*.test.ts'],
      exclude: [...configDefaults.exclude, ...(isBrowserSuiteRunnable ? [] : ['test/browser/**'])],
      env: { TEST_DB: 'pglite' },
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  // The browser suite (test/browser) runs once, on PGlite, the database `npm start` uses by default:
  // it drives the same API the other suites already check on both databases, at a minute or more a run.
  projects.push({
    extends: true,
    test: { ...common, name: 'postgres', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], env: { TEST_DB: 'postgres' } },
  });
}
if (process.env.TEST_POOLER_URL) {
  projects.push({
    extends: true,
    test: {
      ...common,
      name: 'pgbouncer',
      include: ['test/migrate/**/*.test.ts', 'test/catalog/**/*.test.ts', 'test/auth/**/*.test.ts', 'test/gateway/**/*.test.ts'],
      // The pooler for everything, and the server itself for LISTEN (DATABASE_DIRECT_URL), as on Supabase.
      env: { TEST_DB: 'postgres', TEST_DATABASE_URL: process.env.TEST_POOLER_URL, TEST_DIRECT_DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' },
    },
  });
}

export default defineConfig({ test: { projects } });
