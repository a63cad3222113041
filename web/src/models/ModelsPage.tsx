import { Badge, Button, Center, Group, Loader, Pagination, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useState } from 'react';
import { MODEL_TYPES, PROVIDERS } from '../../../src/catalog/model-types.js';
import type { Model } from '../../../src/catalog/schemas.js';
import { useModels } from '../api/queries.js';
import { formatCount } from '../format.js';
import { ErrorState } from '../layout/ErrorState.js';
import { DeleteModelModal } from './DeleteModelModal.js';
import { PAGE_SIZES, useModelFilters } from './filters.js';
import { ModelFormModal } from './ModelFormModal.js';
import { ModelCards, ModelsTable } from './ModelsTable.js';

// Loaded when first opened: the models page is part of the first load, the import is not.
const ImportOpenRouterModal = lazy(() => import('./ImportOpenRouterModal.js'));

const SORT_OPTIONS = [
  { value: '-updatedAt', label: 'Last updated, newest first' },
  { value: 'updatedAt', label: 'Last updated, oldest first' },
  { value: '-createdAt', label: 'Created, newest first' },
  { value: 'displayName', label: 'Display name, A to Z' },
  { value: '-displayName', label: 'Display name, Z to A' },
  { value: 'name', label: 'Name, A to Z' },
  { value: '-name', label: 'Name, Z to A' },
  { value: 'type', label: 'Type' },
  { value: 'provider', label: 'Provider' },
];

const ALL = 'ALL';

export default function ModelsPage() {
  useDocumentTitle('Models · Switchboard admin');
  const { filters, update, hasFilters, clear } = useModelFilters();
  const models = useModels(filters);
  const isWide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const [formState, setFormState] = useState<{ opened: boolean; model?: Model }>({ opened: false });
  const [deleting, setDeleting] = useState<Model | null>(null);
  const [isImporting, setImporting] = useState(false);
  const [search, setSearch] = useState(filters.q ?? '');
  const applySearch = useDebouncedCallback((value: string) => update({ q: value.trim() || undefined }), 300);

  const list = models.data;
  const typeCounts = list?.typeCounts ?? {};
  const allCount = Object.values(typeCounts).reduce((sum, count) => sum + count, 0);
  const pageCount = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  const firstShown = list && list.total > 0 ? (list.page - 1) * list.pageSize + 1 : 0;
  const lastShown = list ? Math.min(list.total, list.page * list.pageSize) : 0;

  // Past the last page (the last model of a page was deleted, or an old link): go to the last page.
  const isPastLastPage = list !== undefined && list.items.length === 0 && list.total > 0 && filters.page > 1;
  useEffect(() => {
    if (isPastLastPage) update({ page: String(pageCount) });
  }, [isPastLastPage, pageCount, update]);

  const openCreate = () => setFormState({ opened: true });
  const openEdit = (model: Model) => setFormState({ opened: true, model });

  const results = (() => {
    if (models.isError && !list) return <ErrorState error={models.error} onRetry={() => void models.refetch()} />;
    if (!list || isPastLastPage) {
      return (
        <Center h={200}>
          <Loader aria-label="Loading models" />
        </Center>
      );
    }
    if (list.items.length === 0) return <EmptyState hasFilters={hasFilters} onClear={() => { setSearch(''); clear(); }} onCreate={openCreate} />;
    return isWide ? (
      <ModelsTable items={list.items} sort={filters.sort} onSort={(sort) => update({ sort })} onEdit={openEdit} onDelete={setDeleting} />
    ) : (
      <ModelCards items={list.items} onEdit={openEdit} onDelete={setDeleting} />
    );
  })();

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Models
          </Title>
          <Text size="sm" c="dimmed">
            The models the gateway serves, by type and provider.
          </Text>
        </div>
        <Group gap="xs">
          <Button variant="default" onClick={() => setImporting(true)}>
            Import from OpenRouter
          </Button>
          <Button onClick={openCreate}>Create Model</Button>
        </Group>
      </Group>

      <Tabs value={filters.type ?? ALL} onChange={(value) => update({ type: value === ALL || value === null ? undefined : value })} keepMounted={false}>
        <Tabs.List aria-label="Model type">
          <Tabs.Tab value={ALL} rightSection={<CountBadge count={list ? allCount : undefined} />}>
            All
          </Tabs.Tab>
          {MODEL_TYPES.map((entry) => (
            <Tabs.Tab key={entry.type} value={entry.type} rightSection={<CountBadge count={list ? (typeCounts[entry.type] ?? 0) : undefined} />}>
              {entry.type}
            </Tabs.Tab>
          ))}
        </Tabs.List>

        {[ALL, ...MODEL_TYPES.map((entry) => entry.type)].map((value) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Stack gap="md">
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label="Search"
                  placeholder="Name, display name or API path"
                  type="search"
                  value={search}
                  onChange={(event) => {
                    setSearch(event.currentTarget.value);
                    applySearch(event.currentTarget.value);
                  }}
                  w={{ base: '100%', sm: 280 }}
                />
                <Select
                  label="Provider"
                  placeholder="All providers"
                  clearable
                  data={PROVIDERS.map((entry) => ({ value: entry.provider, label: entry.label }))}
                  value={filters.provider ?? null}
                  onChange={(value) => update({ provider: value ?? undefined })}
                  w={{ base: '100%', xs: 180 }}
                />
                <Select
                  label="Status"
                  data={[
                    { value: 'all', label: 'Enabled and disabled' },
                    { value: 'true', label: 'Enabled only' },
                    { value: 'false', label: 'Disabled only' },
                  ]}
                  allowDeselect={false}
                  value={filters.enabled === undefined ? 'all' : String(filters.enabled)}
                  onChange={(value) => update({ enabled: value === 'all' || value === null ? undefined : value })}
                  w={{ base: '100%', xs: 190 }}
                />
                <Select
                  label="Sort by"
                  data={SORT_OPTIONS}
                  allowDeselect={false}
                  value={filters.sort}
                  onChange={(value) => update({ sort: value ?? undefined })}
                  w={{ base: '100%', xs: 230 }}
                />
              </Group>

              <Paper withBorder p={isWide ? 0 : 'sm'} radius="md" aria-busy={models.isFetching}>
                {results}
              </Paper>

              {list && list.total > 0 && (
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <Text size="sm" c="dimmed" aria-live="polite">
                    {formatCount(firstShown)}–{formatCount(lastShown)} of {formatCount(list.total)} models
                  </Text>
                  <Group gap="sm" wrap="wrap">
                    <Select
                      label="Per page"
                      data={PAGE_SIZES}
                      value={String(filters.pageSize)}
                      allowDeselect={false}
                      onChange={(value) => update({ pageSize: value ?? undefined })}
                      w={90}
                      size="xs"
                    />
                    {pageCount > 1 && (
                      <Pagination
                        total={pageCount}
                        value={Math.min(filters.page, pageCount)}
                        onChange={(page) => update({ page: String(page) })}
                        siblings={isWide ? 1 : 0}
                        boundaries={1}
                        size="sm"
                        aria-label="Pages"
                        getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
                        getControlProps={(control) => ({ 'aria-label': `${control[0]!.toUpperCase()}${control.slice(1)} page` })}
                      />
                    )}
                  </Group>
                </Group>
              )}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>

      <ModelFormModal opened={formState.opened} model={formState.model} onClose={() => setFormState({ opened: false })} />
      <DeleteModelModal model={deleting} onClose={() => setDeleting(null)} />
      {isImporting && (
        <Suspense fallback={null}>
          <ImportOpenRouterModal opened onClose={() => setImporting(false)} />
        </Suspense>
      )}
    </Stack>
  );
}

function CountBadge({ count }: { count: number | undefined }) {
  if (count === undefined) return null;
  return (
    <Badge size="sm" variant="light" color="gray" circle={false}>
      {formatCount(count)}
    </Badge>
  );
}

function EmptyState({ hasFilters, onClear, onCreate }: { hasFilters: boolean; onClear: () => void; onCreate: () => void }) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <Title order={2} size="h4">
        {hasFilters ? 'No models match these filters' : 'No models yet'}
      </Title>
      <Text size="sm" c="dimmed" maw={420}>
        {hasFilters
          ? 'Try another search, type or provider, or clear the filters to see every model.'
          : 'Add the first model the gateway should serve: choose its type and provider, and give the API path the provider knows it by.'}
      </Text>
      {hasFilters ? (
        <Button variant="light" onClick={onClear}>
          Clear filters
        </Button>
      ) : (
        <Button onClick={onCreate}>Create the first model</Button>
      )}
    </Stack>
  );
}
