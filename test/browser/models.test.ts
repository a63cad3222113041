import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { Model } from '../../src/catalog/schemas.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { useChromium, listen, MOBILE, openPanel, type PanelSession } from '../support/browser.js';
import { createModelViaApi } from '../support/factories.js';

describe('the models page', () => {
  const chromium = useChromium();
  let testApp: TestApp;
  let cookie: string;
  let baseUrl: string;
  let session: PanelSession;

  beforeEach(async () => {
    testApp = await createTestApp();
    cookie = await testApp.signIn();
    baseUrl = await listen(testApp);
    session = await openPanel(chromium.browser, baseUrl);
  });
  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    expect(session.pageProblems).toEqual([]);
  });

  const createModel = (overrides: Record<string, unknown>) => createModelViaApi(testApp.app, cookie, overrides);
  const readModel = async (id: string) =>
    (await testApp.app.inject({ method: 'GET', url: `/api/admin/ai-models/${id}`, headers: { cookie } })).json() as Model;
  const table = () => session.page.getByRole('table', { name: 'Models' });
  const rowOf = (text: string) => table().getByRole('row').filter({ hasText: text });
  const bodyRowCount = () => table().locator('tbody').getByRole('row').count();

  it('edits a model in the dialog and shows the change, which the audit log then lists', async () => {
    const model = await createModel({ type: 'IMAGE', provider: 'REPLICATE', apiPath: 'black-forest-labs/flux-schnell', displayName: 'Flux Schnell' });
    const { page } = session;
    await page.goto('/admin/ai-models');

    await page.getByRole('button', { name: 'Edit Flux Schnell' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Flux Schnell' });
    await dialog.getByLabel('Display name').fill('Flux Schnell (fast)');
    await dialog.getByLabel('Description').fill('Four steps, good enough for drafts.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await rowOf('Flux Schnell (fast)').waitFor();
    expect(await readModel(model.id)).toMatchObject({ displayName: 'Flux Schnell (fast)', description: 'Four steps, good enough for drafts.' });

    await page.getByRole('link', { name: 'Audit log' }).click();
    const auditRow = page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'Updated' });
    await auditRow.waitFor();
    const text = await auditRow.textContent();
    expect(text).toContain('admin@example.com');
    expect(text).toMatch(/displayName:\s*Flux Schnell\s*→\s*Flux Schnell \(fast\)/);
  });

  it('deletes a model only after confirmation', async () => {
    const model = await createModel({ apiPath: 'stability/sdxl', displayName: 'SDXL' });
    const { page } = session;
    await page.goto('/admin/ai-models');

    await page.getByRole('button', { name: 'Delete SDXL' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete model?' });
    // Escape cancels, and the model stays.
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect((await testApp.app.inject({ method: 'GET', url: `/api/admin/ai-models/${model.id}`, headers: { cookie } })).statusCode).toBe(200);

    await page.getByRole('button', { name: 'Delete SDXL' }).click();
    await confirm.getByRole('button', { name: 'Delete model' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'No models yet' }).waitFor();
    expect((await testApp.app.inject({ method: 'GET', url: `/api/admin/ai-models/${model.id}`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('filters by type tab, provider and enabled, searches, sorts and clears', async () => {
    await createModel({ type: 'IMAGE', provider: 'REPLICATE', apiPath: 'black-forest-labs/flux-schnell', displayName: 'Flux Schnell' });
    await createModel({ type: 'VIDEO', provider: 'REPLICATE', apiPath: 'kwaivgi/kling-v2', displayName: 'Kling 2' });
    await createModel({ type: 'CHAT', provider: 'OPENROUTER', apiPath: 'anthropic/claude-3-haiku:free', displayName: 'Claude 3 Haiku', enabled: false });
    const { page } = session;
    await page.goto('/admin/ai-models');
    await rowOf('Kling 2').waitFor();
    expect(await bodyRowCount()).toBe(3);
    expect(await page.getByRole('tab', { name: /^All/ }).textContent()).toContain('3');

    await page.getByRole('tab', { name: /^CHAT/ }).click();
    await page.waitForURL(/type=CHAT/);
    await expect.poll(bodyRowCount).toBe(1);
    await rowOf('Claude 3 Haiku').waitFor({ state: 'visible' });
    await page.getByRole('tab', { name: /^All/ }).click();
    await expect.poll(bodyRowCount).toBe(3);

    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'Replicate' }).click();
    await expect.poll(bodyRowCount).toBe(2);
    // The counts on the tabs follow the other filters.
    await expect.poll(async () => page.getByRole('tab', { name: /^CHAT/ }).textContent()).toContain('0');

    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Display name, A to Z' }).click();
    await expect.poll(async () => table().locator('tbody tr').first().textContent()).toContain('Flux Schnell');
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Display name, Z to A' }).click();
    await expect.poll(async () => table().locator('tbody tr').first().textContent()).toContain('Kling 2');

    await page.getByRole('searchbox', { name: 'Search' }).fill('kling');
    await expect.poll(bodyRowCount).toBe(1);
    await page.getByRole('searchbox', { name: 'Search' }).fill('no such model');
    await page.getByRole('heading', { name: 'No models match these filters' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(bodyRowCount).toBe(3);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Disabled only' }).click();
    await expect.poll(bodyRowCount).toBe(1);
    await rowOf('Claude 3 Haiku').waitFor({ state: 'visible' });
  });

  it('pages through the models on the server', async () => {
    for (let index = 1; index <= 23; index += 1) await createModel({ apiPath: `vendor/model-${String(index).padStart(2, '0')}` });
    const { page } = session;
    await page.goto('/admin/ai-models?sort=name');
    await rowOf('vendor/model-01').waitFor();
    expect(await bodyRowCount()).toBe(20);
    await page.getByText('1–20 of 23 models').waitFor({ state: 'visible' });

    await page.getByRole('button', { name: 'Page 2' }).click();
    await rowOf('vendor/model-23').waitFor();
    expect(await bodyRowCount()).toBe(3);
    expect(page.url()).toContain('page=2');

    // A page past the end (an old link, or the last model of a page deleted) shows the last page.
    await page.goto('/admin/ai-models?sort=name&page=9');
    await page.waitForURL(/page=2/);
    await rowOf('vendor/model-23').waitFor();
  });

  it('saves the enabled switch at once', async () => {
    const model = await createModel({ apiPath: 'openai/dall-e-3', displayName: 'DALL·E 3' });
    const { page } = session;
    await page.goto('/admin/ai-models');
    const toggle = page.getByRole('switch', { name: 'Enabled: DALL·E 3' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click({ force: true });
    await expect.poll(async () => (await readModel(model.id)).enabled).toBe(false);
    expect(await toggle.isChecked()).toBe(false);
  });

  it('shows errors beside their field: required fields in the form, and the API refusing a taken name', async () => {
    await createModel({ type: 'IMAGE', provider: 'REPLICATE', apiPath: 'black-forest-labs/flux-schnell' });
    const { page } = session;
    await page.goto('/admin/ai-models');
    await page.getByRole('button', { name: 'Create Model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create model' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Enter the API path').waitFor();
    expect(await dialog.getByLabel('API Path').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'IMAGE' }).click();
    await dialog.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'OPENAI', exact: true }).click();
    await dialog.getByLabel('API Path').fill('openai/some-other-path');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('black-forest-labs/flux-schnell');
    await dialog.getByRole('button', { name: 'Save' }).click();

    // The 409 conflict names the field; the panel puts its message under that input.
    const nameInput = dialog.getByRole('textbox', { name: 'Name', exact: true });
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await nameInput.getAttribute('aria-describedby'))!.split(' ').filter(Boolean);
    const descriptions = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions.join(' ')).toMatch(/already uses this name/);
    await dialog.waitFor({ state: 'visible' });
  });

  it('shows HTML in names and descriptions as text', async () => {
    const hostile = '<script>window.__pwned = true</script><b>bold</b>';
    await createModel({ apiPath: 'vendor/hostile', name: hostile, displayName: hostile, description: `<img src=x onerror="window.__pwned = true">` });
    const { page } = session;
    await page.goto('/admin/ai-models');
    const row = rowOf('vendor/hostile');
    await row.waitFor();
    expect(await row.textContent()).toContain(hostile);
    expect(await row.locator('script, b').count()).toBe(0);

    await page.getByRole('button', { name: `Edit ${hostile}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Description').inputValue()).toBe(`<img src=x onerror="window.__pwned = true">`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  it('works at 390 px: cards instead of the table, and a dialog that fits', async () => {
    await session.close();
    session = await openPanel(chromium.browser, baseUrl, { viewport: MOBILE });
    await createModel({ type: 'VIDEO', provider: 'REPLICATE', apiPath: 'kwaivgi/kling-v2', displayName: 'Kling 2' });
    const { page } = session;
    await page.goto('/admin/ai-models');
    const cards = page.getByRole('list', { name: 'Models' });
    await cards.getByText('Kling 2').waitFor();
    expect(await page.getByRole('table', { name: 'Models' }).count()).toBe(0);
    await cards.getByText('VIDEO', { exact: true }).waitFor({ state: 'visible' });
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);

    await page.getByRole('button', { name: 'Create Model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create model' });
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(MOBILE.width);
    // Keyboard: focus stays in the dialog, and Escape closes it.
    for (let step = 0; step < 12; step += 1) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Sign out is reachable on a phone too.
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ state: 'visible' });
  });
});
