import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../db/database.js';
import { auditListSchema, errorBodySchema, listAuditQuery } from '../catalog/schemas.js';
import { findAuditEntries } from './queries.js';

/** GET /api/admin/audit: who changed which model, and how. Registered behind requireAdmin. */
export const auditRoutes = (db: Database): FastifyPluginAsyncZod =>
  async function (app) {
    app.get('/audit', { schema: { tags: ['audit'], querystring: listAuditQuery, response: { 200: auditListSchema, 400: errorBodySchema, 401: errorBodySchema } } }, async (request) => {
      const { page, pageSize, entityId } = request.query;
      const result = await findAuditEntries(db, { entityId }, { limit: pageSize, offset: (page - 1) * pageSize });
      return { items: result.items.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })), total: result.total };
    });
  };
