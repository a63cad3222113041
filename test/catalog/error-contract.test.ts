import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../support/database.js';
import { Migrator } from '../../src/migrate/engine.js';

describe('the error contract', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers an unexpected failure with 500 internal, no internals, and a request id that is in the log', async () => {
    const testDb = await createTestDatabase();
    const db = await testDb.open();
    await new Migrator({ db, settings: testDb.config.migrations }).up();
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const app = await buildApp(loadConfig(testDb.env), { db, logger: { level: 'error', stream } });
    cleanups.push(() => testDb.drop(), () => db.close(), () => app.close());
    app.get('/api/test/explode', async () => {
      throw new Error('connection string postgres://secret@db/prod leaked');
    });

    const response = await app.inject({ method: 'GET', url: '/api/test/explode' });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.error.code).toBe('internal');
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toContain('leaked');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
    const logged = lines.map((line) => JSON.parse(line) as { requestId?: string; err?: { message: string } });
    expect(logged).toContainEqual(expect.objectContaining({ requestId: body.error.requestId, err: expect.objectContaining({ message: expect.stringContaining('leaked') }) }));
  });

  it('sends the root to the admin panel', async () => {
    const testDb = await createTestDatabase();
    const db = await testDb.open();
    const app = await buildApp(loadConfig(testDb.env), { db });
    cleanups.push(() => testDb.drop(), () => db.close(), () => app.close());
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/admin');
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const testDb = await createTestDatabase();
    const db = await testDb.open();
    const app = await buildApp(loadConfig(testDb.env), { db });
    cleanups.push(() => testDb.drop(), () => db.close(), () => app.close());
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/nothing-here') } });
  });
});
