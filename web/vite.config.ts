import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin panel, built into web/dist and served by the server under /admin (src/panel/routes.ts).
 * The nonce placeholder is replaced per response by the server, so Mantine's <style> tags pass a
 * Content-Security-Policy without 'unsafe-inline'; no script is ever inline.
 */
export const CSP_NONCE_PLACEHOLDER = '__SWITCHBOARD_CSP_NONCE__';

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
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
