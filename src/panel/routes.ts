import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** The built admin panel (`npm run build` runs `vite build` into web/dist), wherever the server runs from. */
export const packagedPanelDir = path.resolve(import.meta.dirname, '..', '..', 'web', 'dist');

/** What web/vite.config.ts writes where each page's nonce goes (its `html.cspNonce`). */
const NONCE_PLACEHOLDER = '__SWITCHBOARD_CSP_NONCE__';

/**
 * The policy the panel runs under: scripts only from this origin and never inline; styles from this
 * origin plus the <style> tags Mantine injects, which carry this page's nonce. React sets inline
 * `style` properties through the CSSOM, which the policy does not govern, so no 'unsafe-inline'.
 */
export function panelContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const isAssetPath = (relativePath: string) => path.posix.basename(relativePath).includes('.');

/**
 * The admin panel under /admin: files from web/dist, and index.html for every other path so that
 * deep links such as /admin/ai-models load directly and the panel's router takes over.
 */
export const panelRoutes = (options: { distDir?: string } = {}): FastifyPluginAsync =>
  async function panel(app) {
    const distDir = options.distDir ?? packagedPanelDir;
    await app.register(fastifyStatic, { root: distDir, serve: false, decorateReply: true });

    const sendIndex = async (reply: FastifyReply) => {
      // Read per request (it is small): a rebuild while the server runs is picked up at the next load.
      const indexHtml = await readFile(path.join(distDir, 'index.html'), 'utf8').catch(() => undefined);
      void reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
      if (indexHtml === undefined) {
        return reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The admin panel has not been built. Run `npm run build` (npm ci runs it), then restart the server.\n');
      }
      const nonce = randomBytes(18).toString('base64');
      return reply
        .header('content-security-policy', panelContentSecurityPolicy(nonce))
        .type('text/html; charset=utf-8')
        .send(indexHtml.replaceAll(NONCE_PLACEHOLDER, nonce));
    };

    app.get('/admin', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    app.get<{ Params: { '*': string } }>('/admin/*', { schema: { hide: true } }, (request, reply) => {
      const relativePath = request.params['*'];
      if (!isAssetPath(relativePath)) return sendIndex(reply);
      // Hashed build output never changes under its name; anything else is revalidated.
      const isHashed = relativePath.startsWith('assets/');
      void reply.header('x-content-type-options', 'nosniff');
      return reply.sendFile(relativePath, { maxAge: isHashed ? '365d' : 0, immutable: isHashed, dotfiles: 'deny' });
    });
  };
