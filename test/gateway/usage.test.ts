import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDailyTotals, listUsage } from '../../src/gateway/usage/queries.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { faults, type FakeServer } from '../fakes/server.js';
import { startGateway, type GatewayHarness } from './harness.js';

describe('usage log', () => {
  let upstream: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ words: ['a', 'b'] });
    gateway = await startGateway({
      // A long flush interval: the test flushes by hand, so nothing is written behind its back.
      env: { OPENAI_BASE_URL: upstream.baseUrl, USAGE_FLUSH_MS: '600000', GATEWAY_MAX_RETRIES: '0' },
      models: [{ name: 'usage-model', type: 'CHAT', provider: 'OPENAI' }],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const messages = [{ role: 'user' as const, content: 'hi' }];

  it('records each request with key, model, status, latency, TTFT and tokens, and keeps daily totals', async () => {
    const client = gateway.client();
    await client.chat.completions.create({ model: 'usage-model', messages });
    const stream = await client.chat.completions.create({ model: 'usage-model', messages, stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    upstream.interceptors.push(faults.status(400, { error: { message: 'bad input', type: 'invalid_request_error', param: null, code: null } }));
    await client.chat.completions.create({ model: 'usage-model', messages }).catch(() => undefined);
    await gateway.app.gateway.usageWriter.flush();

    const rows = await listUsage(gateway.db, { model: 'usage-model' }, { limit: 10 });
    expect(rows).toHaveLength(3);
    const [failed, streamed, plain] = rows;
    const keyId = [...gateway.app.gateway.state.snapshot.keys.values()][0]!.id;
    expect(plain).toMatchObject({ apiKeyId: keyId, type: 'CHAT', provider: 'OPENAI', endpoint: '/v1/chat/completions', status: 200, tokensIn: 9, tokensOut: 2, error: null, ttftMs: null });
    expect(streamed).toMatchObject({ status: 200, tokensIn: 9, tokensOut: 2, error: null });
    expect(streamed!.ttftMs).toBeGreaterThan(0);
    expect(streamed!.latencyMs).toBeGreaterThanOrEqual(streamed!.ttftMs!);
    expect(failed).toMatchObject({ status: 400, error: expect.stringContaining('bad input') });

    const totals = await listDailyTotals(gateway.db, { model: 'usage-model' });
    expect(totals).toEqual([
      expect.objectContaining({ day: new Date().toISOString().slice(0, 10), apiKeyId: keyId, requests: 3, errors: 1, tokensIn: 18, tokensOut: 4 }),
    ]);
  });

  it('never fails a request when the usage write fails, and writes the entries once the database is back', async () => {
    await gateway.db.exec('ALTER TABLE switchboard.usage_log RENAME TO usage_log_away');
    try {
      const completion = await gateway.client().chat.completions.create({ model: 'usage-model', messages: [{ role: 'user', content: 'during outage' }] });
      expect(completion.choices[0]!.message.content).toBe('ab');
      await expect(gateway.app.gateway.usageWriter.flush()).resolves.toBeUndefined();
    } finally {
      await gateway.db.exec('ALTER TABLE switchboard.usage_log_away RENAME TO usage_log');
    }
    const before = (await listUsage(gateway.db, {}, { limit: 100 })).length;
    await gateway.app.gateway.usageWriter.flush();
    expect((await listUsage(gateway.db, {}, { limit: 100 })).length).toBe(before + 1);
  });

  it('prunes detailed rows past the retention and keeps the daily totals', async () => {
    await gateway.db.query(
      `INSERT INTO switchboard.usage_log (created_at, model, type, provider, endpoint, status, latency_ms)
       VALUES (now() - interval '400 days', 'ancient', 'CHAT', 'OPENAI', '/v1/chat/completions', 200, 1)`,
    );
    const dailyBefore = await listDailyTotals(gateway.db, {});
    const deleted = await gateway.app.gateway.usageWriter.prune();
    expect(deleted).toBe(1);
    expect(await listUsage(gateway.db, { model: 'ancient' }, { limit: 10 })).toEqual([]);
    expect(await listUsage(gateway.db, { model: 'usage-model' }, { limit: 10 })).not.toEqual([]);
    expect(await listDailyTotals(gateway.db, {})).toEqual(dailyBefore);
  });
});
