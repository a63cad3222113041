import type { FieldIssue } from '../../../src/catalog/schemas.js';

/** An error answer from the API, in the one error contract: { error: { code, message, details? } }. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field-level problems of a validation_failed or conflict answer, keyed by field name. */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const issue of this.details as FieldIssue[]) {
        if (issue && typeof issue.field === 'string' && !(issue.field in errors)) errors[issue.field] = issue.message;
      }
    } else if (this.code === 'conflict' && isRecord(this.details) && typeof this.details.field === 'string') {
      errors[this.details.field] = this.message;
    }
    return errors;
  }
}

/** Details of a schema_behind answer: the type the database refuses, and what fixes it. */
export interface SchemaBehindDetails {
  type?: string;
  migration?: string;
  command?: string;
}

export function schemaBehindDetails(error: ApiError): SchemaBehindDetails {
  return isRecord(error.details) ? (error.details as SchemaBehindDetails) : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Listeners told when any request answers 401, so the session view can send the admin to sign in. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** A JSON request to the server's API; throws ApiError for any answer that is not 2xx. */
export async function apiRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check that Switchboard is running, then try again.', undefined, undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) return parsed as T;

  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : {};
  const apiError = new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : `http_${response.status}`,
    typeof error.message === 'string' ? error.message : `The server answered ${response.status} ${response.statusText}.`,
    error.details,
    typeof error.requestId === 'string' ? error.requestId : (response.headers.get('x-request-id') ?? undefined),
  );
  if (response.status === 401 && !path.startsWith('/api/auth/')) for (const listener of unauthorizedListeners) listener();
  throw apiError;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A query string from the defined, non-empty entries of params. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
