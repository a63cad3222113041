import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiKeyList,
  CreateApiKeyInput,
  CreatedApiKey,
  DailyUsage,
  ImportCandidateList,
  ImportResult,
  ProbeResult,
  ProviderList,
  ProviderSettings,
  UpdateApiKeyInput,
  UpdateProviderInput,
  UsageList,
} from '../../../src/gateway/admin/schemas.js';
import type { Provider } from '../../../src/catalog/model-types.js';
import { apiRequest, queryString } from './client.js';
import { queryKeys } from './queries.js';

/** The gateway administration's queries: keys, providers, tests, the OpenRouter import and usage. */
export const gatewayKeys = {
  apiKeys: ['api-keys'] as const,
  providers: ['providers'] as const,
  usage: ['usage'] as const,
  usageDaily: ['usage-daily'] as const,
  openRouterCandidates: ['openrouter-candidates'] as const,
};

export function useApiKeys() {
  return useQuery({ queryKey: gatewayKeys.apiKeys, queryFn: () => apiRequest<ApiKeyList>('GET', '/api/admin/api-keys') });
}

function useInvalidate(...keys: (readonly string[])[]) {
  const client = useQueryClient();
  return () => Promise.all([...keys, queryKeys.audit].map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useCreateApiKey() {
  const invalidate = useInvalidate(gatewayKeys.apiKeys);
  return useMutation({ mutationFn: (input: CreateApiKeyInput) => apiRequest<CreatedApiKey>('POST', '/api/admin/api-keys', input), onSuccess: invalidate });
}

export function useUpdateApiKey() {
  const invalidate = useInvalidate(gatewayKeys.apiKeys);
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateApiKeyInput }) => apiRequest<unknown>('PATCH', `/api/admin/api-keys/${encodeURIComponent(id)}`, changes),
    onSettled: invalidate,
  });
}

export function useDeleteApiKey() {
  const invalidate = useInvalidate(gatewayKeys.apiKeys);
  return useMutation({ mutationFn: (id: string) => apiRequest<void>('DELETE', `/api/admin/api-keys/${encodeURIComponent(id)}`), onSuccess: invalidate });
}

export function useProviders() {
  return useQuery({ queryKey: gatewayKeys.providers, queryFn: () => apiRequest<ProviderList>('GET', '/api/admin/providers') });
}

export function useUpdateProvider() {
  const invalidate = useInvalidate(gatewayKeys.providers);
  return useMutation({
    mutationFn: ({ provider, changes }: { provider: Provider; changes: UpdateProviderInput }) =>
      apiRequest<ProviderSettings>('PATCH', `/api/admin/providers/${provider}`, changes),
    onSettled: invalidate,
  });
}

export function useResetProvider() {
  const invalidate = useInvalidate(gatewayKeys.providers);
  return useMutation({ mutationFn: (provider: Provider) => apiRequest<void>('DELETE', `/api/admin/providers/${provider}`), onSettled: invalidate });
}

export function useTestProvider() {
  return useMutation({ mutationFn: (provider: Provider) => apiRequest<ProbeResult>('POST', `/api/admin/providers/${provider}/test`) });
}

export function useTestModel() {
  return useMutation({ mutationFn: (id: string) => apiRequest<ProbeResult>('POST', `/api/admin/ai-models/${encodeURIComponent(id)}/test`) });
}

export function useOpenRouterCandidates(isEnabled: boolean) {
  return useQuery({
    queryKey: gatewayKeys.openRouterCandidates,
    queryFn: () => apiRequest<ImportCandidateList>('GET', '/api/admin/imports/openrouter'),
    enabled: isEnabled,
    // OpenRouter's catalog changes slowly; one fetch per opening of the dialog is plenty.
    staleTime: 5 * 60_000,
  });
}

export function useImportOpenRouter() {
  const invalidate = useInvalidate(queryKeys.models, gatewayKeys.openRouterCandidates);
  return useMutation({ mutationFn: (ids: string[]) => apiRequest<ImportResult>('POST', '/api/admin/imports/openrouter', { ids }), onSuccess: invalidate });
}

export interface UsageFilters {
  apiKeyId?: string;
  model?: string;
  type?: string;
  provider?: string;
  status?: string;
  from?: string;
  to?: string;
}

export function useUsage(filters: UsageFilters, before: number | undefined) {
  return useQuery({
    queryKey: [...gatewayKeys.usage, filters, before],
    queryFn: () => apiRequest<UsageList>('GET', `/api/admin/usage${queryString({ ...filters, before, limit: 50 })}`),
    placeholderData: keepPreviousData,
  });
}

export function useDailyUsage(filters: { apiKeyId?: string; model?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: [...gatewayKeys.usageDaily, filters],
    queryFn: () => apiRequest<DailyUsage>('GET', `/api/admin/usage/daily${queryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}
