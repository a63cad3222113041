import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SchemaState } from '../migrate/schema-state.js';

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({
    kind: z.enum(['embedded', 'postgres']),
    serverVersion: z.string(),
    appliedVersion: z.string().nullable(),
    pending: z.array(z.string()),
    drift: z.array(z.object({ code: z.string(), message: z.string() })),
  }),
});

/** GET /api/health, without auth: what the database is and whether its schema matches the code. */
export const healthRoutes = (schemaState: SchemaState): FastifyPluginAsyncZod =>
  async function (app) {
    app.get('/api/health', { schema: { tags: ['health'], response: { 200: healthResponse } } }, async () => {
      const snapshot = await schemaState.refresh();
      return {
        status: snapshot.pending.length === 0 && snapshot.drift.length === 0 ? ('ok' as const) : ('degraded' as const),
        database: {
          kind: snapshot.kind,
          serverVersion: snapshot.serverVersion,
          appliedVersion: snapshot.appliedVersion,
          pending: snapshot.pending,
          drift: snapshot.drift,
        },
      };
    });
  };
