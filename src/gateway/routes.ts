import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ModelType } from '../catalog/model-types.js';
import type { Database } from '../db/database.js';
import { GatewayError } from './errors.js';
import type { ImageRequest } from './images.js';
import type { ApiKeyRecord } from './keys/queries.js';
import { hashApiKey } from './keys/service.js';
import { relayChat, type RelayOutcome } from './relay.js';
import { isModelAllowed, resolveRoute, type Route } from './routing.js';
import { chatCompletionBody, imageGenerationBody, modelList } from './schemas.js';
import type { GatewaySnapshot, GatewayState } from './state.js';
import { CancelSignal, type Upstreams } from './upstream.js';
import type { UsageSink } from './usage/types.js';
import { videoRoutes } from './videos/routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's API key, set by the /v1 auth hook. */
    gatewayKey: ApiKeyRecord | null;
  }
}

export interface GatewayRouteDeps {
  db: Database;
  state: GatewayState;
  upstreams: Upstreams;
  usage: UsageSink;
  videoPollMs: number;
  ssePingMs: number;
}

// Chat messages may carry images as data URLs; OpenRouter accepts bodies up to 50 MiB.
const BODY_LIMIT = 50 * 1024 * 1024;

/** The OpenAI-compatible API under /v1 (registered with that prefix). */
export const gatewayRoutes =
  (deps: GatewayRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.decorateRequest('gatewayKey', null);
    app.setErrorHandler(sendOpenAIError);
    app.setNotFoundHandler((request, reply) => {
      const error = new GatewayError('not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`);
      void reply.code(404).send(error.toBody());
    });
    // A callback hook: the key lookup is synchronous (an in-memory map), so no promise per request.
    app.addHook('onRequest', (request, _reply, done) => {
      try {
        request.gatewayKey = authenticate(deps.state, request.headers.authorization);
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    });

    app.get('/models', { schema: { response: { 200: modelList } } }, async (request) => {
      const key = request.gatewayKey!;
      const data = [];
      for (const model of deps.state.snapshot.models.values()) {
        if (!model.enabled || !isModelAllowed(key, model.name)) continue;
        data.push({ id: model.name, object: 'model' as const, created: Math.floor(model.createdAt.getTime() / 1000), owned_by: model.provider.toLowerCase() });
      }
      return { object: 'list' as const, data };
    });

    app.post('/chat/completions', { bodyLimit: BODY_LIMIT, schema: { body: chatCompletionBody } }, async (request, reply) => {
      const startedAt = performance.now();
      const snapshot = deps.state.snapshot;
      const key = request.gatewayKey!;
      const primary = resolveRoute(snapshot, key, request.body.model, 'CHAT');
      const routes = withFallbacks(snapshot, key, primary);
      const signal = abortOnClientGone(reply);
      const isStream = request.body.stream === true;
      for (let index = 0; index < routes.length; index++) {
        const route = routes[index]!;
        const attemptStartedAt = index === 0 ? startedAt : performance.now();
        const upstreamRequest = route.adapter.chatRequest!(route.access, { ...request.body, model: route.model.apiPath });
        try {
          const result = await relayChat({
            upstreams: deps.upstreams,
            adapter: route.adapter,
            request: { ...upstreamRequest, signal },
            isStream,
            reply,
            requestId: request.id,
            startedAt,
            pingAfterMs: deps.ssePingMs,
            canFallBack: index < routes.length - 1,
            ...(index > 0 ? { headers: { 'x-switchboard-model': route.model.name } } : {}),
            onDone: (outcome) => recordUsage(deps.usage, request, route, '/v1/chat/completions', attemptStartedAt, outcome),
          });
          if (!result.fallBack) return reply;
          const next = routes[index + 1]!.model.name;
          recordUsage(deps.usage, request, route, '/v1/chat/completions', attemptStartedAt, {
            status: result.status,
            ttftMs: null,
            tokensIn: null,
            tokensOut: null,
            error: `${result.error} (fell back to ${next})`,
          });
        } catch (error) {
          recordFailure(deps.usage, request, route, '/v1/chat/completions', attemptStartedAt, error);
          if (signal.aborted) return reply;
          throw error;
        }
      }
      return reply;
    });

    app.post('/images/generations', { bodyLimit: BODY_LIMIT, schema: { body: imageGenerationBody } }, async (request, reply) => {
      const startedAt = performance.now();
      const route = resolveRoute(deps.state.snapshot, request.gatewayKey!, request.body.model, 'IMAGE');
      const signal = abortOnClientGone(reply);
      const { model: _model, ...fields } = request.body;
      const imageRequest = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as ImageRequest;
      try {
        const images = await route.adapter.generateImages!({ access: route.access, upstreams: deps.upstreams, signal }, route.model, imageRequest);
        recordUsage(deps.usage, request, route, '/v1/images/generations', startedAt, { status: 200, ttftMs: null, tokensIn: null, tokensOut: null, error: null });
        return images;
      } catch (error) {
        recordFailure(deps.usage, request, route, '/v1/images/generations', startedAt, error);
        throw error;
      }
    });

    await app.register(
      videoRoutes({
        db: deps.db,
        state: deps.state,
        upstreams: deps.upstreams,
        // Read at call time: the usage sink may be swapped after registration.
        usage: { record: (entry) => deps.usage.record(entry) },
        pollMs: deps.videoPollMs,
      }),
    );
  };

/**
 * The model's route, then its fallbacks' routes in order. A fallback this key may not use,
 * or that is disabled, of another type or unconfigured, is skipped rather than refused.
 */
function withFallbacks(snapshot: GatewaySnapshot, key: ApiKeyRecord, primary: Route): Route[] {
  const names = snapshot.fallbacks.get(primary.model.name);
  if (!names) return [primary];
  const routes = [primary];
  for (const name of names) {
    try {
      routes.push(resolveRoute(snapshot, key, name, primary.model.type));
    } catch {
      // Not usable for this request; the next fallback may be.
    }
  }
  return routes;
}

function authenticate(state: GatewayState, header: string | undefined): ApiKeyRecord {
  // The scheme is case-insensitive (RFC 9110); clients send "Bearer", some "bearer".
  if (!header || header.length <= 7 || header.slice(0, 7).toLowerCase() !== 'bearer ') {
    throw new GatewayError('missing_api_key', 'Send your Switchboard API key as "Authorization: Bearer <key>".');
  }
  const key = state.snapshot.keys.get(hashApiKey(header.slice(7).trim()));
  if (!key || !key.enabled) throw new GatewayError('invalid_api_key', 'The API key is not valid or has been revoked.');
  if (key.expiresAt !== null && key.expiresAt.getTime() <= Date.now()) {
    throw new GatewayError('expired_api_key', 'The API key has expired.');
  }
  return key;
}

/** Aborts the upstream request when the client goes away, so the provider stops generating (and billing). */
function abortOnClientGone(reply: FastifyReply): CancelSignal {
  const signal = new CancelSignal();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) signal.abort();
  });
  return signal;
}

function recordUsage(usage: UsageSink, request: FastifyRequest, route: Route, endpoint: string, startedAt: number, outcome: RelayOutcome): void {
  usage.record({
    at: new Date(),
    apiKeyId: request.gatewayKey?.id ?? null,
    model: route.model.name,
    type: route.model.type as ModelType,
    provider: route.model.provider,
    endpoint,
    status: outcome.status,
    latencyMs: performance.now() - startedAt,
    ttftMs: outcome.ttftMs,
    tokensIn: outcome.tokensIn,
    tokensOut: outcome.tokensOut,
    error: outcome.error,
  });
}

function recordFailure(usage: UsageSink, request: FastifyRequest, route: Route, endpoint: string, startedAt: number, error: unknown): void {
  const status = error instanceof GatewayError ? error.status : 499;
  const message = error instanceof Error ? error.message : String(error);
  recordUsage(usage, request, route, endpoint, startedAt, { status, ttftMs: null, tokensIn: null, tokensOut: null, error: message });
}

/** The one translation point for /v1: every failure leaves in OpenAI's error shape. */
export function sendOpenAIError(error: FastifyError | GatewayError, request: FastifyRequest, reply: FastifyReply): void {
  const gatewayError = toGatewayError(error);
  if (gatewayError.status >= 500) request.log.error({ err: error, requestId: request.id }, 'gateway request failed');
  void reply.code(gatewayError.status).send(gatewayError.toBody());
}

function toGatewayError(error: FastifyError | GatewayError): GatewayError {
  if (error instanceof GatewayError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const param = first ? String(first.instancePath).split('/').filter(Boolean).join('.') : null;
    return new GatewayError('invalid_request', `Invalid request: ${param || 'body'} ${first?.message ?? 'is not valid'}.`, { param: param || null });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new GatewayError('invalid_request', 'The request body is not valid JSON.');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new GatewayError('invalid_request', 'The request body is too large.', { status: 413 });
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new GatewayError('invalid_request', 'Send the body as application/json.', { status: 415 });
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new GatewayError('invalid_request', error.message, { status: error.statusCode });
  }
  return new GatewayError('internal_error', 'Something went wrong in the gateway. Quote the x-request-id header when you report it.', { cause: error });
}
