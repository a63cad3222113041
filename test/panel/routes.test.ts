import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelContentSecurityPolicy, panelRoutes } from '../../src/panel/routes.js';

// The panel plugin over a stand-in build, so these run without building the real panel.
describe('serving the admin panel under /admin', () => {
  let distDir: string;
  const app = Fastify();

  beforeAll(async () => {
    distDir = await mkdtemp(path.join(tmpdir(), 'switchboard-panel-'));
    await mkdir(path.join(distDir, 'assets'));
    await writeFile(
      path.join(distDir, 'index.html'),
      '<!doctype html><meta property="csp-nonce" nonce="__SWITCHBOARD_CSP_NONCE__"><script type="module" src="/admin/assets/index-abc.js" nonce="__SWITCHBOARD_CSP_NONCE__"></script>',
    );
    await writeFile(path.join(distDir, 'assets', 'index-abc.js'), 'console.log("panel")');
    await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await app.register(panelRoutes({ distDir }));
  });
  afterAll(async () => {
    await app.close();
    await rm(distDir, { recursive: true, force: true });
  });

  it.each(['/admin', '/admin/', '/admin/ai-models', '/admin/login?next=%2Faudit', '/admin/audit'])('answers %s with the page, a fresh nonce and the policy', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    const policy = String(response.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
    expect(policy).toBe(panelContentSecurityPolicy(nonce));
    expect(policy).toMatch(/script-src 'self';/);
    expect(policy).not.toContain('unsafe-inline');
    expect(response.body).not.toContain('__SWITCHBOARD_CSP_NONCE__');
    expect(response.body.match(new RegExp(`nonce="${nonce.replace(/[+/]/g, (c) => `\\${c}`)}"`, 'g'))).toHaveLength(2);

    const again = await app.inject(url);
    expect(again.headers['content-security-policy']).not.toBe(policy);
  });

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await app.inject('/admin/assets/index-abc.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject('/admin/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=0');
  });

  it('refuses a missing file, a dotfile and a path outside the build', async () => {
    expect((await app.inject('/admin/assets/missing.js')).statusCode).toBe(404);
    for (const url of ['/admin/..%2f..%2fpackage.json', '/admin/.env', '/admin/assets/..%2f..%2f..%2fetc%2fhosts.txt']) {
      expect([403, 404]).toContain((await app.inject(url)).statusCode);
    }
    // A path without a file extension is a page of the panel: the page, never a file.
    const traversal = await app.inject('/admin/assets/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.headers['content-type']).toMatch(/^text\/html/);
    expect(traversal.body).not.toContain('root:');
  });

  it('says how to build the panel when it has not been built', async () => {
    const unbuilt = Fastify();
    await unbuilt.register(panelRoutes({ distDir: path.join(distDir, 'nowhere') }));
    const response = await unbuilt.inject('/admin/ai-models');
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    await unbuilt.close();
  });
});
