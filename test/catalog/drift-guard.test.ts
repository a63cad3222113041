import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packagedMigrationsDir } from '../../src/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { countRows } from '../support/factories.js';
import { migrationsDirWith, pendingMigrationFiles } from '../support/migrations.js';

describe('the drift guard, through the API', () => {
  let testApp: TestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('refuses a type the live schema does not accept before writing, names the migration, and accepts it once applied', async () => {
    testApp = await createTestApp();
    const { app, db, migrator } = testApp;
    const cookie = await testApp.signIn();
    // Put the database one migration behind on CHAT: 0002's own down, by hand, and its history row gone.
    await db.exec(await readFile(path.join(packagedMigrationsDir, '0002_add_chat_type_to_ai_models.down.sql'), 'utf8'));
    await db.query(`DELETE FROM switchboard.schema_migrations WHERE name = '0002_add_chat_type_to_ai_models'`);
    const auditBefore = await countRows(app, 'switchboard.audit_log');

    const meta = await app.inject({ method: 'GET', url: '/api/admin/meta', headers: { cookie } });
    expect(meta.json().types).toContainEqual(
      expect.objectContaining({ type: 'CHAT', accepted: false, migration: '0002_add_chat_type_to_ai_models', reason: expect.stringContaining('npx switchboard migrate up') }),
    );
    expect(meta.json().types).toContainEqual(expect.objectContaining({ type: 'IMAGE', accepted: true }));
    expect(meta.json().pendingMigrations).toEqual(['0002_add_chat_type_to_ai_models']);

    const refused = await app.inject({
      method: 'POST',
      url: '/api/admin/ai-models',
      headers: { cookie },
      payload: { type: 'CHAT', provider: 'OPENROUTER', apiPath: 'anthropic/claude-3-haiku:free' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'schema_behind',
      details: { type: 'CHAT', migration: '0002_add_chat_type_to_ai_models', command: 'npx switchboard migrate up' },
    });
    expect(refused.json().error.message).toContain('0002_add_chat_type_to_ai_models');
    expect(await countRows(app, 'public.ai_models')).toBe(0);
    expect(await countRows(app, 'switchboard.audit_log')).toBe(auditBefore);

    // An update to the unusable type is refused the same way.
    const image = await app.inject({ method: 'POST', url: '/api/admin/ai-models', headers: { cookie }, payload: { type: 'IMAGE', provider: 'OPENAI', apiPath: 'dall-e-3' } });
    const update = await app.inject({ method: 'PATCH', url: `/api/admin/ai-models/${image.json().id}`, headers: { cookie }, payload: { type: 'CHAT' } });
    expect(update.statusCode).toBe(409);
    expect(update.json().error.code).toBe('schema_behind');

    await migrator.up();
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/admin/ai-models',
      headers: { cookie },
      payload: { type: 'CHAT', provider: 'OPENROUTER', apiPath: 'anthropic/claude-3-haiku:free' },
    });
    expect(accepted.statusCode).toBe(201);
  });

  it('reports a pending migration in health and meta while the catalog keeps working', async () => {
    testApp = await createTestApp({ env: { MIGRATIONS_DIR: await migrationsDirWith(pendingMigrationFiles()) } });
    await testApp.db.exec('DELETE FROM switchboard.schema_migrations WHERE version = \'0999\'; DROP TABLE switchboard.test_marker_0999;');
    const cookie = await testApp.signIn();
    const health = await testApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'degraded', database: { pending: ['0999_add_test_marker'] } });
    const meta = await testApp.app.inject({ method: 'GET', url: '/api/admin/meta', headers: { cookie } });
    expect(meta.json().pendingMigrations).toEqual(['0999_add_test_marker']);
    expect(meta.json().types.every((type: { accepted: boolean }) => type.accepted)).toBe(true);
  });
});
