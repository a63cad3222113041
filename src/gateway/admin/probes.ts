import type { Provider } from '../../catalog/model-types.js';
import type { ModelRecord } from '../../catalog/queries.js';
import { GatewayError } from '../errors.js';
import type { ImageRequest } from '../images.js';
import { jsonHeaders } from '../providers/json-call.js';
import { PROVIDER_ADAPTERS } from '../providers/index.js';
import type { ProviderAccess, ProviderAdapter } from '../providers/provider.js';
import type { GatewayState } from '../state.js';
import { readBody, type UpstreamRequest, type Upstreams } from '../upstream.js';
import type { ProbeResult } from './schemas.js';

/** An admin waits for the answer on screen: a test that takes longer than this has failed. */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * A cheap authenticated GET per provider, to test a connection without a model: it proves the
 * base URL answers and the key is accepted, and costs nothing. (OpenRouter's /models needs no
 * key, so its /key endpoint is the one that checks the key.)
 */
const CONNECTION_CHECKS: Record<Provider, (access: ProviderAccess) => string> = {
  OPENROUTER: (access) => `${access.baseUrl}/key`,
  OPENAI: (access) => `${access.baseUrl}/models`,
  OPENAI_COMPATIBLE: (access) => `${access.baseUrl}/models`,
  REPLICATE: (access) => `${access.baseUrl}/account`,
};

/**
 * A video costs real money and minutes, so testing a VIDEO model only checks that the
 * provider answers for video models: its models or model-status endpoint.
 */
const VIDEO_CHECKS: Record<Provider, (access: ProviderAccess, model: ModelRecord) => string> = {
  OPENROUTER: (access) => `${access.baseUrl}/videos/models`,
  OPENAI: (access) => `${access.baseUrl}/models`,
  OPENAI_COMPATIBLE: (access) => `${access.baseUrl}/models`,
  REPLICATE: (access, model) => `${access.baseUrl}/models/${model.apiPath.split(':')[0]!.split('/').map(encodeURIComponent).join('/')}`,
};

export interface ProbeDeps {
  state: GatewayState;
  upstreams: Upstreams;
}

/** "Test connection": the provider's cheapest authenticated request, through the gateway's current settings. */
export function probeProvider(deps: ProbeDeps, provider: Provider): Promise<ProbeResult> {
  const adapter = PROVIDER_ADAPTERS[provider];
  return timed(async (signal) => {
    const access = accessOrThrow(deps.state, provider);
    await sendGet(deps.upstreams, adapter, { url: CONNECTION_CHECKS[provider](access), method: 'GET', headers: jsonHeaders(access.apiKey), signal });
  });
}

/**
 * "Test" on a model: the smallest real request for its type through the provider's own code
 * (chat: one token; image: the adapter's cheapest generation; video: the models endpoint).
 * A disabled model can be tested too, so an admin can check it before enabling it.
 */
export function probeModel(deps: ProbeDeps, model: ModelRecord): Promise<ProbeResult> {
  const adapter = (PROVIDER_ADAPTERS as Partial<Record<string, ProviderAdapter>>)[model.provider];
  return timed(async (signal) => {
    if (!adapter || !adapter.types.includes(model.type)) {
      throw new GatewayError('provider_not_configured', `Switchboard cannot send ${model.type} requests to provider ${model.provider}.`);
    }
    const access = accessOrThrow(deps.state, adapter.provider);
    if (model.type === 'VIDEO') {
      await sendGet(deps.upstreams, adapter, { url: VIDEO_CHECKS[adapter.provider](access, model), method: 'GET', headers: jsonHeaders(access.apiKey), signal });
      return;
    }
    const smoke = adapter.smokeTest?.(model);
    if (!smoke) throw new GatewayError('invalid_request', `There is no test request for ${model.type} models on ${model.provider}.`);
    if (smoke.path === 'chat' && adapter.chatRequest) {
      await sendGet(deps.upstreams, adapter, { ...adapter.chatRequest(access, { ...smoke.body, model: model.apiPath }), signal });
      return;
    }
    if (smoke.path === 'images' && adapter.generateImages) {
      await adapter.generateImages({ access, upstreams: deps.upstreams, signal }, model, smoke.body as ImageRequest);
      return;
    }
    throw new GatewayError('invalid_request', `There is no test request for ${model.type} models on ${model.provider}.`);
  });
}

function accessOrThrow(state: GatewayState, provider: Provider): ProviderAccess {
  const access = state.snapshot.providers[provider];
  if (!access) throw new GatewayError('provider_not_configured', `Provider ${provider} has no base URL: set one in the admin panel or ${provider}_BASE_URL.`);
  return access;
}

/** One attempt, no retries: the admin wants to see the provider's first answer, not a retried one. */
async function sendGet(upstreams: Upstreams, adapter: ProviderAdapter, request: UpstreamRequest): Promise<void> {
  const response = await upstreams.once(request);
  const body = await readBody(response);
  if (response.statusCode >= 400) {
    const translated = adapter.translateError(response.statusCode, body);
    throw new GatewayError(translated.body.error.code ?? 'upstream_error', `${translated.body.error.message} (HTTP ${response.statusCode})`);
  }
}

async function timed(work: (signal: AbortSignal) => Promise<void>): Promise<ProbeResult> {
  const startedAt = performance.now();
  const latency = () => Math.round((performance.now() - startedAt) * 10) / 10;
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  try {
    await work(signal);
    return { ok: true, latencyMs: latency() };
  } catch (error) {
    if (signal.aborted) return { ok: false, latencyMs: latency(), error: `The provider did not answer within ${PROBE_TIMEOUT_MS / 1000} s.` };
    if (error instanceof GatewayError) return { ok: false, latencyMs: latency(), error: error.message };
    throw error;
  }
}
