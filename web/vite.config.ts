import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The admin panel, built into web/dist and served by the server under /admin (src/panel/routes.ts).
 * The nonce placeholder is replaced per response by the server, so Mantine's <style> tags pass a
 * Content-Security-Policy without 'unsafe-inline'; no script is ever inline.
 */
export const CSP_NONCE_PLACEHOLDER = '__SWITCHBOARD_CSP_NONCE__';

/**
 * Most visits land on the models page, which is its own chunk: preloading it (and the chunks it
 * needs) from the HTML fetches it beside the entry instead of after the entry has run.
 */
function preloadLandingPage(): Plugin {
  return {
    name: 'switchboard:preload-landing-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunks = Object.values(context.bundle ?? {}).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const landing = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/models/ModelsPage.tsx'));
        if (!landing) return [];
        const entries = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        return [landing.fileName, ...landing.imports]
          .filter((file) => !entries.has(file))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/admin/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react(), preloadLandingPage()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget is 250 KB gzipped for the first load; the build reports sizes so a regression shows.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API on the default port.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
