import { GatewayError } from '../errors.js';
import { base64FromDataUrl, type ImagesResponse } from '../images.js';
import type { UpstreamVideo, VideoStatus } from '../videos/types.js';
import { callJson, jsonHeaders } from './json-call.js';
import { openAIChatRequest, translateOpenAIStyleError } from './openai-wire.js';
import type { ProviderAdapter } from './provider.js';

// Attribution headers; they do not change OpenRouter's answers.
const ATTRIBUTION = { 'x-title': 'Switchboard' };

interface ChatWithImages {
  created?: number;
  choices?: { message?: { images?: { image_url?: { url?: string } }[] } }[];
  usage?: unknown;
}

interface OpenRouterVideo {
  id: string;
  status: string;
  error?: string | null;
  unsigned_urls?: string[];
}

const VIDEO_STATES: Record<string, VideoStatus> = {
  pending: 'queued',
  queued: 'queued',
  in_progress: 'in_progress',
  processing: 'in_progress',
  completed: 'completed',
};

function toUpstreamVideo(video: OpenRouterVideo): UpstreamVideo {
  const status = VIDEO_STATES[video.status] ?? 'failed';
  return {
    id: video.id,
    status,
    // OpenRouter reports no percentage; these steps keep the SDK's progress moving forward.
    progress: status === 'completed' ? 100 : status === 'in_progress' ? 50 : 0,
    error: status === 'failed' ? { code: `video_${video.status}`, message: video.error || `OpenRouter reported the job ${video.status}.` } : null,
  };
}

/** "1280x720" → "16:9", for OpenRouter's aspect_ratio; other sizes are left to the model's default. */
function aspectRatio(size: string | undefined): string | undefined {
  const match = size ? /^(\d+)x(\d+)$/.exec(size) : null;
  if (!match) return undefined;
  const [width, height] = [Number(match[1]), Number(match[2])];
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}

/**
 * OpenRouter: chat passes through; images come from chat completions with
 * `modalities: ["image","text"]` as data URLs, translated to OpenAI's images answer;
 * videos are its asynchronous /videos jobs.
 */
export const openRouterProvider: ProviderAdapter = {
  provider: 'OPENROUTER',
  types: ['CHAT', 'IMAGE', 'VIDEO'],
  chatRequest: (access, body) => openAIChatRequest(access, body, ATTRIBUTION),
  translateError: (status, body) => translateOpenAIStyleError('OpenRouter', status, body),

  async generateImages(call, model, request) {
    const count = Math.max(1, Math.min(10, request.n ?? 1));
    const ratio = aspectRatio(request.size);
    const one = () =>
      callJson<ChatWithImages>(call, openRouterProvider, {
        url: `${call.access.baseUrl}/chat/completions`,
        method: 'POST',
        headers: { ...jsonHeaders(call.access.apiKey), ...ATTRIBUTION },
        body: JSON.stringify({
          model: model.apiPath,
          messages: [{ role: 'user', content: request.prompt }],
          modalities: ['image', 'text'],
          ...(ratio ? { image_config: { aspect_ratio: ratio } } : {}),
        }),
      });
    const answers = await Promise.all(Array.from({ length: count }, one));
    const urls = answers.flatMap((answer) => answer.choices?.[0]?.message?.images ?? []).map((image) => image.image_url?.url);
    const data: ImagesResponse['data'] = [];
    for (const url of urls) {
      if (!url) continue;
      const b64 = base64FromDataUrl(url);
      if (request.response_format === 'url' || b64 === undefined) data.push({ url });
      else data.push({ b64_json: b64 });
    }
    if (data.length === 0) throw new GatewayError('upstream_error', 'OpenRouter answered without an image; is this model able to output images?');
    return { created: answers[0]?.created ?? Math.floor(Date.now() / 1000), data, ...(answers[0]?.usage ? { usage: answers[0].usage } : {}) };
  },

  async submitVideo(call, model, request) {
    const ratio = aspectRatio(request.size);
    const answer = await callJson<OpenRouterVideo>(call, openRouterProvider, {
      url: `${call.access.baseUrl}/videos`,
      method: 'POST',
      headers: { ...jsonHeaders(call.access.apiKey), ...ATTRIBUTION },
      body: JSON.stringify({
        model: model.apiPath,
        prompt: request.prompt,
        ...(request.seconds ? { duration: Number(request.seconds) } : {}),
        ...(request.size ? { size: request.size } : {}),
        ...(ratio ? { aspect_ratio: ratio } : {}),
      }),
    });
    return toUpstreamVideo(answer);
  },

  async pollVideo(call, upstreamId) {
    return toUpstreamVideo(
      await callJson<OpenRouterVideo>(call, openRouterProvider, {
        url: `${call.access.baseUrl}/videos/${encodeURIComponent(upstreamId)}`,
        method: 'GET',
        headers: jsonHeaders(call.access.apiKey),
      }),
    );
  },

  videoContentRequest: (access, upstream) => ({
    url: `${access.baseUrl}/videos/${encodeURIComponent(upstream.id)}/content?index=0`,
    method: 'GET',
    headers: jsonHeaders(access.apiKey),
  }),

  smokeTest: (model) =>
    model.type === 'CHAT'
      ? { path: 'chat', body: { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 } }
      : model.type === 'IMAGE'
        ? { path: 'images', body: { prompt: 'a small red dot', n: 1 } }
        : null,
};
