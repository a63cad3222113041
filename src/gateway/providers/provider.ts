import type { ModelRecord } from '../../catalog/queries.js';
import type { ModelType, Provider } from '../../catalog/model-types.js';
import type { OpenAIErrorBody } from '../errors.js';
import type { RequestSignal, UpstreamRequest, Upstreams } from '../upstream.js';
import type { ImagesResponse, ImageRequest } from '../images.js';
import type { UpstreamVideo, VideoRequest } from '../videos/types.js';

/** Where and how to reach one provider: from the environment, or stored through the admin API. */
export interface ProviderAccess {
  baseUrl: string;
  apiKey: string | undefined;
}

export interface ProviderCall {
  access: ProviderAccess;
  upstreams: Upstreams;
  /** Aborted when the client goes away. */
  signal: RequestSignal;
}

/**
 * One provider. Chat is a byte-for-byte relay for every provider that speaks OpenAI's chat
 * format, so a provider only says how to address the request; images and videos differ
 * enough between providers that each one implements them itself. Adding a provider means
 * one file exporting this and one line in ./index.ts.
 */
export interface ProviderAdapter {
  readonly provider: Provider;
  readonly types: readonly ModelType[];
  /** The upstream request for a chat completion; `body` is the client's, with `model` replaced. */
  chatRequest?(access: ProviderAccess, body: Record<string, unknown>): UpstreamRequest;
  generateImages?(call: ProviderCall, model: ModelRecord, request: ImageRequest): Promise<ImagesResponse>;
  submitVideo?(call: ProviderCall, model: ModelRecord, request: VideoRequest): Promise<UpstreamVideo>;
  pollVideo?(call: ProviderCall, upstreamId: string): Promise<UpstreamVideo>;
  /** The finished video's bytes (or a URL to them). */
  videoContentRequest?(access: ProviderAccess, upstream: UpstreamVideo, variant: string): UpstreamRequest;
  /** The provider's error response in OpenAI's shape, and the status to answer with. */
  translateError(status: number, body: Buffer): { status: number; body: OpenAIErrorBody };
  /** The smallest real request for a model, for the admin's "test" button; null when none fits. */
  smokeTest?(model: ModelRecord): { path: 'chat' | 'images' | 'videos'; body: Record<string, unknown> } | null;
}

export function bearer(access: ProviderAccess): Record<string, string> {
  return access.apiKey ? { authorization: `Bearer ${access.apiKey}` } : {};
}
