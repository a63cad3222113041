import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export interface AdminApp {
  app: FastifyInstance;
  db: Database;
  testDb: TestDatabase;
  config: Config;
  /** Every log line the app wrote, at trace level, to check that no secret reaches the log. */
  logs: string[];
  /** An injected request as the signed-in admin. */
  admin(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An injected /v1 request with a client key. */
  v1(key: string, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The real app on a migrated database of its own, signed in as the first admin, logging
 * everything into `logs`. Provider base URLs and keys come in through `env`, as in production.
 */
export async function startAdminApp(options: { env?: Record<string, string>; testDb?: TestDatabase } = {}): Promise<AdminApp> {
  const testDb = options.testDb ?? (await createTestDatabase());
  const config = loadConfig({ ...testDb.env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, GATEWAY_MAX_RETRIES: '0', ...options.env });
  const db = await testDb.open();
  await new Migrator({ db, settings: config.migrations }).up();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await buildApp(config, { db, logger: pino({ level: 'trace' }, sink) });
  await app.services.auth.ensureInitialAdmin();
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  const cookie = [login.headers['set-cookie']].flat()[0]!.split(';')[0]!;
  return {
    app,
    db,
    testDb,
    config,
    logs,
    admin: (request) => app.inject({ ...request, headers: { ...request.headers, cookie } }),
    v1: (key, request) => app.inject({ ...request, headers: { ...request.headers, authorization: `Bearer ${key}` } }),
    async close() {
      await app.close();
      await db.close();
      if (!options.testDb) await testDb.drop();
    },
  };
}
