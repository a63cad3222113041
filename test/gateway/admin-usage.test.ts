import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, ApiKeyList, DailyUsage, UsageList } from '../../src/gateway/admin/schemas.js';
import { createApiKey } from '../../src/gateway/keys/service.js';
import type { UsageEntry } from '../../src/gateway/usage/types.js';
import { startAdminApp, type AdminApp } from './admin-harness.js';

const DAY_MS = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

describe('admin API: usage log and daily totals', () => {
  let admin: AdminApp;
  let keyId: string;
  const today = new Date();
  const yesterday = new Date(today.getTime() - DAY_MS);

  beforeAll(async () => {
    // A long flush interval: the test flushes by hand, so nothing is written behind its back.
    admin = await startAdminApp({ env: { USAGE_FLUSH_MS: '600000' } });
    keyId = (await createApiKey(admin.db, { name: 'product backend' })).record.id;
    const entry = (overrides: Partial<UsageEntry>): UsageEntry => ({
      at: today,
      apiKeyId: keyId,
      model: 'gpt-4o-mini',
      type: 'CHAT',
      provider: 'OPENAI',
      endpoint: '/v1/chat/completions',
      status: 200,
      latencyMs: 100,
      ttftMs: null,
      tokensIn: 10,
      tokensOut: 5,
      error: null,
      ...overrides,
    });
    // Yesterday: latencies 10..100 (p50 55, p95 95.5); today: a few of each kind.
    for (let index = 1; index <= 10; index++) admin.app.gateway.usage.record(entry({ at: yesterday, latencyMs: index * 10 }));
    admin.app.gateway.usage.record(entry({ latencyMs: 40 }));
    admin.app.gateway.usage.record(entry({ model: 'flux', type: 'IMAGE', provider: 'REPLICATE', endpoint: '/v1/images/generations', latencyMs: 900, tokensIn: null, tokensOut: null }));
    admin.app.gateway.usage.record(entry({ status: 429, latencyMs: 20, tokensIn: null, tokensOut: null, error: 'OpenAI: Rate limit reached' }));
    admin.app.gateway.usage.record(entry({ apiKeyId: null, status: 401, latencyMs: 1, tokensIn: null, tokensOut: null, error: 'invalid key' }));
    await admin.app.gateway.usageWriter.flush();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const usage = async (query: string) => {
    const response = await admin.admin({ method: 'GET', url: `/api/admin/usage${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<UsageList>();
  };

  it('lists requests newest first, with the key by name', async () => {
    const page = await usage('');
    expect(page.items).toHaveLength(14);
    expect(page.items[0]).toMatchObject({ apiKeyId: null, apiKeyName: null, status: 401 });
    expect(page.items[1]).toMatchObject({ apiKeyId: keyId, apiKeyName: 'product backend', status: 429, error: 'OpenAI: Rate limit reached' });
    expect(page.nextBefore).toBeNull();
  });

  it('filters by key, model, type, provider, status and time, and pages with a cursor', async () => {
    expect((await usage(`?apiKeyId=${keyId}`)).items).toHaveLength(13);
    expect((await usage('?model=flux')).items.map((item) => item.model)).toEqual(['flux']);
    expect((await usage('?type=IMAGE&provider=REPLICATE')).items).toHaveLength(1);
    expect((await usage('?provider=OPENAI&type=IMAGE')).items).toHaveLength(0);
    expect((await usage('?status=429')).items.map((item) => item.status)).toEqual([429]);
    expect((await usage('?status=error')).items.map((item) => item.status)).toEqual([401, 429]);
    expect((await usage('?status=ok')).items).toHaveLength(12);
    const since = new Date(today.getTime() - 60_000).toISOString();
    expect((await usage(`?from=${encodeURIComponent(since)}`)).items).toHaveLength(4);

    const first = await usage('?limit=5');
    expect(first.items).toHaveLength(5);
    const second = await usage(`?limit=5&before=${first.nextBefore}`);
    const third = await usage(`?limit=5&before=${second.nextBefore}`);
    expect(third.items).toHaveLength(4);
    expect(third.nextBefore).toBeNull();
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(14);
  });

  it('gives daily totals with p50 and p95 latency, one entry per day of the range', async () => {
    const response = await admin.admin({ method: 'GET', url: `/api/admin/usage/daily?from=${dayOf(new Date(today.getTime() - 2 * DAY_MS))}&to=${dayOf(today)}` });
    expect(response.statusCode, response.body).toBe(200);
    const { days } = response.json<DailyUsage>();
    expect(days.map((day) => day.day)).toEqual([dayOf(new Date(today.getTime() - 2 * DAY_MS)), dayOf(yesterday), dayOf(today)]);
    expect(days[0]).toEqual({ day: days[0]!.day, requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, p50LatencyMs: null, p95LatencyMs: null });
    expect(days[1]).toMatchObject({ requests: 10, errors: 0, tokensIn: 100, tokensOut: 50, p50LatencyMs: 55, p95LatencyMs: 95.5 });
    expect(days[2]).toMatchObject({ requests: 4, errors: 2, tokensIn: 10, tokensOut: 5 });

    const forFlux = (await admin.admin({ method: 'GET', url: `/api/admin/usage/daily?model=flux&from=${dayOf(today)}&to=${dayOf(today)}` })).json<DailyUsage>();
    expect(forFlux.days).toEqual([{ day: dayOf(today), requests: 1, errors: 0, tokensIn: 0, tokensOut: 0, p50LatencyMs: 900, p95LatencyMs: 900 }]);

    const defaults = (await admin.admin({ method: 'GET', url: '/api/admin/usage/daily' })).json<DailyUsage>();
    expect(defaults.days).toHaveLength(30);
    expect(defaults.to).toBe(dayOf(new Date()));
  });

  it('shows when each key was last used', async () => {
    const keys = (await admin.admin({ method: 'GET', url: '/api/admin/api-keys' })).json<ApiKeyList>();
    expect(keys.items.find((key) => key.id === keyId)!.lastUsedAt).toBe(today.toISOString());
    const renamed = await admin.admin({ method: 'PATCH', url: `/api/admin/api-keys/${keyId}`, payload: { name: 'product backend' } });
    expect(renamed.json<ApiKey>().lastUsedAt).toBe(today.toISOString());
  });

  it('refuses bad filters', async () => {
    const badStatus = await admin.admin({ method: 'GET', url: '/api/admin/usage?status=700' });
    expect(badStatus.statusCode).toBe(400);
    const backwards = await admin.admin({ method: 'GET', url: '/api/admin/usage/daily?from=2026-02-01&to=2026-01-01' });
    expect(backwards.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'from' }] } });
    const tooLong = await admin.admin({ method: 'GET', url: '/api/admin/usage/daily?from=2020-01-01&to=2026-01-01' });
    expect(tooLong.statusCode).toBe(400);
    expect((await admin.app.inject({ method: 'GET', url: '/api/admin/usage' })).statusCode).toBe(401);
  });
});
