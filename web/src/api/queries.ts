import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Admin, LoginInput } from '../../../src/auth/schemas.js';
import type {
  AuditList,
  CatalogMeta,
  CreateModelInput,
  Model,
  ModelList,
  UpdateModelInput,
} from '../../../src/catalog/schemas.js';
import type { ModelType, Provider } from '../../../src/catalog/model-types.js';
import { ApiError, apiRequest, queryString } from './client.js';

/** GET /api/health, as the panel reads it (the server's healthResponse schema). */
export interface Health {
  status: 'ok' | 'degraded';
  database: {
    kind: 'embedded' | 'postgres';
    serverVersion: string;
    appliedVersion: string | null;
    pending: string[];
    drift: { code: string; message: string }[];
  };
}

export const queryKeys = {
  session: ['session'] as const,
  health: ['health'] as const,
  meta: ['meta'] as const,
  models: ['models'] as const,
  audit: ['audit'] as const,
};

/** The signed-in admin, or null when there is no session. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: async (): Promise<Admin | null> => {
      try {
        return (await apiRequest<{ admin: Admin }>('GET', '/api/auth/me')).admin;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => apiRequest<{ admin: Admin }>('POST', '/api/auth/login', input),
    onSuccess: ({ admin }) => client.setQueryData(queryKeys.session, admin),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('POST', '/api/auth/logout'),
    onSettled: () => {
      client.clear();
      client.setQueryData(queryKeys.session, null);
    },
  });
}

/** The schema's state; polled so the banner appears and disappears without a reload. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: () => apiRequest<Health>('GET', '/api/health'),
    refetchInterval: 30_000,
  });
}

export function useCatalogMeta() {
  return useQuery({ queryKey: queryKeys.meta, queryFn: () => apiRequest<CatalogMeta>('GET', '/api/admin/meta') });
}

export interface ModelFilters {
  type?: ModelType;
  provider?: Provider;
  enabled?: boolean;
  q?: string;
  sort: string;
  page: number;
  pageSize: number;
}

export const modelsQuery = (filters: ModelFilters) => ({
  queryKey: [...queryKeys.models, filters],
  queryFn: () => apiRequest<ModelList>('GET', `/api/admin/ai-models${queryString({ ...filters })}`),
});

export function useModels(filters: ModelFilters) {
  return useQuery({
    ...modelsQuery(filters),
    // Keep the current page on screen while the next one loads, so the table never flashes empty.
    placeholderData: keepPreviousData,
  });
}

/** After any write the list, its counts, the audit log and the schema state may all have changed. */
function useInvalidateAfterWrite() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.models }),
      client.invalidateQueries({ queryKey: queryKeys.audit }),
    ]);
}

/** A schema_behind answer means the panel's view of the schema is stale: refresh banner and type choices. */
export function useRefreshSchemaState() {
  const client = useQueryClient();
  return () =>
    Promise.all([client.invalidateQueries({ queryKey: queryKeys.health }), client.invalidateQueries({ queryKey: queryKeys.meta })]);
}

export function useCreateModel() {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (input: CreateModelInput) => apiRequest<Model>('POST', '/api/admin/ai-models', input),
    onSuccess: invalidate,
  });
}

export function useUpdateModel() {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateModelInput }) =>
      apiRequest<Model>('PATCH', `/api/admin/ai-models/${encodeURIComponent(id)}`, changes),
    onSettled: invalidate,
  });
}

export function useDeleteModel() {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>('DELETE', `/api/admin/ai-models/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export function useAudit(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...queryKeys.audit, page, pageSize],
    queryFn: () => apiRequest<AuditList>('GET', `/api/admin/audit${queryString({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
}
