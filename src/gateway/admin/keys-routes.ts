import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../catalog/schemas.js';
import type { ApiKeyRecord } from '../keys/queries.js';
import type { ApiKeyAdminService } from './keys-service.js';
import { actorOf } from './actor.js';
import { apiKeyIdParams, apiKeyListSchema, apiKeySchema, createApiKeyBody, createdApiKeySchema, updateApiKeyBody, type ApiKey } from './schemas.js';

/** The presenter: what an admin sees of a key. Never the key, never its hash. */
export function presentApiKey(key: ApiKeyRecord, lastUsedAt: Date | null): ApiKey {
  return {
    id: key.id,
    name: key.name,
    prefix: key.keyPrefix,
    allowedModels: key.allowedModels,
    enabled: key.enabled,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
  };
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['gateway keys'];

/** /api/admin/api-keys: the gateway's client keys; registered behind requireAdmin. */
export const apiKeyRoutes = (keys: ApiKeyAdminService): FastifyPluginAsyncZod =>
  async function (app) {
    app.get('/api-keys', { schema: { tags, response: { 200: apiKeyListSchema, 401: errorBodySchema } } }, async () => ({
      items: (await keys.list()).map(({ record, lastUsedAt }) => presentApiKey(record, lastUsedAt)),
    }));

    app.post('/api-keys', { schema: { tags, body: createApiKeyBody, response: { 201: createdApiKeySchema, ...errors } } }, async (request, reply) => {
      const created = await keys.create(request.body, actorOf(request.admin));
      return reply.status(201).send({ key: created.key, apiKey: presentApiKey(created.record, null) });
    });

    app.patch(
      '/api-keys/:id',
      { schema: { tags, params: apiKeyIdParams, body: updateApiKeyBody, response: { 200: apiKeySchema, ...errors } } },
      async (request) => {
        const { record, lastUsedAt } = await keys.update(request.params.id, request.body, actorOf(request.admin));
        return presentApiKey(record, lastUsedAt);
      },
    );

    app.delete('/api-keys/:id', { schema: { tags, params: apiKeyIdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await keys.remove(request.params.id, actorOf(request.admin));
      return reply.status(204).send(null);
    });
  };
