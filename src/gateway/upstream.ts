import { EventEmitter } from 'node:events';
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import type { GatewaySettings } from '../config.js';
import { GatewayError } from './errors.js';

/**
 * The HTTP client for providers: one long-lived undici Pool per origin (keep-alive, no
 * pipelining, since third-party APIs rarely handle it), and the retry policy. A retry is
 * only ever made before anything reached the client, which is why it lives here, below
 * the code that writes the response.
 */
export interface UpstreamRequest {
  /** Absolute URL: the provider's base URL and the path. */
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: RequestSignal;
  /** Overrides the configured first-byte timeout (Replicate's `Prefer: wait` holds up to 60 s). */
  headersTimeoutMs?: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * Cancels one upstream request when its client goes away. undici accepts an EventEmitter with
 * `aborted` as a signal; an AbortController per request cost about a fifth of the gateway's
 * throughput in bench:gateway, this costs next to nothing.
 */
export class CancelSignal extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

export type RequestSignal = AbortSignal | CancelSignal;

/** Waits `ms`, rejecting early with an AbortError when the signal fires. */
export function sleep(ms: number, signal?: RequestSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abortError = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      if (signal instanceof CancelSignal) signal.off('abort', onAbort);
      else signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal instanceof CancelSignal) signal.once('abort', onAbort);
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export class Upstreams {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly settings: GatewaySettings) {}

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: 256,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: this.settings.connectTimeoutMs },
        headersTimeout: this.settings.firstByteTimeoutMs,
        bodyTimeout: this.settings.idleTimeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** One attempt; connection-level failures become GatewayErrors with a provider-neutral message. */
  async once(request: UpstreamRequest): Promise<UpstreamResponse> {
    const target = this.split(request.url);
    try {
      return await this.poolFor(target.origin).request({
        path: target.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        ...(request.headersTimeoutMs === undefined ? {} : { headersTimeout: request.headersTimeoutMs }),
      });
    } catch (error) {
      throw toGatewayError(error);
    }
  }

  /** Most requests go to a handful of URLs (base URL + fixed path): parse each once. */
  private readonly parsedUrls = new Map<string, { origin: string; path: string }>();

  private split(href: string): { origin: string; path: string } {
    let parsed = this.parsedUrls.get(href);
    if (!parsed) {
      const url = new URL(href);
      parsed = { origin: url.origin, path: url.pathname + url.search };
      // Per-job URLs (video polls, delivery URLs) are not worth keeping.
      if (this.parsedUrls.size < 1_000) this.parsedUrls.set(href, parsed);
    }
    return parsed;
  }

  /**
   * Sends with retries on 429, 5xx and connection errors, with exponential backoff (or the
   * provider's Retry-After when it is short). Resolves to the last response, which may be an
   * error status for the caller to translate.
   */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.settings.maxRetries;
      let response: UpstreamResponse;
      try {
        response = await this.once(request);
      } catch (error) {
        if (!canRetry || request.signal?.aborted || !isRetryable(error)) throw error;
        await sleep(this.backoff(attempt, undefined), request.signal);
        continue;
      }
      if (!canRetry || !(response.statusCode === 429 || response.statusCode >= 500)) return response;
      const retryAfter = retryAfterMs(response.headers['retry-after']);
      // A provider asking for a long wait is better answered now, so the client can decide.
      if (retryAfter !== undefined && retryAfter > 10_000) return response;
      await response.body.dump().catch(() => undefined);
      await sleep(this.backoff(attempt, retryAfter), request.signal);
    }
  }

  private backoff(attempt: number, retryAfter: number | undefined): number {
    if (retryAfter !== undefined) return retryAfter;
    const base = this.settings.retryBaseMs * 2 ** attempt;
    return base - Math.random() * base * 0.25;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}

function isRetryable(error: unknown): boolean {
  const cause = error instanceof GatewayError ? error.cause : error;
  const code = (cause as { code?: string } | undefined)?.code;
  return code !== undefined && RETRYABLE_CODES.has(code);
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function toGatewayError(error: unknown): Error {
  if (error instanceof GatewayError) return error;
  if ((error as { name?: string })?.name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError) return error as Error;
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new GatewayError('upstream_timeout', 'The provider did not answer in time.', { cause: error });
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return new GatewayError('upstream_timeout', 'The provider stopped sending mid-response.', { cause: error });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new GatewayError('upstream_timeout', 'Connecting to the provider timed out.', { cause: error });
  }
  return new GatewayError('upstream_unreachable', 'The provider could not be reached.', { cause: error });
}

/** Reads a whole (small) upstream body. */
export async function readBody(response: UpstreamResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
  } catch (error) {
    throw toGatewayError(error);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
