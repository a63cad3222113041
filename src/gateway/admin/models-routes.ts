import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../../catalog/schemas.js';
import { actorOf } from './actor.js';
import { importOpenRouterModels, listOpenRouterCandidates, type OpenRouterImportDeps } from './openrouter-import.js';
import { probeModel, type ProbeDeps } from './probes.js';
import { importCandidateListSchema, importModelsBody, importResultSchema, modelTestParams, probeResultSchema } from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 502: errorBodySchema, 503: errorBodySchema };

/** The gateway's actions on catalog models: "Test" and the OpenRouter import; registered behind requireAdmin. */
export const gatewayModelRoutes = (deps: ProbeDeps & OpenRouterImportDeps): FastifyPluginAsyncZod =>
  async function (app) {
    app.post('/ai-models/:id/test', { schema: { tags: ['catalog'], params: modelTestParams, response: { 200: probeResultSchema, ...errors } } }, async (request) =>
      probeModel(deps, await deps.catalog.get(request.params.id)),
    );

    app.get('/imports/openrouter', { schema: { tags: ['catalog'], response: { 200: importCandidateListSchema, ...errors } } }, async () => ({
      items: await listOpenRouterCandidates(deps),
    }));

    app.post('/imports/openrouter', { schema: { tags: ['catalog'], body: importModelsBody, response: { 200: importResultSchema, ...errors } } }, async (request) =>
      importOpenRouterModels(deps, request.body.ids, actorOf(request.admin)),
    );
  };
