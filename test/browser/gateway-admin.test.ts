import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { ApiKeyList } from '../../src/gateway/admin/schemas.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ensurePanelBuilt, launchChromium, listen, openPanel, type PanelSession } from '../support/browser.js';

describe('the gateway pages: API keys and providers', () => {
  let browser: Browser;
  let testApp: TestApp;
  let cookie: string;
  let session: PanelSession;
  let openAI: FakeServer & { baseUrl: string };
  const secret = `sk-proj-${randomBytes(24).toString('hex')}`;

  beforeAll(async () => {
    await ensurePanelBuilt();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    openAI = await startFakeOpenAI({ apiKey: secret });
    testApp = await createTestApp({ env: { SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('hex'), OPENAI_BASE_URL: openAI.baseUrl } });
    cookie = await testApp.signIn();
    session = await openPanel(browser, await listen(testApp));
  });
  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    await openAI?.close();
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
});
