import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { MODEL_TYPE_VALUES, PROVIDER_VALUES, type ModelType, type Provider } from '../../../src/catalog/model-types.js';
import type { MODEL_SORT_FIELDS } from '../../../src/catalog/schemas.js';
import type { ModelFilters } from '../api/queries.js';

export const DEFAULT_SORT = '-updatedAt';
export const PAGE_SIZES = ['20', '50', '100'];
// Spelled out here rather than imported, so that zod stays out of the page's first load; the
// type check keeps the list within the server's sort fields.
const SORT_FIELDS = ['name', 'displayName', 'type', 'provider', 'createdAt', 'updatedAt'] as const satisfies readonly (typeof MODEL_SORT_FIELDS)[number][];
const SORTS = new Set<string>(SORT_FIELDS.flatMap((field) => [field, `-${field}`]));

const isModelType = (value: string | null): value is ModelType => MODEL_TYPE_VALUES.includes(value as ModelType);
const isProvider = (value: string | null): value is Provider => PROVIDER_VALUES.includes(value as Provider);

/** The list's filters from the query string; unknown values are ignored. */
export function parseModelFilters(params: URLSearchParams): ModelFilters {
  const type = params.get('type');
  const provider = params.get('provider');
  const enabled = params.get('enabled');
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  const pageSize = params.get('pageSize');
  return {
    type: isModelType(type) ? type : undefined,
    provider: isProvider(provider) ? provider : undefined,
    enabled: enabled === 'true' ? true : enabled === 'false' ? false : undefined,
    q: params.get('q')?.trim() || undefined,
    sort: sort && SORTS.has(sort) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: pageSize && PAGE_SIZES.includes(pageSize) ? Number(pageSize) : 20,
  };
}

/**
 * The list's filters live in the address (?type=CHAT&page=2), so a filtered view can be
 * bookmarked, shared and reached with the back button. Unknown values are ignored.
 */
export function useModelFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo(() => parseModelFilters(params), [params]);

  /** Changes some filters; any change other than the page itself goes back to page 1. */
  const update = useCallback(
    (changes: Partial<Record<'type' | 'provider' | 'enabled' | 'q' | 'sort' | 'page' | 'pageSize', string | undefined>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          if (!('page' in changes)) next.delete('page');
          if (next.get('sort') === DEFAULT_SORT) next.delete('sort');
          if (next.get('page') === '1') next.delete('page');
          return next;
        },
        { replace: 'q' in changes },
      );
    },
    [setParams],
  );

  const hasFilters = filters.type !== undefined || filters.provider !== undefined || filters.enabled !== undefined || filters.q !== undefined;
  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  return { filters, update, hasFilters, clear };
}
