import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { useChromium, listen, openPanel, type PanelSession } from '../support/browser.js';

// The incident's checklist ("迁移后验证", ../shared/seed/), exactly as written, in a real browser.
describe('the incident checklist in the admin panel', () => {
  const chromium = useChromium();
  let testApp: TestApp;
  let session: PanelSession;

  beforeEach(async () => {
    testApp = await createTestApp();
    session = await openPanel(chromium.browser, await listen(testApp));
  });
  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    expect(session.pageProblems).toEqual([]);
  });

  it('creates the CHAT model through "Create Model" and lists it with a green CHAT badge', async () => {
    const { page } = session;
    await page.goto('/admin/ai-models');
    await page.getByRole('button', { name: 'Create Model' }).click();

    const dialog = page.getByRole('dialog', { name: 'Create model' });
    await dialog.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'CHAT' }).click();
    await dialog.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'OPENROUTER' }).click();
    await dialog.getByLabel('API Path').fill('anthropic/claude-3-haiku:free');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // In the list without a reload, with the name defaulted to the API path.
    const row = page.getByRole('table', { name: 'Models' }).getByRole('row').filter({ hasText: 'anthropic/claude-3-haiku:free' });
    await row.waitFor();
    const badge = row.getByText('CHAT', { exact: true });
    await badge.waitFor({ state: 'visible' });
    // Mantine's filled green (green.6, #40c057): green, not the IMAGE blue or the VIDEO violet.
    const background = await badge.evaluate((element) => getComputedStyle(element.closest('[data-type]')!).backgroundColor);
    expect(background).toBe('rgb(64, 192, 87)');
    expect(await page.getByRole('tab', { name: /CHAT/ }).textContent()).toContain('1');

    const stored = await testApp.app.inject({ method: 'GET', url: '/api/admin/ai-models?q=claude', headers: { cookie: await testApp.signIn() } });
    expect(stored.json()).toMatchObject({ total: 1, items: [{ type: 'CHAT', provider: 'OPENROUTER', name: 'anthropic/claude-3-haiku:free' }] });
  });
});
