import type { ServerResponse } from 'node:http';
import { bearerOf, sendJson, startFakeServer, writeFrames, type FakeServer, type SeenRequest } from './server.js';

/**
 * A fake OpenAI (and OpenAI-compatible server) following the wire format in
 * providers.md §2: chat with and without streaming, images, and the async videos API.
 * Paths are under /v1, so the base URL is `${fake.url}/v1`.
 */
export interface FakeOpenAIOptions {
  apiKey?: string;
  /** Words of the streamed answer; the non-stream answer joins them. */
  words?: string[];
  /** Milliseconds between stream frames. */
  frameGapMs?: number;
  /** Polls a video needs before it completes. */
  videoPolls?: number;
}

export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const MP4_BYTES = Buffer.from('00000018667479706d703432000000006d703432', 'hex');

export function chatChunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1700000000, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeServer & { baseUrl: string }> {
  const words = options.words ?? ['Hello', ' from', ' the', ' fake'];
  const videos = new Map<string, { polls: number; model: string; prompt: string; seconds: string; size: string }>();
  let nextVideo = 1;

  const fake = await startFakeServer(async (request, response) => {
    if (options.apiKey && bearerOf(request) !== options.apiKey) {
      return sendJson(response, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    }
    const body = (request.json ?? {}) as Record<string, unknown>;
    const path = request.path.split('?')[0]!;
    // The admin's connection test and a VIDEO model's test.
    if (request.method === 'GET' && path === '/v1/models') return sendJson(response, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' }] });
    if (request.method === 'POST' && path === '/v1/chat/completions') return chat(request, body, response);
    if (request.method === 'POST' && path === '/v1/images/generations') {
      const n = typeof body.n === 'number' ? body.n : 1;
      return sendJson(response, 200, { created: 1713833628, data: Array.from({ length: n }, () => ({ b64_json: PNG_1X1 })), output_format: 'png' });
    }
    if (request.method === 'POST' && path === '/v1/videos') {
      const fields = body.prompt ? body : parseMultipart(request);
      const id = `video_${nextVideo++}`;
      const video = { polls: 0, model: String(fields.model ?? 'sora-2'), prompt: String(fields.prompt), seconds: String(fields.seconds ?? '4'), size: String(fields.size ?? '720x1280') };
      videos.set(id, video);
      return sendJson(response, 200, videoObject(id, video));
    }
    const videoMatch = /^\/v1\/videos\/([^/]+)(\/content)?$/.exec(path);
    if (request.method === 'GET' && videoMatch) {
      const video = videos.get(videoMatch[1]!);
      if (!video) return sendJson(response, 404, { error: { message: 'No such video', type: 'invalid_request_error', param: null, code: null } });
      if (videoMatch[2]) {
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': MP4_BYTES.length });
        return void response.end(MP4_BYTES);
      }
      video.polls++;
      return sendJson(response, 200, videoObject(videoMatch[1]!, video));
    }
    sendJson(response, 404, { error: { message: `Unknown path ${path}`, type: 'invalid_request_error', param: null, code: null } });
  });

  function videoObject(id: string, video: { polls: number; model: string; prompt: string; seconds: string; size: string }) {
    const needed = options.videoPolls ?? 2;
    const status = video.polls === 0 ? 'queued' : video.polls >= needed ? 'completed' : 'in_progress';
    return {
      id,
      object: 'video',
      model: video.model,
      status,
      progress: status === 'completed' ? 100 : Math.round((video.polls / needed) * 100),
      created_at: 1712697600,
      completed_at: status === 'completed' ? 1712697700 : null,
      expires_at: null,
      prompt: video.prompt,
      seconds: video.seconds,
      size: video.size,
      remixed_from_video_id: null,
      error: null,
    };
  }

  async function chat(_request: SeenRequest, body: Record<string, unknown>, response: ServerResponse) {
    const model = String(body.model);
    if (body.stream !== true) {
      return sendJson(response, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1700000000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: words.join(''), refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 9, completion_tokens: words.length, total_tokens: 9 + words.length },
      });
    }
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const usageField = includeUsage ? { usage: null } : {};
    const frames = [
      chatChunk('c1', model, { role: 'assistant', content: '' }, null, usageField),
      ...words.map((word) => chatChunk('c1', model, { content: word }, null, usageField)),
      chatChunk('c1', model, {}, 'stop', usageField),
      ...(includeUsage
        ? [`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1700000000, model, choices: [], usage: { prompt_tokens: 9, completion_tokens: words.length, total_tokens: 9 + words.length } })}\n\n`]
        : []),
      'data: [DONE]\n\n',
    ];
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    await writeFrames(response, frames, options.frameGapMs ?? 0);
    response.end();
  }

  return Object.assign(fake, { baseUrl: `${fake.url}/v1` });
}

/** Enough of multipart/form-data to read text fields (SDK v7 always sends videos that way). */
function parseMultipart(request: SeenRequest): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of request.body.matchAll(/name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)) fields[match[1]!] = match[2]!;
  return fields;
}
