import { MP4_BYTES, PNG_1X1 } from './openai.js';
import { bearerOf, sendJson, startFakeServer, type FakeServer } from './server.js';

/**
 * A fake Replicate following providers.md §3: predictions on official models
 * (/models/{owner}/{name}/predictions) and on versions (/predictions), `Prefer: wait`,
 * polling, and outputs as delivery URLs served by the fake itself.
 * Base URL: `${fake.url}/v1`.
 */
export async function startFakeReplicate(options: { apiKey?: string; polls?: number } = {}): Promise<FakeServer & { baseUrl: string }> {
  const predictions = new Map<string, { polls: number; kind: 'image' | 'video'; input: unknown }>();
  let next = 1;

  const fake = await startFakeServer(async (request, response) => {
    const path = request.path.split('?')[0]!;
    if (request.method === 'GET' && path.startsWith('/files/')) {
      const isVideo = path.endsWith('.mp4');
      const bytes = isVideo ? MP4_BYTES : Buffer.from(PNG_1X1, 'base64');
      response.writeHead(200, { 'content-type': isVideo ? 'video/mp4' : 'image/png', 'content-length': bytes.length });
      return void response.end(bytes);
    }
    if (options.apiKey && bearerOf(request) !== options.apiKey) {
      return sendJson(response, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
    }
    // The admin's connection test (GET /account checks the token) and a VIDEO model's test (the model's page).
    if (request.method === 'GET' && path === '/v1/account') return sendJson(response, 200, { type: 'user', username: 'switchboard', name: 'Switchboard' });
    const modelMatch = /^\/v1\/models\/([^/]+)\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && modelMatch) return sendJson(response, 200, { owner: modelMatch[1], name: modelMatch[2], visibility: 'public' });
    const body = (request.json ?? {}) as { version?: string; input?: { prompt?: string; duration?: number } };
    const create = /^\/v1\/models\/[^/]+\/[^/]+\/predictions$/.test(path) || path === '/v1/predictions';
    if (request.method === 'POST' && create) {
      if (!body.input?.prompt) return sendJson(response, 422, { title: 'Input validation failed', detail: 'input.prompt is required', status: 422, invalid_fields: [] });
      const id = `pred${next++}`;
      const isVideo = body.input.duration !== undefined || path.includes('video');
      predictions.set(id, { polls: 0, kind: isVideo ? 'video' : 'image', input: body.input });
      const waits = typeof request.headers.prefer === 'string' && request.headers.prefer.startsWith('wait');
      return sendJson(response, 201, prediction(id, waits && !isVideo));
    }
    const getMatch = /^\/v1\/predictions\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && getMatch) {
      const entry = predictions.get(getMatch[1]!);
      if (!entry) return sendJson(response, 404, { detail: 'Not found.' });
      entry.polls++;
      return sendJson(response, 200, prediction(getMatch[1]!, entry.polls >= (options.polls ?? 2)));
    }
    sendJson(response, 404, { detail: `Unknown path ${path}` });
  });

  function prediction(id: string, isDone: boolean) {
    const entry = predictions.get(id)!;
    const status = isDone ? 'succeeded' : entry.polls === 0 ? 'starting' : 'processing';
    const output = isDone ? (entry.kind === 'video' ? `${fake.url}/files/${id}.mp4` : [`${fake.url}/files/${id}.png`]) : null;
    return {
      id,
      model: 'owner/name',
      version: 'v1',
      input: entry.input,
      logs: '',
      output,
      error: null,
      status,
      created_at: '2023-09-08T16:19:34.765Z',
      urls: { get: `${fake.url}/v1/predictions/${id}`, cancel: `${fake.url}/v1/predictions/${id}/cancel` },
    };
  }

  return Object.assign(fake, { baseUrl: `${fake.url}/v1` });
}
