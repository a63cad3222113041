import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { packagedPanelDir } from '../../src/panel/routes.js';
import { ADMIN, type TestApp } from './app.js';

/** Debian's Chromium: browsers are never downloaded here (see .ci/run). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results');

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

/** Builds web/dist once when it is missing (npm ci's prepare script normally has built it). */
export async function ensurePanelBuilt(): Promise<void> {
  if (existsSync(path.join(packagedPanelDir, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.resolve(import.meta.dirname, '..', '..', 'web', 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * A headless Chromium. Playwright gives every launch a fresh, temporary user-data-dir, and every
 * test gets its own context (cookies, storage), so nothing carries over between tests.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One Chromium for the calling describe block: the panel is built if missing and the browser
 * launched before its tests, and closed after them. Read `.browser` inside hooks and tests.
 */
export function useChromium(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensurePanelBuilt();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  return {
    get browser() {
      if (!browser) throw new Error('useChromium: the browser is only there inside hooks and tests');
      return browser;
    },
  };
}

/** The real server on a loopback port, for the browser to reach. */
export async function listen(testApp: TestApp): Promise<string> {
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export interface PanelSession {
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  /** Problems the page reported: script errors and Content-Security-Policy violations. */
  pageProblems: string[];
  /** Saves a trace and a screenshot when the test failed, then closes the context. */
  finish(test: TestContext): Promise<void>;
  /** Closes the context, keeping nothing. */
  close(): Promise<void>;
}

/** A new browser context on the panel, tracing, and collecting the page's own errors. */
export async function openPanel(
  browser: Browser,
  baseUrl: string,
  options: { viewport?: { width: number; height: number }; signedIn?: boolean } = {},
): Promise<PanelSession> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: options.viewport ?? DESKTOP, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(15_000);
  await context.tracing.start({ screenshots: true, snapshots: true });
  const page = await context.newPage();
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
  });
  // Sign in through the API where the test is not about signing in: the cookie lands in this context.
  if (options.signedIn !== false) {
    const response = await context.request.post('/api/auth/login', { data: ADMIN });
    if (response.status() !== 200) throw new Error(`sign-in through the API failed: ${response.status()} ${await response.text()}`);
  }
  return {
    context,
    page,
    baseUrl,
    pageProblems,
    async finish(test) {
      const name = test.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
      if (test.task.result?.state === 'fail') {
        await mkdir(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true }).catch(() => {});
        await context.tracing.stop({ path: path.join(ARTIFACTS_DIR, `${name}.trace.zip`) }).catch(() => {});
      } else {
        await context.tracing.stop();
      }
      await context.close();
    },
    async close() {
      await context.tracing.stop();
      await context.close();
    },
  };
}
