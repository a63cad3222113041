import { ActionIcon, Card, Code, Group, Stack, Switch, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { PROVIDERS } from '../../../src/catalog/model-types.js';
import type { Model, ModelList } from '../../../src/catalog/schemas.js';
import { queryKeys, useUpdateModel } from '../api/queries.js';
import { formatAbsolute, formatRelative } from '../format.js';
import { TestModelButton } from './TestModelButton.js';
import { TypeBadge } from './TypeBadge.js';

const providerLabel = (provider: string) => PROVIDERS.find((entry) => entry.provider === provider)?.label ?? provider;

interface RowActions {
  onEdit: (model: Model) => void;
  onDelete: (model: Model) => void;
}

type SortableField = 'displayName' | 'type' | 'provider' | 'updatedAt';

/** The enabled switch saves at once, showing the new state immediately and undoing it if the save fails. */
function EnabledSwitch({ model }: { model: Model }) {
  const update = useUpdateModel();
  const client = useQueryClient();
  const toggle = (enabled: boolean) => {
    const previous = client.getQueriesData<ModelList>({ queryKey: queryKeys.models });
    client.setQueriesData<ModelList>({ queryKey: queryKeys.models }, (list) =>
      list ? { ...list, items: list.items.map((item) => (item.id === model.id ? { ...item, enabled } : item)) } : list,
    );
    update.mutate(
      { id: model.id, changes: { enabled } },
      {
        onError: (error) => {
          for (const [key, data] of previous) client.setQueryData(key, data);
          notifications.show({ color: 'red', title: `Could not ${enabled ? 'enable' : 'disable'} ${model.displayName}`, message: error.message });
        },
      },
    );
  };
  return (
    <Switch
      checked={model.enabled}
      onChange={(event) => toggle(event.currentTarget.checked)}
      aria-label={`Enabled: ${model.displayName}`}
      disabled={update.isPending}
    />
  );
}

function RowButtons({ model, onEdit, onDelete }: { model: Model } & RowActions) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {/* title rather than a Tooltip per icon: forty floating tooltips cost the first render more than they give. */}
      <TestModelButton model={model} />
      <ActionIcon variant="subtle" aria-label={`Edit ${model.displayName}`} title="Edit" onClick={() => onEdit(model)}>
        <PencilIcon />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={`Delete ${model.displayName}`} title="Delete" onClick={() => onDelete(model)}>
        <TrashIcon />
      </ActionIcon>
    </Group>
  );
}

function UpdatedAt({ iso, size = 'sm' }: { iso: string; size?: 'sm' | 'xs' }) {
  return (
    <Text span size={size} title={formatAbsolute(iso)} component="time" dateTime={iso}>
      {formatRelative(iso)}
    </Text>
  );
}

export function ModelsTable({ items, sort, onSort, ...actions }: { items: Model[]; sort: string; onSort: (sort: string) => void } & RowActions) {
  const header = (field: SortableField, label: string) => {
    const isActive = sort === field || sort === `-${field}`;
    const isDescending = sort === `-${field}`;
    const next = isActive && !isDescending ? `-${field}` : field;
    return (
      <Table.Th aria-sort={isActive ? (isDescending ? 'descending' : 'ascending') : undefined}>
        <UnstyledButton onClick={() => onSort(next)} fw={600} fz="sm">
          {label}
          {isActive ? (isDescending ? ' ↓' : ' ↑') : ''}
        </UnstyledButton>
      </Table.Th>
    );
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Models">
        <Table.Thead>
          <Table.Tr>
            {header('displayName', 'Model')}
            {header('type', 'Type')}
            {header('provider', 'Provider')}
            <Table.Th>API path</Table.Th>
            <Table.Th>Enabled</Table.Th>
            {header('updatedAt', 'Last updated')}
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((model) => (
            <Table.Tr key={model.id}>
              <Table.Td maw={280}>
                <Text size="sm" fw={600} lineClamp={1}>
                  {model.displayName}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" lineClamp={1}>
                  {model.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <TypeBadge type={model.type} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{providerLabel(model.provider)}</Text>
              </Table.Td>
              <Table.Td maw={260}>
                <Code style={{ wordBreak: 'break-all' }}>{model.apiPath}</Code>
              </Table.Td>
              <Table.Td>
                <EnabledSwitch model={model} />
              </Table.Td>
              <Table.Td>
                <UpdatedAt iso={model.updatedAt} />
              </Table.Td>
              <Table.Td>
                <RowButtons model={model} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Narrow screens: one card per model, with the same facts and controls as a table row. */
export function ModelCards({ items, ...actions }: { items: Model[] } & RowActions) {
  return (
    <Stack gap="sm" role="list" aria-label="Models">
      {items.map((model) => (
        <Card key={model.id} withBorder padding="sm" role="listitem">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} lineClamp={2}>
                {model.displayName}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {model.name}
              </Text>
            </div>
            <TypeBadge type={model.type} />
          </Group>
          <Text size="sm" mt={6}>
            {providerLabel(model.provider)} · <Code style={{ wordBreak: 'break-all' }}>{model.apiPath}</Code>
          </Text>
          <Group justify="space-between" mt="xs" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <EnabledSwitch model={model} />
              <Text size="xs" c="dimmed">
                Updated <UpdatedAt iso={model.updatedAt} size="xs" />
              </Text>
            </Group>
            <RowButtons model={model} {...actions} />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function PencilIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 20h4L19 9l-4-4L4 16v4z" />
      <path d="M13.5 6.5l4 4" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
    </svg>
  );
}
