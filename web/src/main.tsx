import './styles.js';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { ApiError } from './api/client.js';
import { preloadLandingPage, router } from './routes.js';

const theme = createTheme({ primaryColor: 'blue', defaultRadius: 'md', cursorType: 'pointer' });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not turn into a 2xx by asking again; a network hiccup might.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

/**
 * The server puts a fresh nonce on this meta tag with every page (src/panel/routes.ts); Mantine
 * puts it on the <style> tags it injects, so the Content-Security-Policy needs no 'unsafe-inline'.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
// The modal's scroll lock (react-remove-scroll, inside Mantine) injects a <style> too; it takes its
// nonce from this global, a convention of the get-nonce package it uses.
globalThis.__webpack_nonce__ = styleNonce;

declare global {
  var __webpack_nonce__: string | undefined;
}

preloadLandingPage(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={() => styleNonce}>
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
