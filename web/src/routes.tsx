import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage.js';
import { RequireSession } from './auth/RequireSession.js';
import { AdminLayout } from './layout/AdminLayout.js';
import { NotFoundPage } from './layout/NotFoundPage.js';

// Pages behind the sign-in load on demand, so the first load stays small.
const ModelsPage = lazy(() => import('./models/ModelsPage.js'));
const AuditPage = lazy(() => import('./audit/AuditPage.js'));

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
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
