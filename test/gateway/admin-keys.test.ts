import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, ApiKeyList, CreatedApiKey } from '../../src/gateway/admin/schemas.js';
import { insertModel } from '../../src/catalog/queries.js';
import { hashApiKey } from '../../src/gateway/keys/service.js';
import { isPostgres } from '../support/database.js';
import { eventually } from './harness.js';
import { startAdminApp, type AdminApp } from './admin-harness.js';

describe('admin API: client API keys', () => {
  let admin: AdminApp;
  const shownKeys: string[] = [];

  beforeAll(async () => {
    admin = await startAdminApp();
    for (const name of ['gpt-4o-mini', 'flux']) {
      await insertModel(admin.db, { name, displayName: name, type: 'CHAT', provider: 'OPENAI', apiPath: name, enabled: true, description: '' });
    }
    await admin.app.gateway.state.reload();
  });
  afterAll(async () => {
    // Whatever happened in the tests, no key ever shown reached the log.
    for (const key of shownKeys) {
      expect(admin.logs.join('\n')).not.toContain(key);
      expect(admin.logs.join('\n')).not.toContain(hashApiKey(key));
    }
    await admin?.close();
  });

  const createKey = async (payload: Record<string, unknown>) => {
    const response = await admin.admin({ method: 'POST', url: '/api/admin/api-keys', payload });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json<CreatedApiKey>();
    shownKeys.push(created.key);
    return created;
  };

  it('creates a key, shows it once in the 201, and never again: not in the list, not its hash', async () => {
    const created = await createKey({ name: 'product backend' });
    expect(created.key).toMatch(/^sk-sb-/);
    expect(created.apiKey).toMatchObject({ name: 'product backend', enabled: true, allowedModels: null, expiresAt: null, lastUsedAt: null });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);

    const list = await admin.admin({ method: 'GET', url: '/api/admin/api-keys' });
    expect(list.statusCode).toBe(200);
    expect(list.json<ApiKeyList>().items.map((key) => key.id)).toContain(created.apiKey.id);
    expect(list.body).not.toContain(created.key);
    expect(list.body).not.toContain(hashApiKey(created.key));

    const audit = await admin.admin({ method: 'GET', url: `/api/admin/audit?entityId=${created.apiKey.id}` });
    expect(audit.json<{ items: unknown[] }>().items).toHaveLength(1);
    expect(audit.body).not.toContain(created.key);
  });

  it('works on /v1 at once, and a key disabled through the API is refused within a second', async () => {
    const created = await createKey({ name: 'to revoke' });
    expect((await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(200);

    const startedAt = Date.now();
    const disabled = await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${created.apiKey.id}`, payload: { enabled: false } });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json<ApiKey>().enabled).toBe(false);
    await eventually(async () => expect((await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(401), { timeoutMs: 1_000 });
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    const enabled = await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${created.apiKey.id}`, payload: { enabled: true } });
    expect(enabled.json<ApiKey>().enabled).toBe(true);
    expect((await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(200);
  });

  it.runIf(isPostgres)('a key disabled through one instance is refused by another on the same database within a second', async () => {
    // Behind a transaction pooler the other instance polls instead of LISTENing: half the poll
    // interval leaves room for the reload itself inside the second (its timing is invalidation.test.ts's).
    const other = await startAdminApp({ testDb: admin.testDb, env: { GATEWAY_CACHE_POLL_MS: '500' } });
    try {
      const created = await createKey({ name: 'two instances' });
      await eventually(async () => expect((await other.v1(created.key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(200), { timeoutMs: 1_000 });
      const startedAt = Date.now();
      await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${created.apiKey.id}`, payload: { enabled: false } });
      await eventually(async () => expect((await other.v1(created.key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(401), { timeoutMs: 1_000 });
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    } finally {
      await other.close();
    }
  });

  it('revokes (deletes) a key: /v1 refuses it, the list forgets it, a second delete is 404', async () => {
    const created = await createKey({ name: 'to delete' });
    const deleted = await admin.admin({ method: 'DELETE', url: `/api/admin/api-keys/${created.apiKey.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    const list = await admin.admin({ method: 'GET', url: '/api/admin/api-keys' });
    expect(list.json<ApiKeyList>().items.map((key) => key.id)).not.toContain(created.apiKey.id);
    const again = await admin.admin({ method: 'DELETE', url: `/api/admin/api-keys/${created.apiKey.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('changes the allow-list and the expiry, and /v1 follows', async () => {
    const created = await createKey({ name: 'scoped', allowedModels: ['flux'] });
    expect(created.apiKey.allowedModels).toEqual(['flux']);
    const models = async () => (await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).json<{ data: { id: string }[] }>().data.map((model) => model.id);
    expect(await models()).toEqual(['flux']);

    const widened = await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${created.apiKey.id}`, payload: { allowedModels: null } });
    expect(widened.json<ApiKey>().allowedModels).toBeNull();
    expect((await models()).sort()).toEqual(['flux', 'gpt-4o-mini']);

    const expired = await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${created.apiKey.id}`, payload: { expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(expired.statusCode).toBe(200);
    expect((await admin.v1(created.key, { method: 'GET', url: '/v1/models' })).json()).toMatchObject({ error: { code: 'expired_api_key' } });
  });

  it('refuses bad input with field errors, and everything without a session', async () => {
    const past = await admin.admin({ method: 'POST', url: '/api/admin/api-keys', payload: { name: 'x', expiresAt: '2001-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'expiresAt' }] } });
    const unknownField = await admin.admin({ method: 'POST', url: '/api/admin/api-keys', payload: { name: 'x', key: 'sk-mine' } });
    expect(unknownField.statusCode).toBe(400);
    const empty = await admin.admin({ method: 'PATCH', url: '/api/admin/api-keys/00000000-0000-4000-8000-000000000000', payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await admin.admin({ method: 'PATCH', url: '/api/admin/api-keys/00000000-0000-4000-8000-000000000000', payload: { enabled: false } });
    expect(missing.statusCode).toBe(404);
    const anonymous = await admin.app.inject({ method: 'POST', url: '/api/admin/api-keys', payload: { name: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await admin.app.inject({ method: 'GET', url: '/api/admin/api-keys' })).statusCode).toBe(401);
  });
});
