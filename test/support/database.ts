import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';

export const testDatabaseKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const isPostgres = testDatabaseKind === 'postgres';

export interface TestDatabase {
  /** The environment a process (the CLI, a second server) needs to reach this database. */
  env: Record<string, string>;
  config: Config;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A database of the test's own: a new PostgreSQL database on TEST_DATABASE_URL's server, or
 * a new PGlite data directory. Nothing is shared between tests, so order never matters.
 */
export async function createTestDatabase(extraEnv: Record<string, string> = {}): Promise<TestDatabase> {
  const common = { MIGRATION_LEASE_MS: '1500', MIGRATION_WAIT_MS: '60000', LOG_LEVEL: 'silent', ...extraEnv };
  if (isPostgres) {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `switchboard_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // Behind a transaction pooler, LISTEN takes the direct connection, as on Supabase.
    const directUrl = process.env.TEST_DIRECT_DATABASE_URL ? new URL(process.env.TEST_DIRECT_DATABASE_URL) : undefined;
    if (directUrl) directUrl.pathname = `/${name}`;
    const env: Record<string, string> = { ...common, DATABASE_URL: url.toString(), ...(directUrl ? { DATABASE_DIRECT_URL: directUrl.toString() } : {}) };
    const config = loadConfig(env);
    return {
      env,
      config,
      open: () => openDatabase(config.database),
      drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  const env = { ...common, DATA_DIR: dataDir };
  const config = loadConfig(env);
  return { env, config, open: () => openDatabase(config.database), drop: () => rm(dataDir, { recursive: true, force: true }) };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
