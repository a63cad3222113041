import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { onUnauthorized } from '../api/client.js';
import { queryKeys, useSession } from '../api/queries.js';
import { ErrorState } from '../layout/ErrorState.js';

/** Renders its children for a signed-in admin; anyone else goes to /login and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const client = useQueryClient();

  // A session that expires while the page is open: the next 401 from any request signs the panel out.
  useEffect(() => onUnauthorized(() => client.setQueryData(queryKeys.session, null)), [client]);

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Checking your session" />
      </Center>
    );
  }
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  return children;
}

/** Where to go after sign-in: only a path inside the panel, never another site. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/ai-models';
  return next;
}
