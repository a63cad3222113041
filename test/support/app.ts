import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  testDb: TestDatabase;
  config: Config;
  migrator: Migrator;
  /** Signs the test admin in through the API and returns the Cookie header to send. */
  signIn(credentials?: { email: string; password: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real app on a database of the test's own, migrated (to `migrateTo`, or fully), with the
 * first admin created as the server does at start.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; migrateTo?: string; withAdmin?: boolean; testDb?: TestDatabase } = {},
): Promise<TestApp> {
  const testDb = options.testDb ?? (await createTestDatabase(options.env));
  const config = loadConfig({ ...testDb.env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...options.env });
  const db = await testDb.open();
  const migrator = new Migrator({ db, settings: config.migrations });
  await migrator.up({ to: options.migrateTo });
  const app = await buildApp(config, { db });
  if (options.withAdmin !== false && !options.migrateTo) await app.services.auth.ensureInitialAdmin();

  return {
    app,
    db,
    testDb,
    config,
    migrator,
    async signIn(credentials = ADMIN) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: credentials });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = [response.headers['set-cookie']].flat()[0]!;
      return cookie.split(';')[0]!;
    },
    async close() {
      await app.close();
      await db.close();
      await testDb.drop();
    },
  };
}
