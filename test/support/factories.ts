import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Model } from '../../src/catalog/schemas.js';

/** Creates a model through the API, with a unique API path unless the test gives one. */
export async function createModelViaApi(app: FastifyInstance, cookie: string, overrides: Record<string, unknown> = {}): Promise<Model> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/admin/ai-models',
    headers: { cookie },
    payload: { type: 'IMAGE', provider: 'REPLICATE', apiPath: `vendor/model-${randomUUID().slice(0, 8)}`, ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json() as Model;
}

export async function countRows(app: FastifyInstance, table: string): Promise<number> {
  const result = await app.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return result.rows[0]!.n;
}
