import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeServer } from '../fakes/server.js';
import { startGateway, type GatewayHarness } from './harness.js';

describe('/v1 chat and models through the openai package', () => {
  let openRouter: FakeServer & { baseUrl: string };
  let openAI: FakeServer & { baseUrl: string };
  let compatible: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    openRouter = await startFakeOpenRouter({ apiKey: 'sk-or-v1-test' });
    openAI = await startFakeOpenAI({ apiKey: 'sk-openai-test', words: ['One', ' two', ' three'] });
    compatible = await startFakeOpenAI({ words: ['local'] });
    gateway = await startGateway({
      env: {
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        OPENROUTER_API_KEY: 'sk-or-v1-test',
        OPENAI_BASE_URL: openAI.baseUrl,
        OPENAI_API_KEY: 'sk-openai-test',
        OPENAI_COMPATIBLE_BASE_URL: compatible.baseUrl,
      },
      models: [
        { name: 'anthropic/claude-3-haiku:free', type: 'CHAT', provider: 'OPENROUTER' },
        { name: 'gpt-4o-mini', type: 'CHAT', provider: 'OPENAI', apiPath: 'gpt-4o-mini-2024-07-18' },
        { name: 'llama-local', type: 'CHAT', provider: 'OPENAI_COMPATIBLE', apiPath: 'llama3.2:3b' },
        { name: 'old-model', type: 'CHAT', provider: 'OPENAI', enabled: false },
        { name: 'veo-3', type: 'VIDEO', provider: 'OPENROUTER', apiPath: 'google/veo-3' },
      ],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openRouter?.close(), openAI?.close(), compatible?.close()]);
  });

  it('lists enabled models only, with the name as id', async () => {
    const page = await gateway.client().models.list();
    const ids = page.data.map((model) => model.id).sort();
    expect(ids).toEqual(['anthropic/claude-3-haiku:free', 'gpt-4o-mini', 'llama-local', 'veo-3']);
    expect(page.data.find((model) => model.id === 'gpt-4o-mini')).toMatchObject({ object: 'model', owned_by: 'openai' });
  });

  it('answers a chat completion through OpenRouter with the provider key and the api path as model', async () => {
    const completion = await gateway.client().chat.completions.create({
      model: 'anthropic/claude-3-haiku:free',
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Hi there');
    const seen = openRouter.requests.at(-1)!;
    expect(seen.headers.authorization).toBe('Bearer sk-or-v1-test');
    expect(seen.json).toMatchObject({ model: 'anthropic/claude-3-haiku:free', messages: [{ role: 'user', content: 'Say hi' }] });
  });

  it('streams from OpenRouter, skipping its comment lines, with usage in the last chunk', async () => {
    const stream = await gateway.client().chat.completions.create({
      model: 'anthropic/claude-3-haiku:free',
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hi there');
    expect(usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 2 });
  });

  it('streams from OpenAI with the api path as model, asking for usage', async () => {
    const stream = await gateway.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Count' }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) deltas.push(chunk.choices[0].delta.content);
    expect(deltas).toEqual(['One', ' two', ' three']);
    expect(openAI.requests.at(-1)!.json).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', stream: true, stream_options: { include_usage: true } });
  });

  it('passes the upstream SSE bytes through unchanged', async () => {
    const body = JSON.stringify({ model: 'anthropic/claude-3-haiku:free', messages: [{ role: 'user', content: 'x' }], stream: true });
    const viaGateway = await request(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      body,
    });
    expect(viaGateway.statusCode).toBe(200);
    expect(viaGateway.headers['content-type']).toMatch(/^text\/event-stream/);
    const relayed = await viaGateway.body.text();
    const direct = await request(`${openRouter.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-or-v1-test', 'content-type': 'application/json' },
      body,
    });
    expect(relayed).toBe(await direct.body.text());
    expect(relayed).toContain(': OPENROUTER PROCESSING\n\n');
  });

  it('serves an OpenAI-compatible server without a key', async () => {
    const completion = await gateway.client().chat.completions.create({ model: 'llama-local', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('local');
    expect(compatible.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(compatible.requests.at(-1)!.json).toMatchObject({ model: 'llama3.2:3b' });
  });

  describe('refusals in OpenAI error shape', () => {
    const chat = (client: OpenAI, model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

    it('404 model_not_found for an unknown model and for a disabled one', async () => {
      for (const model of ['no/such-model', 'old-model']) {
        const error = await chat(gateway.client(), model).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.NotFoundError);
        expect(error).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error', param: 'model' });
      }
    });

    it('400 for a VIDEO model on chat, naming the right endpoint', async () => {
      const error = await chat(gateway.client(), 'veo-3').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ code: 'wrong_endpoint_for_model' });
      expect((error as Error).message).toContain('POST /v1/videos');
    });

    it('403 for a model outside the key allow-list, and lists only allowed models', async () => {
      const scoped = gateway.client({ apiKey: await gateway.createKey({ allowedModels: ['gpt-4o-mini'] }) });
      const error = await chat(scoped, 'llama-local').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(error).toMatchObject({ code: 'model_not_allowed' });
      await expect(chat(scoped, 'gpt-4o-mini')).resolves.toMatchObject({ object: 'chat.completion' });
      expect((await scoped.models.list()).data.map((model) => model.id)).toEqual(['gpt-4o-mini']);
    });

    it('401 for a missing, unknown or expired key, before the provider is called; the scheme is case-insensitive', async () => {
      const before = openRouter.requests.length;
      const expired = await gateway.createKey({ expiresAt: new Date(Date.now() - 1000) });
      for (const apiKey of ['sk-sb-not-a-real-key', expired]) {
        const error = await chat(gateway.client({ apiKey }), 'anthropic/claude-3-haiku:free').catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      }
      const lowercase = await request(`${gateway.baseURL}/models`, { headers: { authorization: `bearer ${gateway.key}` } });
      expect(lowercase.statusCode).toBe(200);
      await lowercase.body.dump();
      const bare = await request(`${gateway.baseURL}/models`);
      expect(bare.statusCode).toBe(401);
      expect(await bare.body.json()).toMatchObject({ error: { code: 'missing_api_key', type: 'authentication_error' } });
      expect(openRouter.requests.length).toBe(before);
    });

    it('400 with the field for a body without messages, and 404 in OpenAI shape for an unknown path', async () => {
      const invalid = await request(`${gateway.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini' }),
      });
      expect(invalid.statusCode).toBe(400);
      expect(await invalid.body.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages' } });
      const unknown = await request(`${gateway.baseURL}/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${gateway.key}` } });
      expect(unknown.statusCode).toBe(404);
      expect(await unknown.body.json()).toMatchObject({ error: { code: 'not_found' } });
    });
  });
});
