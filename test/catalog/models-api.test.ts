import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { countRows, createModelViaApi } from '../support/factories.js';

describe('/api/admin/ai-models', () => {
  let testApp: TestApp;
  let cookie: string;
  beforeAll(async () => {
    testApp = await createTestApp();
    cookie = await testApp.signIn();
  });
  afterAll(() => testApp.close());

  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    testApp.app.inject({ method, url, headers: { cookie }, payload: payload as never });

  it('creates, reads, updates and deletes a model, recording each change in the audit log', async () => {
    const created = await createModelViaApi(testApp.app, cookie, { type: 'VIDEO', provider: 'REPLICATE', apiPath: 'minimax/video-01', description: 'Text to video' });
    expect(created).toMatchObject({ name: 'minimax/video-01', displayName: 'Video 01', type: 'VIDEO', enabled: true, description: 'Text to video' });

    expect((await request('GET', `/api/admin/ai-models/${created.id}`)).json()).toEqual(created);

    const updated = await request('PATCH', `/api/admin/ai-models/${created.id}`, { enabled: false, displayName: 'MiniMax Video 01' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ enabled: false, displayName: 'MiniMax Video 01', name: 'minimax/video-01' });
    expect(Date.parse(updated.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

    const deleted = await request('DELETE', `/api/admin/ai-models/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await request('GET', `/api/admin/ai-models/${created.id}`)).statusCode).toBe(404);

    const audit = await request('GET', `/api/admin/audit?entityId=${created.id}`);
    const entries = audit.json().items as { action: string; actor: { label: string }; before: unknown; after: unknown }[];
    expect(entries.map((entry) => entry.action)).toEqual(['delete', 'update', 'create']);
    expect(entries.every((entry) => entry.actor.label === 'admin@example.com')).toBe(true);
    expect(entries[1]).toMatchObject({ before: { enabled: true, displayName: 'Video 01' }, after: { enabled: false, displayName: 'MiniMax Video 01' } });
    expect(entries[2]).toMatchObject({ before: null, after: { name: 'minimax/video-01' } });
    expect(entries[0]).toMatchObject({ before: { name: 'minimax/video-01' }, after: null });
  });

  it('answers 404 for a missing model and 400 for an id that is not a UUID', async () => {
    const missing = await request('PATCH', '/api/admin/ai-models/00000000-0000-4000-8000-000000000000', { enabled: false });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const malformed = await request('GET', '/api/admin/ai-models/not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'id', in: 'params' })] });
  });

  it('refuses a model its provider cannot serve, on create and on update', async () => {
    const before = await countRows(testApp.app, 'public.ai_models');
    const refused = await request('POST', '/api/admin/ai-models', { type: 'CHAT', provider: 'REPLICATE', apiPath: 'meta/llama-3-8b' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'provider' })] });
    expect(await countRows(testApp.app, 'public.ai_models')).toBe(before);

    const image = await createModelViaApi(testApp.app, cookie, { type: 'IMAGE', provider: 'REPLICATE' });
    const update = await request('PATCH', `/api/admin/ai-models/${image.id}`, { type: 'CHAT' });
    expect(update.statusCode).toBe(400);
    expect((await request('GET', `/api/admin/ai-models/${image.id}`)).json().type).toBe('IMAGE');
  });

  it('answers 409 conflict naming the field when the name is taken', async () => {
    await createModelViaApi(testApp.app, cookie, { apiPath: 'black-forest-labs/flux-schnell' });
    const before = await countRows(testApp.app, 'public.ai_models');
    const duplicate = await request('POST', '/api/admin/ai-models', { type: 'IMAGE', provider: 'OPENROUTER', apiPath: 'black-forest-labs/flux-schnell' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'conflict', details: { field: 'name' } });
    expect(duplicate.body).not.toMatch(/duplicate key|violates/);
    expect(await countRows(testApp.app, 'public.ai_models')).toBe(before);
  });

  it('filters by type, provider, enabled and text, sorts, paginates and counts per type', async () => {
    const tag = `list-${Date.now()}`;
    for (const [type, provider, enabled] of [
      ['CHAT', 'OPENROUTER', true],
      ['CHAT', 'OPENAI', false],
      ['IMAGE', 'OPENAI', true],
      ['VIDEO', 'REPLICATE', true],
      ['CHAT', 'OPENROUTER', true],
    ] as const) {
      await createModelViaApi(testApp.app, cookie, { type, provider, enabled, apiPath: `${tag}/${type.toLowerCase()}-${provider.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}` });
    }
    const list = async (query: string) => (await request('GET', `/api/admin/ai-models?q=${tag}&${query}`)).json();

    expect((await list('')).total).toBe(5);
    expect((await list('')).typeCounts).toEqual({ CHAT: 3, IMAGE: 1, VIDEO: 1 });
    expect((await list('type=CHAT')).total).toBe(3);
    expect((await list('type=CHAT')).typeCounts).toEqual({ CHAT: 3, IMAGE: 1, VIDEO: 1 });
    expect((await list('provider=OPENAI')).total).toBe(2);
    expect((await list('enabled=false')).items.map((item: { provider: string }) => item.provider)).toEqual(['OPENAI']);
    expect((await list('type=CHAT&provider=OPENROUTER&enabled=true')).total).toBe(2);

    const byNameAsc = (await list('sort=name&pageSize=100')).items.map((item: { name: string }) => item.name);
    expect(byNameAsc).toEqual([...byNameAsc].sort());
    const byNameDesc = (await list('sort=-name&pageSize=100')).items.map((item: { name: string }) => item.name);
    expect(byNameDesc).toEqual([...byNameAsc].reverse());

    const pageOne = await list('sort=name&pageSize=2&page=1');
    const pageThree = await list('sort=name&pageSize=2&page=3');
    expect(pageOne).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(pageOne.items).toHaveLength(2);
    expect(pageThree.items.map((item: { name: string }) => item.name)).toEqual([byNameAsc[4]]);

    const nothing = await request('GET', '/api/admin/ai-models?q=no-such-thing-anywhere');
    expect(nothing.json()).toMatchObject({ total: 0, items: [] });
  });

  it('treats search text literally, including LIKE wildcards', async () => {
    await createModelViaApi(testApp.app, cookie, { apiPath: 'percent/100%_sure' });
    await createModelViaApi(testApp.app, cookie, { apiPath: 'percent/100x-sure' });
    const result = (await request('GET', `/api/admin/ai-models?q=${encodeURIComponent('100%_')}`)).json();
    expect(result.items.map((item: { name: string }) => item.name)).toEqual(['percent/100%_sure']);
  });

  it('keeps HTML in names and descriptions as text', async () => {
    const created = await createModelViaApi(testApp.app, cookie, { apiPath: 'x/<script>alert(1)</script>', description: '<b>bold</b>' });
    expect(created.name).toBe('x/<script>alert(1)</script>');
    expect(created.description).toBe('<b>bold</b>');
  });
});
