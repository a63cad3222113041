import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { MP4_BYTES, startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { startFakeReplicate } from '../fakes/replicate.js';
import type { FakeServer } from '../fakes/server.js';
import { eventually, startGateway, type GatewayHarness } from './harness.js';

describe('videos as asynchronous jobs through the openai package', () => {
  let openRouter: FakeServer & { baseUrl: string };
  let compatible: FakeServer & { baseUrl: string };
  let replicate: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    openRouter = await startFakeOpenRouter({ apiKey: 'sk-or', videoPolls: 2 });
    compatible = await startFakeOpenAI({ apiKey: 'sk-compat', videoPolls: 2 });
    replicate = await startFakeReplicate({ apiKey: 'r8', polls: 2 });
    gateway = await startGateway({
      env: {
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        OPENROUTER_API_KEY: 'sk-or',
        OPENAI_COMPATIBLE_BASE_URL: compatible.baseUrl,
        OPENAI_COMPATIBLE_API_KEY: 'sk-compat',
        REPLICATE_BASE_URL: replicate.baseUrl,
        REPLICATE_API_KEY: 'r8',
        VIDEO_POLL_MS: '50',
      },
      models: [
        { name: 'veo', type: 'VIDEO', provider: 'OPENROUTER', apiPath: 'google/veo-3.1' },
        { name: 'wan', type: 'VIDEO', provider: 'OPENAI_COMPATIBLE', apiPath: 'wan2.5-t2v' },
        { name: 'kling', type: 'VIDEO', provider: 'REPLICATE', apiPath: 'kwaivgi/kling-v2.1' },
        { name: 'chat', type: 'CHAT', provider: 'OPENROUTER' },
      ],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openRouter?.close(), compatible?.close(), replicate?.close()]);
  });

  const waitForCompletion = (client: OpenAI, id: string) =>
    eventually(
      async () => {
        const video = await client.videos.retrieve(id);
        expect(video.status).toBe('completed');
        return video;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );

  for (const [model, fake] of [
    ['veo', () => openRouter],
    ['wan', () => compatible],
    ['kling', () => replicate],
  ] as const) {
    it(`creates, follows and downloads a ${model} video`, async () => {
      const client = gateway.client();
      const created = await client.videos.create({ model: model as OpenAI.VideoModel, prompt: 'A calico cat', seconds: '8', size: '1280x720' });
      expect(created).toMatchObject({ object: 'video', model, prompt: 'A calico cat', seconds: '8', size: '1280x720', error: null });
      expect(['queued', 'in_progress']).toContain(created.status);
      expect(created.id).toMatch(/^video_[0-9a-f]{32}$/);

      const done = await waitForCompletion(client, created.id);
      expect(done.progress).toBe(100);
      expect(done.completed_at).toEqual(expect.any(Number));

      const content = await client.videos.downloadContent(created.id);
      expect(content.headers.get('content-type')).toBe('video/mp4');
      expect(Buffer.from(await content.arrayBuffer())).toEqual(MP4_BYTES);
      expect(fake().requests.some((request) => request.method === 'POST')).toBe(true);
    });
  }

  it('sends the provider its own fields: duration for OpenRouter, the model path', async () => {
    const submitted = openRouter.requests.find((request) => request.method === 'POST' && request.path === '/api/v1/videos')!;
    expect(submitted.json).toMatchObject({ model: 'google/veo-3.1', prompt: 'A calico cat', duration: 8, aspect_ratio: '16:9' });
  });

  it('hides another key\u2019s video, and refuses content before completion and a chat model', async () => {
    const client = gateway.client();
    // With the poller paused, the job cannot complete behind the test's back.
    await gateway.app.gateway.videoPoller.stop();
    const created = await client.videos.create({ model: 'veo' as OpenAI.VideoModel, prompt: 'slow' });
    const early = await client.videos.downloadContent(created.id).catch((caught: unknown) => caught);
    expect(early).toMatchObject({ status: 409, code: 'video_not_ready' });
    gateway.app.gateway.videoPoller.start();

    const other = gateway.client({ apiKey: await gateway.createKey({}) });
    await expect(other.videos.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const wrong = await client.videos.create({ model: 'chat' as OpenAI.VideoModel, prompt: 'x' }).catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('picks unfinished jobs up again after a restart', async () => {
    const client = gateway.client();
    // Stop this server before its poller gets to the job, then start another on the same database.
    await gateway.app.gateway.videoPoller.stop();
    const created = await client.videos.create({ model: 'wan' as OpenAI.VideoModel, prompt: 'after restart' });
    await gateway.app.close();

    let restarted: Awaited<ReturnType<typeof buildApp>> | undefined;
    const db: Database = gateway.db;
    try {
      restarted = await buildApp(gateway.config, { db });
      await restarted.listen({ host: '127.0.0.1', port: 0 });
      const address = restarted.server.address() as { port: number };
      const again = new OpenAI({ baseURL: `http://127.0.0.1:${address.port}/v1`, apiKey: gateway.key, maxRetries: 0 });
      const done = await waitForCompletion(again, created.id);
      expect(done.prompt).toBe('after restart');
    } finally {
      await restarted?.close();
    }
  });
});
