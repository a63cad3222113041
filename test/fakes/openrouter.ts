import { MP4_BYTES, PNG_1X1, chatChunk } from './openai.js';
import { bearerOf, sendJson, startFakeServer, writeFrames, type FakeServer } from './server.js';

/**
 * A fake OpenRouter following providers.md §1: chat (streams open with a
 * `: OPENROUTER PROCESSING` comment and always end with a usage chunk), images through chat
 * with `modalities`, async videos, and GET /models. Base URL: `${fake.url}/api/v1`.
 */
export async function startFakeOpenRouter(options: { apiKey?: string; words?: string[]; videoPolls?: number } = {}): Promise<FakeServer & { baseUrl: string }> {
  const words = options.words ?? ['Hi', ' there'];
  const videos = new Map<string, { polls: number }>();
  let nextVideo = 1;

  const fake = await startFakeServer(async (request, response) => {
    const path = request.path.split('?')[0]!;
    if (request.method === 'GET' && path === '/api/v1/models') {
      return sendJson(response, 200, {
        data: [
          { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', description: 'Small and fast.', architecture: { output_modalities: ['text'] } },
          { id: 'google/gemini-2.5-flash-image', name: 'Google: Nano Banana', description: 'Images.', architecture: { output_modalities: ['image', 'text'] } },
          // For the admin's import: every output modality (?output_modalities=all) maps to a type, or to none.
          ...(request.path.includes('output_modalities=all')
            ? [
                { id: 'google/veo-3.1', name: 'Google: Veo 3.1', description: 'Video.', architecture: { output_modalities: ['video'] } },
                { id: 'openai/gpt-4o-mini-tts', name: 'OpenAI: TTS', description: 'Speech.', architecture: { output_modalities: ['audio'] } },
              ]
            : []),
        ],
      });
    }
    if (options.apiKey && bearerOf(request) !== options.apiKey) {
      return sendJson(response, 401, { error: { code: 401, message: 'No auth credentials found' } });
    }
    // The admin's connection test (GET /key checks the key) and a VIDEO model's test.
    if (request.method === 'GET' && path === '/api/v1/key') return sendJson(response, 200, { data: { label: 'sk-or-v1-…', usage: 0, limit: null, is_free_tier: false } });
    if (request.method === 'GET' && path === '/api/v1/videos/models') return sendJson(response, 200, { data: [{ id: 'google/veo-3.1', supported_durations: [4, 8] }] });
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (request.method === 'POST' && path === '/api/v1/chat/completions') {
      const model = String(body.model);
      if (Array.isArray(body.modalities) && body.modalities.includes('image')) {
        return sendJson(response, 200, {
          id: 'gen-img',
          object: 'chat.completion',
          created: 1700000000,
          model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Here it is.', images: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}` } }] } }],
        });
      }
      const usage = { prompt_tokens: 10, completion_tokens: words.length, total_tokens: 10 + words.length, cost: 0.00012, is_byok: false };
      if (body.stream !== true) {
        return sendJson(response, 200, {
          id: 'gen-abc',
          object: 'chat.completion',
          created: 1700000000,
          model,
          choices: [{ index: 0, finish_reason: 'stop', native_finish_reason: 'stop', message: { role: 'assistant', content: words.join('') } }],
          usage,
        });
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-generation-id': 'gen-abc' });
      await writeFrames(response, [
        ': OPENROUTER PROCESSING\n\n',
        chatChunk('gen-abc', model, { role: 'assistant', content: '' }),
        ': OPENROUTER PROCESSING\n\n',
        ...words.map((word) => chatChunk('gen-abc', model, { content: word })),
        chatChunk('gen-abc', model, {}, 'stop'),
        `data: ${JSON.stringify({ id: 'gen-abc', object: 'chat.completion.chunk', created: 1700000000, model, choices: [], usage })}\n\n`,
        'data: [DONE]\n\n',
      ]);
      return void response.end();
    }
    if (request.method === 'POST' && path === '/api/v1/videos') {
      const id = `job-${nextVideo++}`;
      videos.set(id, { polls: 0 });
      return sendJson(response, 202, { id, polling_url: `/api/v1/videos/${id}`, status: 'pending' });
    }
    const videoMatch = /^\/api\/v1\/videos\/([^/]+)(\/content)?$/.exec(path);
    if (request.method === 'GET' && videoMatch) {
      const video = videos.get(videoMatch[1]!);
      if (!video) return sendJson(response, 404, { error: { code: 404, message: 'Job not found' } });
      if (videoMatch[2]) {
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': MP4_BYTES.length });
        return void response.end(MP4_BYTES);
      }
      video.polls++;
      const needed = options.videoPolls ?? 2;
      const status = video.polls >= needed ? 'completed' : 'in_progress';
      return sendJson(response, 200, {
        id: videoMatch[1],
        polling_url: `/api/v1/videos/${videoMatch[1]}`,
        status,
        ...(status === 'completed' ? { unsigned_urls: [`${fake.url}/api/v1/videos/${videoMatch[1]}/content?index=0`], usage: { cost: 0.5, is_byok: false } } : {}),
      });
    }
    sendJson(response, 404, { error: { code: 404, message: `Unknown path ${path}` } });
  });
  return Object.assign(fake, { baseUrl: `${fake.url}/api/v1` });
}

/** OpenRouter's mid-stream failure: HTTP 200 already sent, then one error event (§1.4). */
export function openRouterErrorFrame(model: string): string {
  return `data: ${JSON.stringify({ id: 'cmpl-abc123', object: 'chat.completion.chunk', created: 1234567890, model, provider: 'openai', error: { code: 'server_error', message: 'Provider disconnected unexpectedly' }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`;
}
