// The gateway under test for bench/gateway.ts: the compiled app (dist/), as production runs it,
// on PGlite in a scratch directory unless BENCH_DATABASE_URL names a server. Plain JavaScript
// so that no TypeScript loader sits in the measured process. Prints {port, key} when ready.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { buildApp } from '../dist/app.js';
import { insertModel } from '../dist/catalog/queries.js';
import { loadConfig } from '../dist/config.js';
import { openDatabase } from '../dist/db/open.js';
import { createApiKey } from '../dist/gateway/keys/service.js';
import { Migrator } from '../dist/migrate/engine.js';

const MODEL = 'bench/chat';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
const config = loadConfig({
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : { DATA_DIR: dataDir }),
  OPENAI_COMPATIBLE_BASE_URL: `${process.env.MOCK_URL}/v1`,
  OPENAI_COMPATIBLE_API_KEY: 'sk-mock',
  LOG_LEVEL: 'silent',
});
const db = await openDatabase(config.database);
await new Migrator({ db, settings: config.migrations }).up();
await db.query('DELETE FROM public.ai_models WHERE name = $1', [MODEL]);
await insertModel(db, { name: MODEL, displayName: 'Bench chat', type: 'CHAT', provider: 'OPENAI_COMPATIBLE', apiPath: 'mock', enabled: true, description: '' });
const { key } = await createApiKey(db, { name: 'bench' });
const app = await buildApp(config, { db });

if (process.env.BENCH_BARE === '1') {
  // The floor on this machine: a bare Fastify + undici pass-through in the same process.
  const upstream = new Pool(process.env.MOCK_URL, { connections: 256, pipelining: 1 });
  app.post('/bare/chat/completions', async (request, reply) => {
    const response = await upstream.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) });
    const chunks = [];
    for await (const chunk of response.body) chunks.push(chunk);
    return reply.code(response.statusCode).header('content-type', 'application/json').send(Buffer.concat(chunks));
  });
}

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port, key })}\n`);
process.once('SIGTERM', async () => {
  await app.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
