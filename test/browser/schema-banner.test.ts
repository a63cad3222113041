import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { packagedMigrationsDir } from '../../src/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { useChromium, listen, openPanel, type PanelSession } from '../support/browser.js';
import { migrationsDirWith, pendingMigrationFiles } from '../support/migrations.js';

/** The incident's rollback (../shared/seed/, "回滚"): the live check no longer accepts CHAT. */
const SEED_ROLLBACK = `ALTER TABLE ai_models DROP CONSTRAINT IF EXISTS ai_models_type_check;
ALTER TABLE ai_models ADD CONSTRAINT ai_models_type_check CHECK (type IN ('IMAGE', 'VIDEO'))`;

describe('the panel when the database is behind the code', () => {
  const chromium = useChromium();
  let testApp: TestApp | undefined;
  let session: PanelSession | undefined;

  afterEach(async (context: TestContext) => {
    await session?.finish(context);
    await testApp?.close();
    expect(session?.pageProblems).toEqual([]);
    session = undefined;
    testApp = undefined;
  });

  it('shows a banner naming the pending migration and the command on every page', async () => {
    const latest = (await readdir(packagedMigrationsDir)).filter((name) => /^\d{4}_[^.]+\.sql$/.test(name)).sort().at(-1)!.slice(0, 4);
    testApp = await createTestApp({ env: { MIGRATIONS_DIR: await migrationsDirWith(pendingMigrationFiles()) }, migrateTo: latest });
    await testApp.app.services.auth.ensureInitialAdmin();
    session = await openPanel(chromium.browser, await listen(testApp));
    const { page } = session;

    for (const path of ['/admin/ai-models', '/admin/audit']) {
      await page.goto(path);
      const banner = page.getByRole('status').filter({ hasText: 'The database schema needs attention' });
      await banner.waitFor();
      const text = await banner.textContent();
      expect(text).toContain('0999_add_test_marker');
      expect(text).toContain('npx switchboard migrate up');
    }

    // Every type is still accepted (the pending migration adds none), so none is unavailable.
    await page.goto('/admin/ai-models');
    await page.getByRole('button', { name: 'Create Model' }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Type' }).click();
    expect(await page.getByRole('option', { name: 'CHAT' }).getAttribute('aria-disabled')).not.toBe('true');
  });

  it('explains schema_behind when the database refuses CHAT, then offers CHAT as unavailable with the reason', async () => {
    testApp = await createTestApp();
    session = await openPanel(chromium.browser, await listen(testApp));
    const { page } = session;
    await page.goto('/admin/ai-models');
    await page.getByRole('heading', { name: 'No models yet' }).waitFor();

    // The admin fills the incident's form while the panel still believes CHAT is fine...
    await page.getByRole('button', { name: 'Create Model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create model' });
    await dialog.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'CHAT' }).click();
    await dialog.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'OPENROUTER' }).click();
    await dialog.getByLabel('API Path').fill('anthropic/claude-3-haiku:free');
    // ...and meanwhile someone rolls the database back as the seed's instructions describe.
    await testApp.db.exec(SEED_ROLLBACK);
    await dialog.getByRole('button', { name: 'Save' }).click();

    const explanation = dialog.getByRole('alert').filter({ hasText: 'The database does not accept CHAT models yet' });
    await explanation.waitFor();
    const text = await explanation.textContent();
    expect(text).toContain('0002_add_chat_type_to_ai_models');
    expect(text).toContain('npx switchboard migrate up');
    expect(text).toContain('Nothing was saved');
    expect(text).not.toMatch(/violates check constraint/);

    // Reopened, the form shows CHAT as unavailable, with the reason from /api/admin/meta.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const meta = (await session.context.request.get('/api/admin/meta')).json() as Promise<{ types: { type: string; accepted: boolean; reason?: string }[] }>;
    const chat = (await meta).types.find((entry) => entry.type === 'CHAT')!;
    expect(chat.accepted).toBe(false);

    await page.getByRole('button', { name: 'Create Model' }).click();
    await dialog.getByText(`CHAT is unavailable: ${chat.reason!}`).waitFor();
    await dialog.getByRole('combobox', { name: 'Type' }).click();
    const option = page.getByRole('option', { name: /CHAT/ });
    await expect.poll(() => option.getAttribute('aria-disabled')).toBe('true');
    expect(await option.textContent()).toContain(chat.reason!);
    expect(await page.getByRole('option', { name: 'IMAGE' }).getAttribute('aria-disabled')).not.toBe('true');

    // The banner reports the drift on every page.
    const banner = page.getByRole('status').filter({ hasText: 'The database schema needs attention' });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.goto('/admin/audit');
    await banner.waitFor();
  });
});
