import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../../catalog/schemas.js';
import { dailyUsageQuery, dailyUsageSchema, listUsageQuery, usageListSchema } from './schemas.js';
import type { UsageAdminService } from './usage-service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema };
const tags = ['gateway usage'];

/** /api/admin/usage: the request log and the daily totals; registered behind requireAdmin. */
export const usageRoutes = (usage: UsageAdminService): FastifyPluginAsyncZod =>
  async function (app) {
    app.get('/usage', { schema: { tags, querystring: listUsageQuery, response: { 200: usageListSchema, ...errors } } }, (request) => usage.list(request.query));
    app.get('/usage/daily', { schema: { tags, querystring: dailyUsageQuery, response: { 200: dailyUsageSchema, ...errors } } }, (request) =>
      usage.daily(request.query),
    );
  };
