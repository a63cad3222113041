import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertModel, type ModelRecord } from '../../src/catalog/queries.js';
import type { Model } from '../../src/catalog/schemas.js';
import type { ImportCandidateList, ImportResult, ProbeResult } from '../../src/gateway/admin/schemas.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { startFakeReplicate } from '../fakes/replicate.js';
import { faults, type FakeServer } from '../fakes/server.js';
import { startAdminApp, type AdminApp } from './admin-harness.js';

describe('admin API: "Test" on a model and the OpenRouter import', () => {
  let openRouter: FakeServer & { baseUrl: string };
  let openAI: FakeServer & { baseUrl: string };
  let replicate: FakeServer & { baseUrl: string };
  let admin: AdminApp;
  const models: Record<string, ModelRecord> = {};

  beforeAll(async () => {
    openRouter = await startFakeOpenRouter({ apiKey: 'sk-or-v1-test' });
    openAI = await startFakeOpenAI({ apiKey: 'sk-openai-test' });
    replicate = await startFakeReplicate({ apiKey: 'r8_test' });
    admin = await startAdminApp({
      env: {
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        OPENROUTER_API_KEY: 'sk-or-v1-test',
        OPENAI_BASE_URL: openAI.baseUrl,
        OPENAI_API_KEY: 'sk-openai-test',
        REPLICATE_BASE_URL: replicate.baseUrl,
        REPLICATE_API_KEY: 'r8_test',
      },
    });
    const specs = [
      { name: 'openai/gpt-4o-mini', type: 'CHAT', provider: 'OPENROUTER' },
      { name: 'gpt-image', type: 'IMAGE', provider: 'OPENAI' },
      { name: 'flux', type: 'IMAGE', provider: 'REPLICATE', apiPath: 'black-forest-labs/flux-schnell' },
      { name: 'veo', type: 'VIDEO', provider: 'OPENROUTER', apiPath: 'google/veo-3.1' },
      { name: 'kling', type: 'VIDEO', provider: 'REPLICATE', apiPath: 'kwaivgi/kling-v2.1' },
      { name: 'switched-off', type: 'CHAT', provider: 'OPENAI', enabled: false },
    ] as const;
    for (const spec of specs) {
      models[spec.name] = await insertModel(admin.db, {
        name: spec.name,
        displayName: spec.name,
        type: spec.type,
        provider: spec.provider,
        apiPath: 'apiPath' in spec ? spec.apiPath : spec.name,
        enabled: 'enabled' in spec ? spec.enabled : true,
        description: '',
      });
    }
    await admin.app.gateway.state.reload();
  });
  afterAll(async () => {
    await admin?.close();
    await Promise.all([openRouter?.close(), openAI?.close(), replicate?.close()]);
  });

  const test = async (name: string) => {
    const response = await admin.admin({ method: 'POST', url: `/api/admin/ai-models/${models[name]!.id}/test` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ProbeResult>();
  };

  it('tests a CHAT model with one token through the provider code', async () => {
    const result = await test('openai/gpt-4o-mini');
    expect(result.ok).toBe(true);
    expect(result.latencyMs).toBeGreaterThan(0);
    const seen = openRouter.requests.at(-1)!;
    expect(seen.path).toBe('/api/v1/chat/completions');
    expect(seen.json).toMatchObject({ model: 'openai/gpt-4o-mini', max_tokens: 1 });
  });

  it('tests IMAGE models with one small image, on OpenAI and Replicate', async () => {
    expect(await test('gpt-image')).toMatchObject({ ok: true });
    expect(openAI.requests.at(-1)!.json).toMatchObject({ model: 'gpt-image', n: 1, size: '256x256' });
    expect(await test('flux')).toMatchObject({ ok: true });
    expect(replicate.requests.some((request) => request.path === '/v1/models/black-forest-labs/flux-schnell/predictions')).toBe(true);
  });

  it('tests VIDEO models by asking the provider about its video models only (no video is made)', async () => {
    const submitted = () => [...openRouter.requests, ...replicate.requests].filter((request) => request.method === 'POST').length;
    const before = submitted();
    expect(await test('veo')).toMatchObject({ ok: true });
    expect(openRouter.requests.at(-1)!.path).toBe('/api/v1/videos/models');
    expect(await test('kling')).toMatchObject({ ok: true });
    expect(replicate.requests.at(-1)!.path).toBe('/v1/models/kwaivgi/kling-v2.1');
    expect(submitted()).toBe(before);
  });

  it("answers ok: false with the provider's own error, and tests a disabled model too", async () => {
    openRouter.interceptors.push(faults.status(429, { error: { code: 429, message: 'Rate limit exceeded: free-models-per-min' } }));
    const limited = await test('openai/gpt-4o-mini');
    expect(limited.ok).toBe(false);
    expect(limited.error).toContain('Rate limit exceeded: free-models-per-min');
    expect(limited.error).toContain('429');

    openAI.interceptors.push(faults.status(404, { error: { message: 'The model `switched-off` does not exist', type: 'invalid_request_error', param: null, code: 'model_not_found' } }));
    const missing = await test('switched-off');
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining('does not exist') });

    const unknown = await admin.admin({ method: 'POST', url: '/api/admin/ai-models/00000000-0000-4000-8000-000000000000/test' });
    expect(unknown.statusCode).toBe(404);
  });

  it('lists OpenRouter candidates of every output modality, typed by what they output', async () => {
    const response = await admin.admin({ method: 'GET', url: '/api/admin/imports/openrouter' });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<ImportCandidateList>().items;
    expect(openRouter.requests.at(-1)!.path).toBe('/api/v1/models?output_modalities=all');
    expect(items).toEqual([
      { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', description: 'Small and fast.', outputModalities: ['text'], type: 'CHAT', exists: true },
      { id: 'google/gemini-2.5-flash-image', name: 'Google: Nano Banana', description: 'Images.', outputModalities: ['image', 'text'], type: 'IMAGE', exists: false },
      { id: 'google/veo-3.1', name: 'Google: Veo 3.1', description: 'Video.', outputModalities: ['video'], type: 'VIDEO', exists: false },
      { id: 'openai/gpt-4o-mini-tts', name: 'OpenAI: TTS', description: 'Speech.', outputModalities: ['audio'], type: null, exists: false },
    ]);
  });

  it('imports many at once through the catalog, reporting each: created, skipped or refused', async () => {
    const response = await admin.admin({
      method: 'POST',
      url: '/api/admin/imports/openrouter',
      payload: { ids: ['google/gemini-2.5-flash-image', 'google/veo-3.1', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini-tts', 'nobody/nothing'] },
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<ImportResult>().items;
    expect(items.map((item) => [item.id, item.status])).toEqual([
      ['google/gemini-2.5-flash-image', 'created'],
      ['google/veo-3.1', 'created'],
      ['openai/gpt-4o-mini', 'skipped'],
      ['openai/gpt-4o-mini-tts', 'error'],
      ['nobody/nothing', 'error'],
    ]);
    const created = await admin.admin({ method: 'GET', url: `/api/admin/ai-models/${items[0]!.modelId}` });
    expect(created.json<Model>()).toMatchObject({ name: 'google/gemini-2.5-flash-image', displayName: 'Google: Nano Banana', type: 'IMAGE', provider: 'OPENROUTER', apiPath: 'google/gemini-2.5-flash-image', enabled: true });
    // Through the catalog service: each new model has its audit entry.
    const audit = await admin.admin({ method: 'GET', url: `/api/admin/audit?entityId=${items[1]!.modelId}` });
    expect(audit.json()).toMatchObject({ items: [{ action: 'create', entityName: 'google/veo-3.1' }] });
    expect(admin.app.gateway.state.snapshot.models.has('google/veo-3.1')).toBe(true);
  });

  it('says so when OpenRouter fails, and refuses an empty pick', async () => {
    openRouter.interceptors.push(faults.status(503, { error: { code: 503, message: 'down for maintenance' } }));
    const failed = await admin.admin({ method: 'GET', url: '/api/admin/imports/openrouter' });
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ error: { code: 'upstream_failed', message: expect.stringContaining('down for maintenance') } });
    const empty = await admin.admin({ method: 'POST', url: '/api/admin/imports/openrouter', payload: { ids: [] } });
    expect(empty.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'ids' }] } });
  });
});
