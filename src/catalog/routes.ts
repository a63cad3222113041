import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditActor } from '../audit/queries.js';
import type { ModelRecord } from './queries.js';
import {
  catalogMetaSchema,
  createModelBody,
  errorBodySchema,
  listModelsQuery,
  modelIdParams,
  modelListSchema,
  modelSchema,
  updateModelBody,
  type Model,
} from './schemas.js';
import type { CatalogService } from './service.js';

/** The presenter: the fields a client sees of a model, and nothing else. */
export function presentModel(model: ModelRecord): Model {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    type: model.type,
    provider: model.provider,
    apiPath: model.apiPath,
    enabled: model.enabled,
    description: model.description,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** /api/admin/ai-models and /api/admin/meta; registered behind requireAdmin. */
export const catalogRoutes = (catalog: CatalogService): FastifyPluginAsyncZod =>
  async function (app) {
    const actorOf = (admin: { id: string; email: string } | undefined): AuditActor => ({ id: admin!.id, label: admin!.email });

    app.get('/ai-models', { schema: { tags: ['catalog'], querystring: listModelsQuery, response: { 200: modelListSchema, ...errors } } }, async (request) => {
      const result = await catalog.list(request.query);
      return { items: result.items.map(presentModel), total: result.total, page: request.query.page, pageSize: request.query.pageSize, typeCounts: result.typeCounts };
    });

    app.post('/ai-models', { schema: { tags: ['catalog'], body: createModelBody, response: { 201: modelSchema, ...errors } } }, async (request, reply) => {
      const created = await catalog.create(request.body, actorOf(request.admin));
      return reply.status(201).send(presentModel(created));
    });

    app.get('/ai-models/:id', { schema: { tags: ['catalog'], params: modelIdParams, response: { 200: modelSchema, ...errors } } }, async (request) =>
      presentModel(await catalog.get(request.params.id)),
    );

    app.patch(
      '/ai-models/:id',
      { schema: { tags: ['catalog'], params: modelIdParams, body: updateModelBody, response: { 200: modelSchema, ...errors } } },
      async (request) => presentModel(await catalog.update(request.params.id, request.body, actorOf(request.admin))),
    );

    app.delete('/ai-models/:id', { schema: { tags: ['catalog'], params: modelIdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await catalog.remove(request.params.id, actorOf(request.admin));
      return reply.status(204).send(null);
    });

    app.get('/meta', { schema: { tags: ['catalog'], response: { 200: catalogMetaSchema, 401: errorBodySchema } } }, () => catalog.meta());
  };
