import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { GatewayError } from '../errors.js';
import { parseMultipartFields } from './multipart.js';
import { PROVIDER_ADAPTERS } from '../providers/index.js';
import type { ProviderAdapter } from '../providers/provider.js';
import { resolveRoute } from '../routing.js';
import { videoContentQuery, videoCreateBody, videoParams } from '../schemas.js';
import type { GatewayState } from '../state.js';
import { readBody, type Upstreams } from '../upstream.js';
import type { UsageSink } from '../usage/types.js';
import { findVideoJob, type VideoJob } from './queries.js';
import { createVideoJob, presentVideo } from './service.js';

export interface VideoRouteDeps {
  db: Database;
  state: GatewayState;
  upstreams: Upstreams;
  usage: UsageSink;
  pollMs: number;
}

/** POST /v1/videos, GET /v1/videos/{id} and GET /v1/videos/{id}/content, registered inside the /v1 plugin. */
export const videoRoutes =
  (deps: VideoRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (request, body, done) => {
      try {
        done(null, parseMultipartFields(body as Buffer, request.headers['content-type'] ?? ''));
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    app.post('/videos', { schema: { body: videoCreateBody } }, async (request) => {
      const startedAt = performance.now();
      const key = request.gatewayKey!;
      const route = resolveRoute(deps.state.snapshot, key, request.body.model, 'VIDEO');
      const { model: _model, ...videoRequest } = request.body;
      let status = 200;
      let failure: string | null = null;
      try {
        const job = await createVideoJob({ db: deps.db, upstreams: deps.upstreams, route, apiKeyId: key.id, request: videoRequest, signal: AbortSignal.timeout(120_000), pollMs: deps.pollMs });
        return presentVideo(job);
      } catch (error) {
        status = error instanceof GatewayError ? error.status : 500;
        failure = (error as Error).message;
        throw error;
      } finally {
        deps.usage.record({
          at: new Date(),
          apiKeyId: key.id,
          model: route.model.name,
          type: 'VIDEO',
          provider: route.model.provider,
          endpoint: '/v1/videos',
          status,
          latencyMs: performance.now() - startedAt,
          ttftMs: null,
          tokensIn: null,
          tokensOut: null,
          error: failure,
        });
      }
    });

    const findOwnJob = async (id: string, apiKeyId: string): Promise<VideoJob> => {
      const job = await findVideoJob(deps.db, id);
      // Another key's job is reported exactly like a missing one.
      if (!job || job.apiKeyId !== apiKeyId) throw new GatewayError('not_found', `No video with id ${id}.`, { param: 'video_id' });
      return job;
    };

    app.get('/videos/:id', { schema: { params: videoParams } }, async (request) => presentVideo(await findOwnJob(request.params.id, request.gatewayKey!.id)));

    app.get('/videos/:id/content', { schema: { params: videoParams, querystring: videoContentQuery } }, async (request, reply) => {
      const job = await findOwnJob(request.params.id, request.gatewayKey!.id);
      if (job.status !== 'completed') {
        throw new GatewayError('video_not_ready', `The video is ${job.status}; download it once its status is completed.`, { status: 409, type: 'invalid_request_error' });
      }
      const adapter = (PROVIDER_ADAPTERS as Partial<Record<string, ProviderAdapter>>)[job.provider];
      const access = adapter && deps.state.snapshot.providers[adapter.provider];
      if (!adapter?.videoContentRequest || !access) throw new GatewayError('provider_not_configured', `Provider ${job.provider} is not configured for videos.`);
      if (request.query.variant !== 'video' && adapter.provider !== 'OPENAI_COMPATIBLE') {
        throw new GatewayError('not_found', `${adapter.provider} offers only the video itself, not a ${request.query.variant}.`, { param: 'variant' });
      }
      const upstreamRequest = adapter.videoContentRequest(access, { id: job.upstreamId, status: job.status, progress: job.progress, error: null, ...(job.contentUrl ? { contentUrl: job.contentUrl } : {}) }, request.query.variant);
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      const response = await deps.upstreams.send({ ...upstreamRequest, signal: controller.signal });
      if (response.statusCode >= 400) {
        const translated = adapter.translateError(response.statusCode, await readBody(response));
        return reply.code(translated.status).send(translated.body);
      }
      const length = response.headers['content-length'];
      if (typeof length === 'string') void reply.header('content-length', length);
      // The bytes stream through; a video is never held in memory whole.
      return reply.code(200).header('content-type', (response.headers['content-type'] as string | undefined) ?? 'video/mp4').send(response.body);
    });
  };
