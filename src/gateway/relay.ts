import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { GatewayError } from './errors.js';
import type { ProviderAdapter } from './providers/provider.js';
import { readBody, toGatewayError, type UpstreamRequest, type Upstreams } from './upstream.js';

/** What a relayed request produced, for the usage log. */
export interface RelayOutcome {
  status: number;
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  error: string | null;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform and X-Accel-Buffering keep proxies from buffering or compressing the stream.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

const DONE = Buffer.from('[DONE]');
/** A comment line during long silences, so proxies and load balancers do not drop an idle stream. */
const PING = ': ping\n\n';
const USAGE_MARK = Buffer.from('"usage":{');
const ERROR_MARK = Buffer.from('"error":');

/**
 * Sends a chat completion upstream and relays the answer. Before the first byte reaches the
 * client, failures are retried (in Upstreams.send) and then answered as ordinary HTTP errors.
 * Once the stream has started, the upstream's bytes are written through unchanged, frame by
 * frame, with backpressure; a failure after that point ends the stream with one error event
 * in OpenAI's shape, so a client never mistakes a broken stream for a complete one.
 */
export async function relayChat(options: {
  upstreams: Upstreams;
  adapter: ProviderAdapter;
  request: UpstreamRequest;
  isStream: boolean;
  reply: FastifyReply;
  requestId: string;
  startedAt: number;
  /** Silence on the stream after which a `: ping` comment is sent. */
  pingAfterMs: number;
  /**
   * Whether a fallback model is left to try: then a failure before the first byte (429, 5xx,
   * unreachable, timeout) answers nothing and resolves to `fallBack` for the caller to try it.
   */
  canFallBack?: boolean;
  /** Extra response headers (which model served, when a fallback did). */
  headers?: Record<string, string>;
  onDone: (outcome: RelayOutcome) => void;
}): Promise<{ fallBack: false } | { fallBack: true; status: number; error: string }> {
  const { reply, adapter } = options;
  let response;
  try {
    response = await options.upstreams.send(options.request);
  } catch (error) {
    if (options.canFallBack && error instanceof GatewayError && (error.code === 'upstream_unreachable' || error.code === 'upstream_timeout')) {
      return { fallBack: true, status: error.status, error: error.message };
    }
    throw error;
  }

  if (options.canFallBack && (response.statusCode === 429 || response.statusCode >= 500)) {
    const translated = adapter.translateError(response.statusCode, await readBody(response));
    return { fallBack: true, status: translated.status, error: translated.body.error.message };
  }
  if (options.headers) void reply.headers(options.headers);

  if (response.statusCode >= 400) {
    const translated = adapter.translateError(response.statusCode, await readBody(response));
    void reply.code(translated.status).header('content-type', 'application/json; charset=utf-8').send(translated.body);
    options.onDone({ status: translated.status, ttftMs: null, tokensIn: null, tokensOut: null, error: translated.body.error.message });
    return { fallBack: false };
  }

  if (!options.isStream) {
    const body = await readBody(response);
    void reply
      .code(response.statusCode)
      .header('content-type', (response.headers['content-type'] as string | undefined) ?? 'application/json')
      .send(body);
    // Token counts are read after the answer is on its way, off the request's path.
    setImmediate(() => options.onDone({ status: response.statusCode, ttftMs: null, ...usageFromJson(body), error: null }));
    return { fallBack: false };
  }

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { ...SSE_HEADERS, ...options.headers, 'x-request-id': options.requestId });
  raw.flushHeaders();

  let pending: Buffer | undefined;
  let ttftMs: number | null = null;
  let hasDone = false;
  let usage: { tokensIn: number | null; tokensOut: number | null } = { tokensIn: null, tokensOut: null };
  let streamError: string | null = null;
  const isClientGone = () => raw.destroyed || raw.writableEnded;
  let lastWriteAt = performance.now();
  // One timer per stream, never per chunk. Only whole events are ever written, so a comment
  // between them cannot split a frame.
  const pinger = setInterval(() => {
    if (!isClientGone() && performance.now() - lastWriteAt >= options.pingAfterMs) {
      lastWriteAt = performance.now();
      raw.write(PING);
    }
  }, options.pingAfterMs / 3);

  try {
    for await (const chunk of response.body) {
      let data = pending ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      // Forward whole events only, so that an error event can never be glued to half a frame.
      const end = lastEventEnd(data);
      pending = end < data.length ? data.subarray(end) : undefined;
      if (end === 0) continue;
      if (end < data.length) data = data.subarray(0, end);
      if (ttftMs === null) ttftMs = performance.now() - options.startedAt;
      if (data.indexOf(USAGE_MARK) !== -1) usage = usageFromEvents(data) ?? usage;
      if (data.indexOf(ERROR_MARK) !== -1) streamError ??= 'the provider sent an error event';
      if (data.indexOf(DONE) !== -1) hasDone = true;
      if (isClientGone()) break;
      lastWriteAt = performance.now();
      if (!raw.write(data)) await drainOrClose(raw);
    }
    if (!hasDone && !isClientGone() && streamError === null) {
      throw new GatewayError('upstream_incomplete', 'The provider ended the stream before it was complete.', { status: 502 });
    }
  } catch (error) {
    const failure = toGatewayError(error);
    streamError = failure.message;
    if (!isClientGone()) {
      const body = failure instanceof GatewayError ? failure.toBody() : new GatewayError('upstream_error', 'The provider stream failed.').toBody();
      raw.write(`data: ${JSON.stringify(body)}\n\n`);
    }
  }
  clearInterval(pinger);
  if (isClientGone() && !hasDone) streamError ??= 'client disconnected';
  if (!raw.writableEnded) raw.end();
  options.onDone({ status: 200, ttftMs, ...usage, error: streamError });
  return { fallBack: false };
}

/** The end of the last complete SSE event in `data` (after a blank line), or 0. */
function lastEventEnd(data: Buffer): number {
  const lf = data.lastIndexOf('\n\n');
  const crlf = data.lastIndexOf('\r\n\r\n');
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4);
}

function drainOrClose(raw: ServerResponse): Promise<void> {
  // Waiting on drain alone would hang forever when the client leaves instead of reading.
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}

function readUsage(value: unknown): { tokensIn: number | null; tokensOut: number | null } | undefined {
  const usage = (value as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  return {
    tokensIn: typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : null,
    tokensOut: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : null,
  };
}

const PROMPT_TOKENS = /"prompt_tokens"\s*:\s*(\d+)/;
const COMPLETION_TOKENS = /"completion_tokens"\s*:\s*(\d+)/;

/**
 * Token counts from a JSON answer without parsing all of it: the usage object is small and
 * providers put it last, so only the text from the last "usage" key on is scanned.
 */
export function usageFromJson(body: Buffer): { tokensIn: number | null; tokensOut: number | null } {
  const at = body.lastIndexOf('"usage"');
  if (at === -1) return { tokensIn: null, tokensOut: null };
  const tail = body.toString('utf8', at, Math.min(body.length, at + 2048));
  const tokensIn = PROMPT_TOKENS.exec(tail)?.[1];
  const tokensOut = COMPLETION_TOKENS.exec(tail)?.[1];
  return { tokensIn: tokensIn === undefined ? null : Number(tokensIn), tokensOut: tokensOut === undefined ? null : Number(tokensOut) };
}

/** Only the data lines that carry a usage object are parsed; comment lines never are. */
function usageFromEvents(data: Buffer): { tokensIn: number | null; tokensOut: number | null } | undefined {
  let found: { tokensIn: number | null; tokensOut: number | null } | undefined;
  for (const line of data.toString('utf8').split(/\r?\n/)) {
    if (!line.startsWith('data:') || !line.includes('"usage":{')) continue;
    try {
      found = readUsage(JSON.parse(line.slice(5))) ?? found;
    } catch {
      // A malformed frame is the client's to judge; the usage log just lacks its tokens.
    }
  }
  return found;
}
