import { errorTypeForStatus, GatewayError, type OpenAIErrorBody } from '../errors.js';
import type { ProviderAccess } from './provider.js';
import { bearer } from './provider.js';
import type { UpstreamRequest } from '../upstream.js';

/** Helpers for the providers that speak OpenAI's wire format (OpenAI, OpenRouter, vLLM, ...). */
export function openAIChatRequest(access: ProviderAccess, body: Record<string, unknown>, extraHeaders: Record<string, string> = {}): UpstreamRequest {
  return {
    url: `${access.baseUrl}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(access), ...extraHeaders },
    body: JSON.stringify(body),
  };
}

/** Ask for usage in the final stream chunk, so the usage log has token counts for streams too. */
export function withStreamUsage(body: Record<string, unknown>): Record<string, unknown> {
  if (body.stream !== true) return body;
  const options = (body.stream_options as Record<string, unknown> | undefined) ?? {};
  return { ...body, stream_options: { ...options, include_usage: true } };
}

/**
 * A provider's error in OpenAI's shape. The provider rejecting Switchboard's own credentials
 * (401) is a gateway misconfiguration, not the client's key, so it becomes a 502.
 */
export function translateOpenAIStyleError(label: string, status: number, body: Buffer): { status: number; body: OpenAIErrorBody } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: unknown } | undefined)?.error;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const upstreamMessage =
    typeof fields.message === 'string' ? fields.message : typeof error === 'string' ? error : body.toString('utf8').slice(0, 300) || `HTTP ${status}`;
  if (status === 401) {
    const gatewayError = new GatewayError('provider_auth_failed', `${label} rejected the credentials Switchboard holds for it: ${upstreamMessage}`, {
      status: 502,
      type: 'server_error',
    });
    return { status: 502, body: gatewayError.toBody() };
  }
  const code = typeof fields.code === 'string' ? fields.code : typeof fields.code === 'number' ? String(fields.code) : null;
  return {
    status,
    body: {
      error: {
        message: `${label}: ${upstreamMessage}`,
        type: typeof fields.type === 'string' ? fields.type : errorTypeForStatus(status),
        param: typeof fields.param === 'string' ? fields.param : null,
        code,
      },
    },
  };
}
