import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { modelsQuery } from './api/queries.js';
import { parseModelFilters } from './models/filters.js';
import { LoginPage } from './auth/LoginPage.js';
import { RequireSession } from './auth/RequireSession.js';
import { AdminLayout } from './layout/AdminLayout.js';
import { NotFoundPage } from './layout/NotFoundPage.js';

// Pages behind the sign-in load on demand, so the first load stays small.
const loadModelsPage = () => import('./models/ModelsPage.js');
const ModelsPage = lazy(loadModelsPage);
const AuditPage = lazy(() => import('./audit/AuditPage.js'));
const ProvidersPage = lazy(() => import('./providers/ProvidersPage.js'));
const ApiKeysPage = lazy(() => import('./keys/ApiKeysPage.js'));
const UsagePage = lazy(() => import('./usage/UsagePage.js'));

function PageLoader({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center h={200}>
          <Loader aria-label="Loading" />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: (
        <RequireSession>
          <AdminLayout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <Navigate to="/ai-models" replace /> },
        { path: '/ai-models', element: <PageLoader><ModelsPage /></PageLoader> },
        { path: '/audit', element: <PageLoader><AuditPage /></PageLoader> },
        { path: '/providers', element: <PageLoader><ProvidersPage /></PageLoader> },
        { path: '/api-keys', element: <PageLoader><ApiKeysPage /></PageLoader> },
        { path: '/usage', element: <PageLoader><UsagePage /></PageLoader> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);

/**
 * Most visits land on the models page: its code and its first page of models start loading with
 * the app, beside the session check, instead of one after the other once the session is known.
 * Without a session the list answers 401 and the panel goes to sign-in as it would anyway.
 */
export function preloadLandingPage(client: QueryClient): void {
  const path = window.location.pathname.replace(/\/+$/, '');
  if (path !== '/admin' && path !== '/admin/ai-models') return;
  void loadModelsPage();
  void client.prefetchQuery(modelsQuery(parseModelFilters(new URLSearchParams(window.location.search))));
}
