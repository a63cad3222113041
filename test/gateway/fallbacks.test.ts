import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceFallbacks } from '../../src/gateway/fallbacks/queries.js';
import { listUsage } from '../../src/gateway/usage/queries.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { faults, type FakeServer } from '../fakes/server.js';
import { runCli } from '../support/cli.js';
import { isPostgres } from '../support/database.js';
import { eventually, startGateway, type GatewayHarness } from './harness.js';

const overloaded = () => faults.status(503, { error: { message: 'overloaded', type: 'server_error', param: null, code: null } });

describe('fallback models', () => {
  let primary: FakeServer & { baseUrl: string };
  let secondary: FakeServer & { baseUrl: string };
  let gateway: GatewayHarness;

  beforeAll(async () => {
    primary = await startFakeOpenAI({ words: ['primary'] });
    secondary = await startFakeOpenRouter({ words: ['fallback'] });
    gateway = await startGateway({
      env: { OPENAI_BASE_URL: primary.baseUrl, OPENROUTER_BASE_URL: secondary.baseUrl, GATEWAY_MAX_RETRIES: '1', USAGE_FLUSH_MS: '600000' },
      models: [
        { name: 'main', type: 'CHAT', provider: 'OPENAI', apiPath: 'gpt-4o' },
        { name: 'backup', type: 'CHAT', provider: 'OPENROUTER', apiPath: 'openai/gpt-4o-mini' },
        { name: 'off', type: 'CHAT', provider: 'OPENROUTER', enabled: false },
      ],
    });
    await replaceFallbacks(gateway.db, gateway.models.main!.id, [gateway.models.off!.id, gateway.models.backup!.id]);
    await gateway.app.gateway.state.reload();
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([primary?.close(), secondary?.close()]);
  });

  const messages = [{ role: 'user' as const, content: 'hi' }];

  it('answers from the next usable fallback when the model keeps failing before the first byte, and says which', async () => {
    primary.interceptors.push(overloaded(), overloaded());
    const { data, response } = await gateway.client().chat.completions.create({ model: 'main', messages }).withResponse();
    expect(data.choices[0]!.message.content).toBe('fallback');
    expect(response.headers.get('x-switchboard-model')).toBe('backup');
    expect(secondary.requests.at(-1)!.json).toMatchObject({ model: 'openai/gpt-4o-mini' });

    await gateway.app.gateway.usageWriter.flush();
    const rows = await listUsage(gateway.db, {}, { limit: 10 });
    expect(rows.slice(0, 2).map((row) => [row.model, row.status, row.error])).toEqual([
      ['backup', 200, null],
      ['main', 503, expect.stringContaining('fell back to backup')],
    ]);
  });

  it('falls back for a stream too, before any byte reached the client', async () => {
    primary.interceptors.push(faults.reset(), faults.reset());
    const stream = await gateway.client().chat.completions.create({ model: 'main', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('fallback');
  });

  it('does not fall back on a client error, which another model would repeat', async () => {
    const before = secondary.requests.length;
    primary.interceptors.push(faults.status(400, { error: { message: 'bad messages', type: 'invalid_request_error', param: 'messages', code: null } }));
    const error = await gateway.client().chat.completions.create({ model: 'main', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(secondary.requests.length).toBe(before);
  });

  it('skips a fallback outside the key allow-list and answers with the model\u2019s own error', async () => {
    const scoped = gateway.client({ apiKey: await gateway.createKey({ allowedModels: ['main'] }) });
    primary.interceptors.push(overloaded(), overloaded());
    const error = await scoped.chat.completions.create({ model: 'main', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('overloaded');
  });

  it.skipIf(!isPostgres)('is set with `switchboard fallbacks set`, checked by type, and reaches the running server', async () => {
    const result = await runCli(['fallbacks', 'set', 'backup', 'main'], gateway.testDb.env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('backup falls back to main');
    const refused = await runCli(['fallbacks', 'set', 'backup', 'backup'], gateway.testDb.env);
    expect(refused.code).toBe(2);
    await eventually(() => expect(gateway.app.gateway.state.snapshot.fallbacks.get('backup')).toEqual(['main']), { timeoutMs: 1_000 });
  });
});
