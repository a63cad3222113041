import type { ModelType, Provider } from '../../catalog/model-types.js';
import { GatewayError } from '../errors.js';
import type { ImagesResponse } from '../images.js';
import type { UpstreamVideo, VideoStatus } from '../videos/types.js';
import { callJson, jsonHeaders } from './json-call.js';
import { openAIChatRequest, translateOpenAIStyleError, withStreamUsage } from './openai-wire.js';
import type { ProviderAdapter } from './provider.js';

interface OpenAIVideo {
  id: string;
  status: string;
  progress?: number;
  error?: { code?: string; message?: string } | null;
}

const VIDEO_STATES: Record<string, VideoStatus> = {
  queued: 'queued',
  in_progress: 'in_progress',
  completed: 'completed',
  failed: 'failed',
};

function toUpstreamVideo(video: OpenAIVideo): UpstreamVideo {
  const status = VIDEO_STATES[video.status] ?? 'failed';
  return {
    id: video.id,
    status,
    progress: status === 'completed' ? 100 : Math.max(0, Math.min(100, Math.round(video.progress ?? 0))),
    error:
      status === 'failed'
        ? { code: video.error?.code ?? 'video_failed', message: video.error?.message ?? `The provider reported status ${video.status}.` }
        : null,
  };
}

/**
 * A provider that speaks OpenAI's wire format for chat, images and (optionally) videos:
 * OpenAI itself, and any OpenAI-compatible server (vLLM, Ollama, DeepSeek, DashScope's
 * compatible mode, and the video vendors that serve the same /v1/videos shape).
 */
export function openAIStyleProvider(options: { provider: Provider; label: string; types: readonly ModelType[] }): ProviderAdapter {
  const adapter: ProviderAdapter = {
    provider: options.provider,
    types: options.types,
    chatRequest: (access, body) => openAIChatRequest(access, withStreamUsage(body)),
    translateError: (status, body) => translateOpenAIStyleError(options.label, status, body),
    async generateImages(call, model, request) {
      const response = await callJson<ImagesResponse>(call, adapter, {
        url: `${call.access.baseUrl}/images/generations`,
        method: 'POST',
        headers: jsonHeaders(call.access.apiKey),
        body: JSON.stringify({ ...request, model: model.apiPath }),
      });
      return assertImagesResponse(response);
    },
    smokeTest: (model) =>
      model.type === 'CHAT'
        ? { path: 'chat', body: { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 } }
        : model.type === 'IMAGE'
          ? { path: 'images', body: { prompt: 'a small red dot', n: 1, size: '256x256' } }
          : null,
  };
  if (options.types.includes('VIDEO')) {
    adapter.submitVideo = async (call, model, request) =>
      toUpstreamVideo(
        await callJson<OpenAIVideo>(call, adapter, {
          url: `${call.access.baseUrl}/videos`,
          method: 'POST',
          headers: jsonHeaders(call.access.apiKey),
          body: JSON.stringify({ ...request, model: model.apiPath }),
        }),
      );
    adapter.pollVideo = async (call, upstreamId) =>
      toUpstreamVideo(
        await callJson<OpenAIVideo>(call, adapter, {
          url: `${call.access.baseUrl}/videos/${encodeURIComponent(upstreamId)}`,
          method: 'GET',
          headers: jsonHeaders(call.access.apiKey),
        }),
      );
    adapter.videoContentRequest = (access, upstream, variant) => ({
      url: `${access.baseUrl}/videos/${encodeURIComponent(upstream.id)}/content?variant=${encodeURIComponent(variant)}`,
      method: 'GET',
      headers: jsonHeaders(access.apiKey),
    });
  }
  return adapter;
}

export function assertImagesResponse(value: ImagesResponse): ImagesResponse {
  if (!value || !Array.isArray(value.data)) throw new GatewayError('upstream_error', 'The provider answered without image data.');
  return value;
}
