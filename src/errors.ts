/**
 * The error catalogue. Every error a client can see has a stable code, an HTTP status and a
 * message that says what happened and what to do. src/http/errors.ts is the one place that
 * turns these (and database errors) into responses.
 */
export const ERROR_CATALOGUE = {
  validation_failed: { status: 400, message: 'The request is not valid; see details for each field.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unauthorized: { status: 401, message: 'Sign in first.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  forbidden: { status: 403, message: 'You may not do that.' },
  not_found: { status: 404, message: 'Nothing was found here.' },
  conflict: { status: 409, message: 'That conflicts with something that already exists.' },
  schema_behind: { status: 409, message: 'The database schema is behind this version of Switchboard.' },
  secret_key_required: { status: 409, message: 'Storing a provider key needs SWITCHBOARD_SECRET_KEY to be set.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  rate_limited: { status: 429, message: 'Too many attempts; wait and try again.' },
  upstream_failed: { status: 502, message: 'The provider did not answer as expected.' },
  internal: { status: 500, message: 'Something went wrong on our side. Quote the request id when you report it.' },
  unavailable: { status: 503, message: 'The service is not ready; try again shortly.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message ?? ERROR_CATALOGUE[code].message, options);
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** A guard clause that narrows the type and throws the coded error in one line. */
export function assertThat(condition: unknown, code: ErrorCode, message?: string, details?: unknown): asserts condition {
  if (!condition) throw new AppError(code, message, details);
}
