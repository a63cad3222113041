import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { Migrator } from '../src/migrate/engine.js';
import { loadMigrations } from '../src/migrate/files.js';
import { createTestDatabase, isPostgres, type TestDatabase } from './support/database.js';

describe('GET /api/health', () => {
  let testDb: TestDatabase;
  let db: Database;

  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it('reports the database, its version and pending migrations, before and after migrating', async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    const app = await buildApp(testDb.config, { db });
    const migrations = (await loadMigrations(testDb.config.migrations.dir)).map((file) => file.name);

    const before = await app.inject({ method: 'GET', url: '/api/health' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({
      status: 'degraded',
      database: {
        kind: isPostgres ? 'postgres' : 'embedded',
        serverVersion: expect.stringMatching(/^\d+/),
        appliedVersion: null,
        pending: migrations,
        drift: [],
      },
    });

    await new Migrator({ db, settings: testDb.config.migrations }).up();
    const after = await app.inject({ method: 'GET', url: '/api/health' });
    expect(after.json()).toEqual({
      status: 'ok',
      database: expect.objectContaining({ appliedVersion: migrations.at(-1), pending: [], drift: [] }),
    });
    await app.close();
  });

  it('reports drift when the type check is gone', async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await new Migrator({ db, settings: testDb.config.migrations }).up();
    await db.exec('ALTER TABLE public.ai_models DROP CONSTRAINT ai_models_type_check');
    const app = await buildApp(testDb.config, { db });

    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json()).toMatchObject({ status: 'degraded', database: { drift: [{ code: 'type_check_missing' }] } });
    await app.close();
  });
});
