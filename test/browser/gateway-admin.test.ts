import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { ApiKeyList } from '../../src/gateway/admin/schemas.js';
import { createApiKey } from '../../src/gateway/keys/service.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeServer } from '../fakes/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { useChromium, listen, openPanel, type PanelSession } from '../support/browser.js';

describe('the gateway pages: API keys, providers, the OpenRouter import, Test and usage', () => {
  const chromium = useChromium();
  let testApp: TestApp;
  let cookie: string;
  let session: PanelSession;
  let openAI: FakeServer & { baseUrl: string };
  let openRouter: FakeServer & { baseUrl: string };
  const secret = `sk-proj-${randomBytes(24).toString('hex')}`;

  beforeEach(async () => {
    openAI = await startFakeOpenAI({ apiKey: secret });
    openRouter = await startFakeOpenRouter();
    testApp = await createTestApp({
      env: { SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('hex'), OPENAI_BASE_URL: openAI.baseUrl, OPENROUTER_BASE_URL: openRouter.baseUrl, USAGE_FLUSH_MS: '600000' },
    });
    cookie = await testApp.signIn();
    session = await openPanel(chromium.browser, await listen(testApp));
  });
  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    await Promise.all([openAI?.close(), openRouter?.close()]);
    expect(session.pageProblems).toEqual([]);
  });

  it('creates an API key, shows it once with a warning and a copy button, and never again', async () => {
    const { page } = session;
    await page.goto('/admin/ai-models');
    await page.getByRole('navigation', { name: 'Admin pages' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Create the first key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name').fill('product backend');
    await form.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy your new API key' });
    await shown.getByText('This is the only time the key is shown').waitFor();
    const key = await shown.getByLabel('API key for product backend').inputValue();
    expect(key).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
    await expect(shown.getByRole('button', { name: 'Copy key' }).isVisible()).resolves.toBe(true);
    // The key works on /v1 as shown.
    expect((await testApp.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'product backend' });
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 12));
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);

    // Its expiry can be set afterwards; the key stays the same.
    await row.getByRole('button', { name: 'Edit product backend' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit product backend' });
    await edit.getByLabel('Expires on').fill('2099-12-31');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row.getByText('31 Dec 2099').waitFor();
    expect((await testApp.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);

    // Switching it off and revoking it reach the gateway.
    await row.getByRole('switch', { name: 'Enabled: product backend' }).click({ force: true });
    await expect.poll(async () => (await testApp.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    await row.getByRole('button', { name: 'Revoke product backend' }).click();
    await page.getByRole('dialog', { name: 'Revoke API key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('button', { name: 'Create the first key' }).waitFor();
    const keys = (await testApp.app.inject({ method: 'GET', url: '/api/admin/api-keys', headers: { cookie } })).json<ApiKeyList>();
    expect(keys.items).toEqual([]);
  });

  it('sets a provider key without ever showing it, and tests the connection', async () => {
    const { page } = session;
    await page.goto('/admin/providers');
    const card = page.getByRole('region', { name: 'OpenAI', exact: true });
    await card.getByLabel('OpenAI API key status').getByText('Not set').waitFor();

    const input = card.getByLabel('Set API key');
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill(secret);
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText(`Set, ending in ${secret.slice(-4)}`).waitFor();
    expect(await card.getByLabel('Replace API key').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);
    expect(testApp.app.gateway.state.snapshot.providers.OPENAI?.apiKey).toBe(secret);

    // The fake accepts only this key: a connection test that passes proves the stored key went out.
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText(/Connected in \d+ ms/).waitFor();
    expect(openAI.requests.at(-1)).toMatchObject({ path: '/v1/models', headers: { authorization: `Bearer ${secret}` } });
    const list = await testApp.app.inject({ method: 'GET', url: '/api/admin/providers', headers: { cookie } });
    expect(list.body).not.toContain(secret);
  });

  it('imports models from OpenRouter, then tests one from its row', async () => {
    const { page } = session;
    await page.goto('/admin/ai-models');
    await page.getByRole('button', { name: 'Import from OpenRouter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from OpenRouter' });
    await dialog.getByRole('checkbox', { name: 'Import google/veo-3.1' }).check();
    await dialog.getByRole('checkbox', { name: 'Import openai/gpt-4o-mini', exact: true }).check();
    expect(await dialog.getByRole('checkbox', { name: 'Import openai/gpt-4o-mini-tts' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Import 2 models' }).click();
    await dialog.getByText('2 added, 0 skipped, 0 failed.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('table', { name: 'Models' }).getByRole('row').filter({ hasText: 'Google: Veo 3.1' });
    await row.waitFor();
    expect(await row.textContent()).toContain('VIDEO');
    await page.getByRole('button', { name: 'Test OpenAI: GPT-4o-mini' }).click();
    await page.getByText('OpenAI: GPT-4o-mini answered').waitFor();
    expect(openRouter.requests.at(-1)!.json).toMatchObject({ model: 'openai/gpt-4o-mini', max_tokens: 1 });
  });

  it('shows usage as a chart and a table, and filters it', async () => {
    const { key, record } = await createApiKey(testApp.db, { name: 'product backend' });
    const entry = { at: new Date(), apiKeyId: record.id, model: 'gpt-4o-mini', type: 'CHAT' as const, provider: 'OPENAI', endpoint: '/v1/chat/completions', ttftMs: null, tokensIn: 12, tokensOut: 3 };
    testApp.app.gateway.usage.record({ ...entry, status: 200, latencyMs: 321, error: null });
    testApp.app.gateway.usage.record({ ...entry, status: 429, latencyMs: 12, tokensIn: null, tokensOut: null, error: 'OpenAI: Rate limit reached' });
    await testApp.app.gateway.usageWriter.flush();

    const { page } = session;
    await page.goto('/admin/usage');
    await page.getByRole('img', { name: /Requests and latency per day, .*: 2 requests in all/ }).waitFor();
    const table = page.getByRole('table', { name: 'Requests' });
    await table.getByRole('row').filter({ hasText: '321 ms' }).waitFor();
    expect(await table.locator('tbody').getByRole('row').count()).toBe(2);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await expect.poll(() => table.locator('tbody').getByRole('row').count()).toBe(1);
    expect(await table.textContent()).toContain('Rate limit reached');
    expect(await page.content()).not.toContain(key);
  });
});
