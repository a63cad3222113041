import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../support/app.js';
import { useChromium, listen, openPanel, type PanelSession } from '../support/browser.js';

describe('signing in and out of the panel', () => {
  const chromium = useChromium();
  let testApp: TestApp;
  let session: PanelSession;

  beforeEach(async () => {
    testApp = await createTestApp();
    session = await openPanel(chromium.browser, await listen(testApp), { signedIn: false });
  });
  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    expect(session.pageProblems).toEqual([]);
  });

  it('sends a visitor to sign in and back to the page they asked for', async () => {
    const { page } = session;
    await page.goto('/admin/ai-models?type=CHAT');
    await page.waitForURL(/\/admin\/login\?next=/);

    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is not right.').waitFor();

    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Models', exact: true }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/admin/ai-models?type=CHAT');
    expect(await page.getByRole('tab', { name: /^CHAT/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('signs out from any page, and the session is gone', async () => {
    const { page, context } = session;
    await context.request.post('/api/auth/login', { data: ADMIN });
    await page.goto('/admin/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login$/);
    expect((await context.request.get('/api/auth/me')).status()).toBe(401);
    await page.goto('/admin/ai-models');
    await page.waitForURL(/\/admin\/login\?next=%2Fai-models$/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
  });
});
