import { GatewayError } from '../errors.js';
import { readBody } from '../upstream.js';
import type { UpstreamRequest } from '../upstream.js';
import type { ProviderAdapter, ProviderCall } from './provider.js';

/** One JSON request to a provider, with retries; a provider error becomes a GatewayError in OpenAI's shape. */
export async function callJson<T>(call: ProviderCall, adapter: ProviderAdapter, request: Omit<UpstreamRequest, 'signal'>): Promise<T> {
  const response = await call.upstreams.send({ ...request, signal: call.signal });
  const body = await readBody(response);
  if (response.statusCode >= 400) {
    const translated = adapter.translateError(response.statusCode, body);
    throw new GatewayError(translated.body.error.code ?? 'upstream_error', translated.body.error.message, {
      status: translated.status,
      type: translated.body.error.type,
      param: translated.body.error.param,
    });
  }
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (error) {
    throw new GatewayError('upstream_error', 'The provider answered with a body that is not JSON.', { cause: error });
  }
}

export function jsonHeaders(apiKey: string | undefined, authScheme = 'Bearer'): Record<string, string> {
  return { 'content-type': 'application/json', ...(apiKey ? { authorization: `${authScheme} ${apiKey}` } : {}) };
}
