import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { insertModel, updateModel } from '../../src/catalog/queries.js';
import type { Database } from '../../src/db/database.js';
import { updateApiKey } from '../../src/gateway/keys/queries.js';
import { createApiKey } from '../../src/gateway/keys/service.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';
import { isPostgres } from '../support/database.js';
import { eventually, startGateway, type GatewayHarness } from './harness.js';

const WITHIN_MS = 1_000;

/** Polls `check` and returns how long it took to pass; fails after WITHIN_MS. */
async function timeUntil(check: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await eventually(check, { timeoutMs: WITHIN_MS, intervalMs: 25 });
  return Date.now() - started;
}

const modelIds = async (client: OpenAI) => (await client.models.list()).data.map((model) => model.id).sort();

describe('cache invalidation across instances', () => {
  let upstream: FakeServer & { baseUrl: string };
  let first: GatewayHarness;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    first = await startGateway({ env: { OPENAI_BASE_URL: upstream.baseUrl }, models: [{ name: 'existing', type: 'CHAT', provider: 'OPENAI' }] });
  });
  afterAll(async () => {
    await first?.close();
    await upstream?.close();
  });

  it('reaches the instance itself within a second through LISTEN/NOTIFY', async () => {
    expect(first.app.gateway.watchMode).toBe('listen');
    await insertModel(first.db, { name: 'self-added', displayName: 'x', type: 'CHAT', provider: 'OPENAI', apiPath: 'x', enabled: true, description: '' });
    await timeUntil(async () => expect(await modelIds(first.client())).toContain('self-added'));
  });

  describe.skipIf(!isPostgres)('two servers on one PostgreSQL', () => {
    let secondDb: Database;
    let second: Awaited<ReturnType<typeof buildApp>>;
    let secondClient: OpenAI;
    let pollingDb: Database;
    let polling: Awaited<ReturnType<typeof buildApp>>;
    let pollingClient: OpenAI;

    const listen = async (app: Awaited<ReturnType<typeof buildApp>>, key: string) => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return new OpenAI({ baseURL: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1`, apiKey: key, maxRetries: 0 });
    };

    beforeAll(async () => {
      secondDb = await first.testDb.open();
      second = await buildApp(first.config, { db: secondDb });
      secondClient = await listen(second, first.key);
      // A third instance that cannot LISTEN (as behind a transaction pooler) polls instead.
      const realDb = await first.testDb.open();
      pollingDb = { ...realDb, listen: undefined, close: () => realDb.close() };
      polling = await buildApp(first.config, { db: pollingDb });
      pollingClient = await listen(polling, first.key);
    });
    afterAll(async () => {
      await second?.close();
      await secondDb?.close();
      await polling?.close();
      await pollingDb?.close();
    });

    it('a model added, disabled and a key revoked through one instance reach the others within a second', async () => {
      expect(second.gateway.watchMode).toBe('listen');
      expect(polling.gateway.watchMode).toBe('poll');

      const model = await insertModel(first.db, { name: 'added-elsewhere', displayName: 'x', type: 'CHAT', provider: 'OPENAI', apiPath: 'x', enabled: true, description: '' });
      for (const client of [secondClient, pollingClient]) {
        await timeUntil(async () => expect(await modelIds(client)).toContain('added-elsewhere'));
      }

      await updateModel(first.db, model.id, { enabled: false });
      for (const client of [secondClient, pollingClient]) {
        await timeUntil(async () => {
          const error = await client.chat.completions.create({ model: 'added-elsewhere', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(OpenAI.NotFoundError);
        });
      }

      const { key, record } = await createApiKey(first.db, { name: 'short-lived' });
      const withNewKey = (client: OpenAI) => client.withOptions({ apiKey: key });
      for (const client of [secondClient, pollingClient]) {
        await timeUntil(async () => expect(await modelIds(withNewKey(client))).toContain('existing'));
      }
      await updateApiKey(first.db, record.id, { enabled: false });
      for (const client of [secondClient, pollingClient]) {
        await timeUntil(async () => {
          const error = await withNewKey(client).models.list().catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
        });
      }
    });
  });
});
