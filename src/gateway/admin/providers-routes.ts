import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../catalog/schemas.js';
import { actorOf } from './actor.js';
import type { ProviderAdminService } from './providers-service.js';
import { probeResultSchema, providerListSchema, providerParams, providerSettingsSchema, updateProviderBody } from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['gateway providers'];

/** /api/admin/providers: base URLs and keys (write-only), and the connection test; registered behind requireAdmin. */
export const providerRoutes = (providers: ProviderAdminService): FastifyPluginAsyncZod =>
  async function (app) {
    app.get('/providers', { schema: { tags, response: { 200: providerListSchema, 401: errorBodySchema } } }, () => providers.list());

    app.patch(
      '/providers/:provider',
      { schema: { tags, params: providerParams, body: updateProviderBody, response: { 200: providerSettingsSchema, ...errors } } },
      async (request) => providers.update(request.params.provider, request.body, actorOf(request.admin)),
    );

    app.delete('/providers/:provider', { schema: { tags, params: providerParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await providers.remove(request.params.provider, actorOf(request.admin));
      return reply.status(204).send(null);
    });

    app.post('/providers/:provider/test', { schema: { tags, params: providerParams, response: { 200: probeResultSchema, ...errors } } }, async (request) =>
      providers.test(request.params.provider),
    );
  };
