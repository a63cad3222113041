import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { countRows, createModelViaApi } from '../support/factories.js';

// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const VALID = { type: 'CHAT', provider: 'OPENROUTER', apiPath: 'anthropic/claude-3-haiku:free' };

describe('bad input never gets a 5xx and never writes anything', () => {
  let testApp: TestApp;
  let cookie: string;
  let existingId: string;
  beforeAll(async () => {
    testApp = await createTestApp();
    cookie = await testApp.signIn();
    existingId = (await createModelViaApi(testApp.app, cookie, { apiPath: 'existing/model' })).id;
  });
  afterAll(() => testApp.close());

  const send = (method: 'POST' | 'PATCH', url: string, body: string, contentType = 'application/json') =>
    testApp.app.inject({ method, url, headers: { cookie, 'content-type': contentType }, body });

  const stateOf = async () => ({
    models: await countRows(testApp.app, 'public.ai_models'),
    audit: await countRows(testApp.app, 'switchboard.audit_log'),
    existing: (await testApp.app.inject({ method: 'GET', url: `/api/admin/ai-models/${existingId}`, headers: { cookie } })).body,
  });

  it.each([
    ['unknown field', JSON.stringify({ ...VALID, price: 3 }), 400, 'validation_failed'],
    ['wrong type for a field', JSON.stringify({ ...VALID, enabled: 'yes' }), 400, 'validation_failed'],
    ['unknown model type', JSON.stringify({ ...VALID, type: 'AUDIO' }), 400, 'validation_failed'],
    ['lowercase provider', JSON.stringify({ ...VALID, provider: 'openrouter' }), 400, 'validation_failed'],
    ['missing apiPath', JSON.stringify({ type: 'CHAT', provider: 'OPENROUTER' }), 400, 'validation_failed'],
    ['blank apiPath', JSON.stringify({ ...VALID, apiPath: '   ' }), 400, 'validation_failed'],
    ['apiPath past its column limit', JSON.stringify({ ...VALID, apiPath: 'a'.repeat(301) }), 400, 'validation_failed'],
    ['name past its column limit', JSON.stringify({ ...VALID, name: 'n'.repeat(201) }), 400, 'validation_failed'],
    ['description past its column limit', JSON.stringify({ ...VALID, description: 'd'.repeat(2001) }), 400, 'validation_failed'],
    ['control character in the name', JSON.stringify({ ...VALID, name: 'evil\u0007name' }), 400, 'validation_failed'],
    ['NUL in the description', JSON.stringify({ ...VALID, description: 'a\u0000b' }), 400, 'validation_failed'],
    ['a JSON array', JSON.stringify([VALID]), 400, 'validation_failed'],
    ['JSON null', 'null', 400, 'validation_failed'],
    ['broken JSON', '{"type": "CHAT", ', 400, 'invalid_json'],
    ['an empty body', '', 400, 'invalid_json'],
    ['a body over the size limit', JSON.stringify({ ...VALID, description: 'x'.repeat(2 * 1024 * 1024) }), 413, 'payload_too_large'],
  ])('%s', async (_label, body, status, code) => {
    const before = await stateOf();
    const response = await send('POST', '/api/admin/ai-models', body);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await stateOf()).toEqual(before);
  });

  it('a body that is not JSON gets 415', async () => {
    const response = await send('POST', '/api/admin/ai-models', 'type=CHAT', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('a PATCH with nothing to change, or with bad values, changes nothing', async () => {
    const before = await stateOf();
    for (const body of ['{}', JSON.stringify({ enabled: null }), JSON.stringify({ name: '' }), JSON.stringify({ id: existingId })]) {
      const response = await send('PATCH', `/api/admin/ai-models/${existingId}`, body);
      expect(response.statusCode, body).toBe(400);
    }
    expect(await stateOf()).toEqual(before);
  });

  it('holds for many generated malformed requests', async () => {
    const before = await stateOf();
    const field = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    );
    // Each generated body breaks at least one rule: a bad type, an unknown key, or a bad required value.
    const malformedBody = fc.oneof(
      fc.record({ type: field, provider: fc.constant('OPENROUTER'), apiPath: fc.constant('vendor/x') }).filter((body) => !['IMAGE', 'VIDEO', 'CHAT'].includes(body.type as string)),
      fc.record({ ...Object.fromEntries(Object.entries(VALID).map(([key, value]) => [key, fc.constant(value)])), extra: field }),
      fc.record({ type: fc.constant('CHAT'), provider: fc.constant('OPENROUTER'), apiPath: field }).filter((body) => typeof body.apiPath !== 'string' || body.apiPath.trim() === '' || body.apiPath.length > 300 || CONTROL_CHARACTER.test(body.apiPath)),
      fc.anything().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
    );
    const rawBody = fc.oneof(
      malformedBody.map((body) => JSON.stringify(body) ?? 'undefined'),
      fc.string({ maxLength: 200 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
    );

    await fc.assert(
      fc.asyncProperty(rawBody, fc.constantFrom('POST' as const, 'PATCH' as const), async (body, method) => {
        const url = method === 'POST' ? '/api/admin/ai-models' : `/api/admin/ai-models/${existingId}`;
        const response = await send(method, url, body);
        expect(response.statusCode, `${method} ${body.slice(0, 120)}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, `${method} ${body.slice(0, 120)} -> ${response.body}`).toBeLessThan(500);
        expect(response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }),
      { numRuns: 150 },
    );
    expect(await stateOf()).toEqual(before);
  });
});
