/**
 * Errors on /v1 use OpenAI's shape, `{error:{message,type,param,code}}`, because the clients
 * are OpenAI SDKs: they read exactly these four fields. The admin API keeps its own catalogue
 * (src/errors.ts); this is the gateway's.
 */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export const GATEWAY_ERRORS = {
  missing_api_key: { status: 401, type: 'authentication_error' },
  invalid_api_key: { status: 401, type: 'authentication_error' },
  expired_api_key: { status: 401, type: 'authentication_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  model_not_allowed: { status: 403, type: 'permission_error' },
  wrong_endpoint_for_model: { status: 400, type: 'invalid_request_error' },
  invalid_request: { status: 400, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  provider_not_configured: { status: 503, type: 'server_error' },
  upstream_timeout: { status: 504, type: 'server_error' },
  upstream_unreachable: { status: 502, type: 'server_error' },
  upstream_error: { status: 502, type: 'server_error' },
  internal_error: { status: 500, type: 'server_error' },
} as const satisfies Record<string, { status: number; type: string }>;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;

  constructor(
    readonly code: GatewayErrorCode | (string & {}),
    message: string,
    options: { status?: number; type?: string; param?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    const known = (GATEWAY_ERRORS as Record<string, { status: number; type: string }>)[code];
    this.status = options.status ?? known?.status ?? 500;
    this.type = options.type ?? known?.type ?? 'server_error';
    this.param = options.param ?? null;
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** The OpenAI error type a status maps to, for errors translated from a provider. */
export function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}
