import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_1X1, startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { startFakeReplicate } from '../fakes/replicate.js';
import type { FakeServer } from '../fakes/server.js';
import { startGateway, type GatewayHarness } from './harness.js';

describe('POST /v1/images/generations through the openai package', () => {
  let openRouter: FakeServer & { baseUrl: string };
  let openAI: FakeServer & { baseUrl: string };
  let replicate: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    openRouter = await startFakeOpenRouter({ apiKey: 'sk-or' });
    openAI = await startFakeOpenAI({ apiKey: 'sk-oa' });
    replicate = await startFakeReplicate({ apiKey: 'r8_test', polls: 2 });
    gateway = await startGateway({
      env: {
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        OPENROUTER_API_KEY: 'sk-or',
        OPENAI_BASE_URL: openAI.baseUrl,
        OPENAI_API_KEY: 'sk-oa',
        REPLICATE_BASE_URL: replicate.baseUrl,
        REPLICATE_API_KEY: 'r8_test',
      },
      models: [
        { name: 'gpt-image-1', type: 'IMAGE', provider: 'OPENAI' },
        { name: 'nano-banana', type: 'IMAGE', provider: 'OPENROUTER', apiPath: 'google/gemini-2.5-flash-image' },
        { name: 'flux-schnell', type: 'IMAGE', provider: 'REPLICATE', apiPath: 'black-forest-labs/flux-schnell' },
        { name: 'chat-model', type: 'CHAT', provider: 'OPENAI' },
      ],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openRouter?.close(), openAI?.close(), replicate?.close()]);
  });

  it('passes an OpenAI image request through with the api path as model', async () => {
    const images = await gateway.client().images.generate({ model: 'gpt-image-1', prompt: 'a red dot', n: 2, size: '1024x1024' });
    expect(images.data).toEqual([{ b64_json: PNG_1X1 }, { b64_json: PNG_1X1 }]);
    expect(openAI.requests.at(-1)!.json).toEqual({ model: 'gpt-image-1', prompt: 'a red dot', n: 2, size: '1024x1024' });
  });

  it('translates to OpenRouter chat with modalities and returns b64_json', async () => {
    const images = await gateway.client().images.generate({ model: 'nano-banana', prompt: 'a red dot', size: '1280x720' });
    expect(images.data).toEqual([{ b64_json: PNG_1X1 }]);
    const seen = openRouter.requests.at(-1)!;
    expect(seen.path).toBe('/api/v1/chat/completions');
    expect(seen.json).toMatchObject({
      model: 'google/gemini-2.5-flash-image',
      modalities: ['image', 'text'],
      messages: [{ role: 'user', content: 'a red dot' }],
      image_config: { aspect_ratio: '16:9' },
    });
  });

  it('runs a Replicate prediction with Prefer: wait and returns its delivery URL', async () => {
    const images = await gateway.client().images.generate({ model: 'flux-schnell', prompt: 'a red dot' });
    expect(images.data).toHaveLength(1);
    expect(images.data![0]!.url).toMatch(/\/files\/pred\d+\.png$/);
    const seen = replicate.requests.find((entry) => entry.method === 'POST')!;
    expect(seen.path).toBe('/v1/models/black-forest-labs/flux-schnell/predictions');
    expect(seen.headers.prefer).toBe('wait=60');
    expect(seen.headers.authorization).toBe('Bearer r8_test');
  });

  it('fetches Replicate output as b64_json when asked', async () => {
    const images = await gateway.client().images.generate({ model: 'flux-schnell', prompt: 'a red dot', response_format: 'b64_json' });
    expect(images.data![0]!.b64_json).toBe(PNG_1X1);
  });

  it('refuses a CHAT model on the images endpoint', async () => {
    const error = await gateway.client().images.generate({ model: 'chat-model', prompt: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('POST /v1/chat/completions');
  });

  it('translates a Replicate validation error into OpenAI shape with its status', async () => {
    replicate.interceptors.push((_request, response) => {
      response.writeHead(422, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ title: 'Input validation failed', detail: 'prompt is too long', status: 422 }));
    });
    const error = await gateway.client().images.generate({ model: 'flux-schnell', prompt: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect((error as Error).message).toContain('Replicate: prompt is too long');
  });
});
