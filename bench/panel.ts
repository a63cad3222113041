/**
 * npm run bench:panel [-- MODELS]
 *
 * Two figures for the admin panel (issue: first load ≤ 250 KB of gzipped JavaScript, and the
 * models page showing its first page in under a second with 10,000 models):
 *   1. the JavaScript a browser downloads for the first load of /admin (signed in, which lands
 *      on /admin/ai-models) and of the sign-in page, each file gzipped at level 9;
 *   2. with MODELS rows (default 10,000) in ai_models, the time from navigation to the models
 *      page showing its first 20 rows in Chromium, over cold loads (a fresh context each, so no
 *      cache), and the list API's own latency for comparison.
 * Runs the real server in-process on a scratch database: the embedded PGlite by default, or a
 * server PostgreSQL with TEST_DB=postgres and TEST_DATABASE_URL. Needs web/dist (npm run build).
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { ADMIN, createTestApp } from '../test/support/app.js';
import { DESKTOP, ensurePanelBuilt, launchChromium, listen } from '../test/support/browser.js';
import { testDatabaseKind } from '../test/support/database.js';

const MODELS = Number(process.argv[2] ?? 10_000);
const COLD_LOADS = 7;
const API_SAMPLES = 20;
const JS_BUDGET_BYTES = 250 * 1000;
const FIRST_PAGE_BUDGET_MS = 1000;

interface LoadedScript {
  url: string;
  bytes: number;
  gzipBytes: number;
}

/** Every JavaScript file the page fetched while loading `path`, until `ready` resolves. */
async function scriptsOfFirstLoad(browser: Browser, baseUrl: string, path: string, signedIn: boolean, ready: string): Promise<LoadedScript[]> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  if (signedIn) await context.request.post('/api/auth/login', { data: ADMIN });
  const page = await context.newPage();
  const pending: Promise<LoadedScript | undefined>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response.body().then((body) => ({ url: new URL(response.url()).pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length })),
    );
  });
  await page.goto(path);
  await (ready === 'Sign in' ? page.getByRole('button', { name: ready }) : page.getByRole('heading', { name: ready, exact: true })).waitFor();
  await page.waitForLoadState('networkidle');
  const scripts = (await Promise.all(pending)).filter((script): script is LoadedScript => script !== undefined);
  await context.close();
  return scripts;
}

/**
 * Milliseconds from the start of navigation to the first frame showing 20 rows of the models
 * table, on a cold context. Measured inside the page (a MutationObserver, then the next animation
 * frame) rather than by polling from outside, whose interval would swamp the figure.
 */
async function timeFirstPage(browser: Browser, baseUrl: string): Promise<number> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  await context.request.post('/api/auth/login', { data: ADMIN });
  await context.addInitScript(() => {
    const shown = window as unknown as { firstPageShownAt?: number };
    new MutationObserver((_records, observer) => {
      if (document.querySelectorAll('table[aria-label="Models"] tbody tr').length < 20) return;
      observer.disconnect();
      requestAnimationFrame(() => (shown.firstPageShownAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto('/admin/ai-models');
  const handle = await page.waitForFunction(() => (window as unknown as { firstPageShownAt?: number }).firstPageShownAt, undefined, { polling: 50 });
  const elapsed = (await handle.jsonValue()) as number;
  await context.close();
  return elapsed;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  await ensurePanelBuilt();
  const testApp = await createTestApp();
  const browser = await launchChromium();
  try {
    const baseUrl = await listen(testApp);
    const cookie = await testApp.signIn();

    console.log(`bench:panel on ${testDatabaseKind}, Chromium headless\n`);
    for (const [label, path, signedIn, ready] of [
      ['first load of /admin, signed in (lands on /admin/ai-models)', '/admin', true, 'Models'],
      ['first load of /admin/login', '/admin/login', false, 'Sign in'],
    ] as const) {
      const scripts = await scriptsOfFirstLoad(browser, baseUrl, path, signedIn, ready);
      const total = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
      console.log(`${label}: ${kb(total)} of gzipped JavaScript in ${scripts.length} files (budget ${kb(JS_BUDGET_BYTES)})`);
      for (const script of scripts) console.log(`  ${script.url}  ${kb(script.bytes)} raw, ${kb(script.gzipBytes)} gzipped`);
    }

    const filled = performance.now();
    await testApp.db.query(
      `INSERT INTO public.ai_models (name, display_name, type, provider, api_path, enabled, description, updated_at)
       SELECT 'vendor/model-' || n, 'Model ' || n,
              (ARRAY['IMAGE', 'VIDEO', 'CHAT'])[1 + n % 3],
              (ARRAY['OPENROUTER', 'OPENAI_COMPATIBLE', 'REPLICATE'])[1 + n % 3],
              'vendor/model-' || n, n % 7 <> 0, 'Benchmark model number ' || n,
              now() - make_interval(secs => n)
       FROM generate_series(1, $1::int) AS n`,
      [MODELS],
    );
    await testApp.db.query('ANALYZE public.ai_models');
    console.log(`\n${MODELS.toLocaleString('en')} models inserted in ${ms(performance.now() - filled)}`);

    const apiTimes: number[] = [];
    for (let sample = 0; sample < API_SAMPLES; sample += 1) {
      const started = performance.now();
      const response = await testApp.app.inject({ method: 'GET', url: '/api/admin/ai-models?page=1&pageSize=20', headers: { cookie } });
      apiTimes.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`list failed: ${response.statusCode} ${response.body}`);
    }
    console.log(`GET /api/admin/ai-models (first page, with type counts): median ${ms(median(apiTimes))}, max ${ms(Math.max(...apiTimes))} over ${API_SAMPLES}`);

    await timeFirstPage(browser, baseUrl); // one warm-up, not counted: the first launch of a page pays for the JIT
    const loadTimes: number[] = [];
    for (let load = 0; load < COLD_LOADS; load += 1) loadTimes.push(await timeFirstPage(browser, baseUrl));
    const worst = Math.max(...loadTimes);
    console.log(
      `models page, navigation to first 20 rows shown (cold context): median ${ms(median(loadTimes))}, max ${ms(worst)} over ${COLD_LOADS} loads (budget ${ms(FIRST_PAGE_BUDGET_MS)})`,
    );
    console.log(`  each: ${loadTimes.map(ms).join(', ')}`);
  } finally {
    await browser.close();
    await testApp.close();
  }
}

await main();
