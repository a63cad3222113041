import http from 'node:http';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatChunk, startFakeOpenAI } from '../fakes/openai.js';
import { openRouterErrorFrame } from '../fakes/openrouter.js';
import { faults, writeFrames, type FakeServer } from '../fakes/server.js';
import { eventually, startGateway, type GatewayHarness } from './harness.js';

const MODEL = 'fault-model';
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('faults between the gateway and a provider', () => {
  let upstream: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ words: ['a', 'b', 'c'] });
    gateway = await startGateway({
      env: { OPENAI_BASE_URL: upstream.baseUrl, OPENAI_API_KEY: 'sk-test', GATEWAY_FIRST_BYTE_TIMEOUT_MS: '400', GATEWAY_IDLE_TIMEOUT_MS: '400', GATEWAY_SSE_PING_MS: '100' },
      models: [{ name: MODEL, type: 'CHAT', provider: 'OPENAI' }],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const requestsSince = (count: number) => upstream.requests.length - count;

  it('answers 504 in OpenAI shape when the provider never sends its headers', async () => {
    upstream.interceptors.push(faults.hang());
    const started = Date.now();
    const error = await gateway.client().chat.completions.create({ model: MODEL, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries a 500 twice and then answers with the provider error', async () => {
    const before = upstream.requests.length;
    for (let i = 0; i < 3; i++) upstream.interceptors.push(faults.status(500, { error: { message: 'boom', type: 'server_error', param: null, code: null } }));
    const error = await gateway.client().chat.completions.create({ model: MODEL, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('boom');
    expect(requestsSince(before)).toBe(3);
  });

  it('retries a 429 and a dropped connection, then succeeds without the client noticing', async () => {
    const before = upstream.requests.length;
    upstream.interceptors.push(faults.status(429, { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } }, { 'retry-after': '0' }));
    upstream.interceptors.push(faults.reset());
    const completion = await gateway.client().chat.completions.create({ model: MODEL, messages });
    expect(completion.choices[0]!.message.content).toBe('abc');
    expect(requestsSince(before)).toBe(3);
  });

  it('ends a stream whose connection resets mid-way with an OpenAI error event, never a silent 200', async () => {
    upstream.interceptors.push(async (_request, response, socket) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await writeFrames(response, [chatChunk('c1', MODEL, { role: 'assistant', content: 'par' })]);
      // Half a frame, then the connection drops once those bytes are on the wire.
      response.write('data: {"id":"c1","choi', () => socket.destroy());
    });
    const stream = await gateway.client().chat.completions.create({ model: MODEL, messages, stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['par']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/could not be reached|failed|complete/);
  });

  it('reports an upstream that stops sending mid-stream as a timeout event', async () => {
    upstream.interceptors.push(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await writeFrames(response, [chatChunk('c1', MODEL, { content: 'x' })]);
      // then silence, longer than GATEWAY_IDLE_TIMEOUT_MS
    });
    const raw = await request(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages, stream: true }),
    });
    const text = await raw.body.text();
    expect(raw.statusCode).toBe(200);
    const last = text.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.slice('data: '.length))).toMatchObject({ error: { code: 'upstream_timeout', type: 'server_error' } });
  });

  it('sends a ping comment while the provider is silent, and the stream still parses', async () => {
    let sawPing!: () => void;
    const pinged = new Promise<void>((resolve) => (sawPing = resolve));
    upstream.interceptors.push(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await writeFrames(response, [chatChunk('c1', MODEL, { content: 'before' })]);
      // Silent (shorter than the idle timeout between pings) until the client has seen a ping.
      await pinged;
      await writeFrames(response, [chatChunk('c1', MODEL, { content: ' after' }), 'data: [DONE]\n\n']);
      response.end();
    });
    const raw = await request(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages, stream: true }),
    });
    let text = '';
    for await (const chunk of raw.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes(': ping\n\n')) sawPing();
    }
    const events = text.split('\n\n').filter(Boolean);
    expect(events[0]).toContain('"before"');
    expect(events).toContain(': ping');
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('passes a provider error event through, and the SDK raises it', async () => {
    upstream.interceptors.push(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      await writeFrames(response, [': OPENROUTER PROCESSING\n\n', chatChunk('c1', MODEL, { content: 'x' }), openRouterErrorFrame(MODEL)]);
      response.end();
    });
    const stream = await gateway.client().chat.completions.create({ model: MODEL, messages, stream: true });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('Provider disconnected unexpectedly');
  });

  it('aborts the upstream request when the client disconnects mid-stream', async () => {
    let upstreamClosed = false;
    upstream.interceptors.push(async (_request, response) => {
      response.on('close', () => (upstreamClosed = true));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 500 && !response.destroyed; i++) {
        await writeFrames(response, [chatChunk('c1', MODEL, { content: `${i} ` })]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      response.end();
    });
    const controller = new AbortController();
    const stream = await gateway.client().chat.completions.create({ model: MODEL, messages, stream: true }, { signal: controller.signal });
    let count = 0;
    await (async () => {
      for await (const _chunk of stream) if (++count === 3) controller.abort();
    })().catch(() => undefined);
    await eventually(() => expect(upstreamClosed).toBe(true), { timeoutMs: 2_000 });
  });

  it('holds the provider back while a client reads slowly, and loses no frame', async () => {
    const frameCount = 600;
    const payload = 'x'.repeat(64 * 1024);
    let written = 0;
    let isBlocked = false;
    upstream.interceptors.push(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < frameCount && !response.destroyed; i++) {
        const frame = `data: ${JSON.stringify({ i, choices: [{ index: 0, delta: { content: payload } }] })}\n\n`;
        written++;
        if (!response.write(frame)) {
          isBlocked = true;
          await new Promise((resolve) => response.once('drain', resolve));
        }
      }
      response.end('data: [DONE]\n\n');
    });

    const body = JSON.stringify({ model: MODEL, messages, stream: true });
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${gateway.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      });
      req.on('error', reject);
      req.on('response', async (res) => {
        res.pause();
        try {
          // The client reads nothing: the provider must end up blocked well before it has sent everything.
          await eventually(() => expect(isBlocked).toBe(true), { timeoutMs: 10_000 });
          const stalledAt = written;
          expect(stalledAt).toBeLessThan(frameCount);
          await eventually(() => expect(written).toBe(stalledAt), { timeoutMs: 1_000 });
        } catch (error) {
          reject(error);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.resume();
      });
      req.end(body);
    });
    const indexes = [...received.matchAll(/^data: \{"i":(\d+),/gm)].map((match) => Number(match[1]));
    expect(indexes).toEqual(Array.from({ length: frameCount }, (_, i) => i));
    expect(received.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
