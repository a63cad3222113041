import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertModel } from '../../src/catalog/queries.js';
import type { ProbeResult, ProviderList, ProviderSettings } from '../../src/gateway/admin/schemas.js';
import { SecretKeySource } from '../../src/gateway/credentials/secret-key.js';
import { CredentialStore } from '../../src/gateway/credentials/store.js';
import { createApiKey } from '../../src/gateway/keys/service.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeServer } from '../fakes/server.js';
import { isPostgres } from '../support/database.js';
import { startAdminApp, type AdminApp } from './admin-harness.js';
import { eventually } from './harness.js';

const ENV_KEY = 'sk-or-v1-from-the-environment-0000';
const DB_KEY = 'sk-or-v1-stored-through-the-api-9f3e';
const SECRET_KEY = randomBytes(32).toString('hex');

/** Every answer and every log line is checked for the stored key. */
function expectNoLeak(admin: AdminApp, ...bodies: string[]) {
  for (const body of [...bodies, admin.logs.join('\n')]) {
    expect(body).not.toContain(DB_KEY);
    expect(body).not.toContain(DB_KEY.slice(0, -4));
  }
}

describe('admin API: provider credentials', () => {
  let openRouter: FakeServer & { baseUrl: string };
  let admin: AdminApp;
  let clientKey: string;

  beforeAll(async () => {
    // The fake accepts the stored key only, so a /v1 call that succeeds proves which key went out.
    openRouter = await startFakeOpenRouter({ apiKey: DB_KEY });
    admin = await startAdminApp({ env: { OPENROUTER_BASE_URL: openRouter.baseUrl, OPENROUTER_API_KEY: ENV_KEY, SWITCHBOARD_SECRET_KEY: SECRET_KEY } });
    await insertModel(admin.db, { name: 'chat-model', displayName: 'Chat', type: 'CHAT', provider: 'OPENROUTER', apiPath: 'openai/gpt-4o-mini', enabled: true, description: '' });
    clientKey = (await createApiKey(admin.db, { name: 'client' })).key;
    await admin.app.gateway.state.reload();
  });
  afterAll(async () => {
    await admin?.close();
    await openRouter?.close();
  });

  const providers = async () => (await admin.admin({ method: 'GET', url: '/api/admin/providers' })).json<ProviderList>();
  const openRouterSettings = async () => (await providers()).items.find((item) => item.provider === 'OPENROUTER')!;
  const chat = () => admin.v1(clientKey, { method: 'POST', url: '/v1/chat/completions', payload: { model: 'chat-model', messages: [{ role: 'user', content: 'hi' }] } });

  it('lists every provider with where its settings come from, and no key', async () => {
    const list = await providers();
    expect(list.secretKey).toEqual({ source: 'environment', canStore: true });
    expect(list.items.map((item) => item.provider)).toEqual(['OPENROUTER', 'OPENAI', 'OPENAI_COMPATIBLE', 'REPLICATE']);
    expect(list.items[0]).toMatchObject({
      baseUrl: { value: openRouter.baseUrl, source: 'environment' },
      apiKey: { isSet: true, last4: '0000', source: 'environment', isUnreadable: false },
      updatedAt: null,
    });
    expect(list.items.find((item) => item.provider === 'OPENAI')!.apiKey).toMatchObject({ isSet: false, source: 'none', last4: null });
    expect(JSON.stringify(list)).not.toContain(ENV_KEY);
  });

  it('with the environment key the provider refuses: the connection test says so in its own words', async () => {
    const test = await admin.admin({ method: 'POST', url: '/api/admin/providers/OPENROUTER/test' });
    expect(test.statusCode).toBe(200);
    const result = test.json<ProbeResult>();
    expect(result.ok).toBe(false);
    expect(result.error).toContain('No auth credentials found');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await chat()).statusCode).toBe(502);
  });

  it('stores a key encrypted, never returns or logs it, and /v1 uses it over the environment one without a restart', async () => {
    const set = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { apiKey: DB_KEY } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<ProviderSettings>().apiKey).toEqual({ isSet: true, last4: '9f3e', source: 'database', isUnreadable: false });

    const rows = await admin.db.query<{ api_key_ciphertext: Uint8Array; api_key_iv: Uint8Array; api_key_tag: Uint8Array }>(
      'SELECT api_key_ciphertext, api_key_iv, api_key_tag FROM switchboard.provider_credentials',
    );
    expect(rows.rows).toHaveLength(1);
    const ciphertext = Buffer.from(rows.rows[0]!.api_key_ciphertext);
    expect(ciphertext.toString('utf8')).not.toContain(DB_KEY);
    expect(ciphertext.equals(Buffer.from(DB_KEY))).toBe(false);
    expect(Buffer.from(rows.rows[0]!.api_key_iv)).toHaveLength(12);
    expect(Buffer.from(rows.rows[0]!.api_key_tag)).toHaveLength(16);

    const completion = await chat();
    expect(completion.statusCode, completion.body).toBe(200);
    expect(openRouter.requests.at(-1)!.headers.authorization).toBe(`Bearer ${DB_KEY}`);

    const test = (await admin.admin({ method: 'POST', url: '/api/admin/providers/OPENROUTER/test' })).json<ProbeResult>();
    expect(test).toMatchObject({ ok: true });

    const list = await admin.admin({ method: 'GET', url: '/api/admin/providers' });
    const audit = await admin.admin({ method: 'GET', url: '/api/admin/audit' });
    expectNoLeak(admin, set.body, list.body, audit.body, completion.body);
  });

  it.runIf(isPostgres)('a key stored through one instance reaches another on the same database within a second', async () => {
    // GATEWAY_CACHE_POLL_MS: see the same test in admin-keys.test.ts.
    const other = await startAdminApp({
      testDb: admin.testDb,
      env: { OPENROUTER_BASE_URL: openRouter.baseUrl, OPENROUTER_API_KEY: ENV_KEY, SWITCHBOARD_SECRET_KEY: SECRET_KEY, GATEWAY_CACHE_POLL_MS: '500' },
    });
    try {
      await admin.admin({ method: 'DELETE', url: '/api/admin/providers/OPENROUTER' });
      await eventually(() => expect(other.app.gateway.state.snapshot.providers.OPENROUTER?.apiKey).toBe(ENV_KEY), { timeoutMs: 1_000 });
      const startedAt = Date.now();
      await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { apiKey: DB_KEY } });
      await eventually(async () => expect((await other.v1(clientKey, { method: 'POST', url: '/v1/chat/completions', payload: { model: 'chat-model', messages: [{ role: 'user', content: 'hi' }] } })).statusCode).toBe(200), { timeoutMs: 1_000 });
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      expectNoLeak(other);
    } finally {
      await other.close();
    }
  });

  it('sends a key to another host only when it is typed again', async () => {
    const elsewhere = await startFakeOpenRouter();
    try {
      const refused = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { baseUrl: elsewhere.baseUrl } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'apiKey' }] } });
      expect((await openRouterSettings()).baseUrl).toEqual({ value: openRouter.baseUrl, source: 'environment' });
      expect((await admin.admin({ method: 'POST', url: '/api/admin/providers/OPENROUTER/test' })).json<ProbeResult>().ok).toBe(true);
      expect(elsewhere.requests).toEqual([]);

      const moved = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { baseUrl: elsewhere.baseUrl, apiKey: `${DB_KEY}-elsewhere` } });
      expect(moved.statusCode, moved.body).toBe(200);
      const back = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { baseUrl: null, apiKey: DB_KEY } });
      expect(back.json<ProviderSettings>()).toMatchObject({ baseUrl: { source: 'environment' }, apiKey: { last4: '9f3e' } });
    } finally {
      await elsewhere.close();
    }
  });

  it('sets and forgets a base URL on the same host, and forgetting the key brings the environment one back', async () => {
    const moved = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { baseUrl: `${openRouter.url}/elsewhere/` } });
    expect(moved.json<ProviderSettings>().baseUrl).toEqual({ value: `${openRouter.url}/elsewhere`, source: 'database' });
    expect((await chat()).statusCode).not.toBe(200);
    const restored = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { baseUrl: null } });
    expect(restored.json<ProviderSettings>().baseUrl).toEqual({ value: openRouter.baseUrl, source: 'environment' });
    expect((await chat()).statusCode).toBe(200);

    const forgotten = await admin.admin({ method: 'DELETE', url: '/api/admin/providers/OPENROUTER' });
    expect(forgotten.statusCode).toBe(204);
    expect((await openRouterSettings()).apiKey).toMatchObject({ source: 'environment', last4: '0000' });
    expect(await admin.db.query('SELECT 1 FROM switchboard.provider_credentials')).toMatchObject({ rowCount: 0 });
    expect((await chat()).statusCode).toBe(502);
    expect((await admin.admin({ method: 'DELETE', url: '/api/admin/providers/OPENROUTER' })).statusCode).toBe(404);
  });

  it('refuses bad input: an unknown provider, a URL that is not http, an empty body', async () => {
    expect((await admin.admin({ method: 'PATCH', url: '/api/admin/providers/ANTHROPIC', payload: { apiKey: 'x' } })).statusCode).toBe(400);
    const badUrl = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENAI', payload: { baseUrl: 'file:///etc/passwd' } });
    expect(badUrl.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'baseUrl' }] } });
    expect((await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENAI', payload: {} })).statusCode).toBe(400);
    expect((await admin.app.inject({ method: 'PATCH', url: '/api/admin/providers/OPENAI', payload: { apiKey: 'x' } })).statusCode).toBe(401);
  });

  it('cannot read a stored key under another secret key, and says so instead of using it', async () => {
    await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENROUTER', payload: { apiKey: DB_KEY } });
    const warnings: unknown[] = [];
    const log = { info: () => {}, warn: (object: unknown) => warnings.push(object) };
    const otherKey = new SecretKeySource({ configured: randomBytes(32).toString('hex'), database: admin.config.database, log });
    const store = new CredentialStore(otherKey, log);
    expect(await store.list(admin.db)).toEqual([expect.objectContaining({ provider: 'OPENROUTER', apiKey: null, isUnreadable: true })]);
    expect(await store.load(admin.db)).toEqual({ OPENROUTER: { baseUrl: null, apiKey: null } });
    await store.load(admin.db);
    expect(warnings).toEqual([{ provider: 'OPENROUTER' }]);
    await admin.admin({ method: 'DELETE', url: '/api/admin/providers/OPENROUTER' });
  });
});

describe('admin API: provider credentials without SWITCHBOARD_SECRET_KEY', () => {
  let admin: AdminApp;

  beforeAll(async () => {
    admin = await startAdminApp();
  });
  afterAll(async () => {
    await admin?.close();
  });

  it.runIf(isPostgres)('refuses to store a key on a server PostgreSQL, saying what to set', async () => {
    expect((await admin.admin({ method: 'GET', url: '/api/admin/providers' })).json<ProviderList>().secretKey).toEqual({ source: 'none', canStore: false });
    const refused = await admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENAI', payload: { apiKey: DB_KEY } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'secret_key_required' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('SWITCHBOARD_SECRET_KEY');
    expect(await admin.db.query('SELECT 1 FROM switchboard.provider_credentials')).toMatchObject({ rowCount: 0 });
    expectNoLeak(admin, refused.body);
  });

  it.runIf(!isPostgres)('generates DATA_DIR/secret.key (mode 0600) on the embedded database, once, and logs that', async () => {
    expect((await admin.admin({ method: 'GET', url: '/api/admin/providers' })).json<ProviderList>().secretKey).toEqual({ source: 'none', canStore: true });
    // Two first stores at once: one key is generated, and both credentials are sealed with it.
    const [stored, second] = await Promise.all([
      admin.admin({ method: 'PATCH', url: '/api/admin/providers/OPENAI', payload: { apiKey: DB_KEY } }),
      admin.admin({ method: 'PATCH', url: '/api/admin/providers/REPLICATE', payload: { apiKey: `${DB_KEY}-2` } }),
    ]);
    expect(stored.statusCode, stored.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    expect(admin.app.gateway.state.snapshot.providers.REPLICATE?.apiKey).toBe(`${DB_KEY}-2`);
    const file = path.join(admin.config.database.kind === 'embedded' ? admin.config.database.dataDir : '', 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(admin.logs.filter((line) => line.includes('generated a secret key'))).toHaveLength(1);
    expect((await admin.admin({ method: 'GET', url: '/api/admin/providers' })).json<ProviderList>().secretKey).toEqual({ source: 'file', canStore: true });
    expect(admin.app.gateway.state.snapshot.providers.OPENAI?.apiKey).toBe(DB_KEY);
    expectNoLeak(admin, stored.body);
  });
});
