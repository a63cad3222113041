import { Badge, Card, Center, Code, Group, Loader, Pagination, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { useSearchParams } from 'react-router-dom';
import type { AuditEntry } from '../../../src/catalog/schemas.js';
import { useAudit } from '../api/queries.js';
import { formatAbsolute, formatCount, formatRelative } from '../format.js';
import { ErrorState } from '../layout/ErrorState.js';

/** The audit log records changes to these; the label says which kind of thing an entry is about. */
const ENTITY_LABELS: Record<string, string> = { ai_model: 'Model', api_key: 'API key', provider_credentials: 'Provider' };

const PAGE_SIZE = 25;
const ACTION_COLORS = { create: 'green', update: 'blue', delete: 'red' } as const;
/** Bookkeeping fields that change with every write and say nothing to a reader. */
const HIDDEN_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'created_at', 'updated_at']);

export default function AuditPage() {
  useDocumentTitle('Audit log · Switchboard admin');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const audit = useAudit(page, PAGE_SIZE);
  const isWide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const pageCount = audit.data ? Math.max(1, Math.ceil(audit.data.total / PAGE_SIZE)) : 1;

  const body = (() => {
    if (audit.isError && !audit.data) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
    if (!audit.data) {
      return (
        <Center h={200}>
          <Loader aria-label="Loading the audit log" />
        </Center>
      );
    }
    if (audit.data.items.length === 0) {
      return (
        <Text p="xl" ta="center" c="dimmed">
          Nothing has changed yet. Every create, edit and delete of a model will be listed here.
        </Text>
      );
    }
    if (!isWide) {
      return (
        <Stack gap="sm" p="sm" role="list" aria-label="Audit log">
          {audit.data.items.map((entry) => (
            <Card key={entry.id} withBorder padding="sm" role="listitem">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} lineClamp={1}>
                  {ENTITY_LABELS[entry.entity] ?? entry.entity}: {entry.entityName}
                </Text>
                <ActionBadge action={entry.action} />
              </Group>
              <Text size="xs" c="dimmed">
                {entry.actor.label} · <When iso={entry.occurredAt} size="xs" />
              </Text>
              <Changes entry={entry} />
            </Card>
          ))}
        </Stack>
      );
    }
    return (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" aria-label="Audit log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>What changed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audit.data.items.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <When iso={entry.occurredAt} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.actor.label}</Text>
                </Table.Td>
                <Table.Td>
                  <ActionBadge action={entry.action} />
                </Table.Td>
                <Table.Td maw={240}>
                  <Text size="xs" c="dimmed">
                    {ENTITY_LABELS[entry.entity] ?? entry.entity}
                  </Text>
                  <Text size="sm" lineClamp={2}>
                    {entry.entityName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Changes entry={entry} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  })();

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Audit log
        </Title>
        <Text size="sm" c="dimmed">
          Who changed which model, API key or provider setting, when, and how.
        </Text>
      </div>
      <Paper withBorder radius="md">
        {body}
      </Paper>
      {pageCount > 1 && (
        <Pagination
          total={pageCount}
          value={Math.min(page, pageCount)}
          onChange={(next) => setParams(next === 1 ? {} : { page: String(next) })}
          size="sm"
          aria-label="Pages"
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
        />
      )}
      {audit.data && (
        <Text size="sm" c="dimmed">
          {formatCount(audit.data.total)} entries
        </Text>
      )}
    </Stack>
  );
}

function When({ iso, size = 'sm' }: { iso: string; size?: 'sm' | 'xs' }) {
  return (
    <Text span size={size} title={formatAbsolute(iso)} component="time" dateTime={iso}>
      {formatRelative(iso)}
    </Text>
  );
}

function ActionBadge({ action }: { action: AuditEntry['action'] }) {
  return (
    <Badge color={ACTION_COLORS[action]} variant="light">
      {action === 'create' ? 'Created' : action === 'update' ? 'Updated' : 'Deleted'}
    </Badge>
  );
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The fields an entry changed: before → after for an update, the stored values for a create or delete. */
function Changes({ entry }: { entry: AuditEntry }) {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !HIDDEN_FIELDS.has(key));
  const shownValues = entry.action === 'delete' ? before : after;
  // An update lists what differs; a create or delete lists the values it had, leaving out empty ones.
  const changed =
    entry.action === 'update'
      ? keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      : keys.filter((key) => shownValues[key] !== '' && shownValues[key] !== null && shownValues[key] !== undefined);
  if (changed.length === 0) return <Text size="sm" c="dimmed">No field changed</Text>;
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {changed.map((key) => (
        <Text key={key} size="sm" component="li" style={{ wordBreak: 'break-word' }}>
          <Text span size="sm" c="dimmed">
            {key}:
          </Text>{' '}
          {entry.action === 'update' ? (
            <>
              <Code>{show(before[key])}</Code> → <Code>{show(after[key])}</Code>
            </>
          ) : (
            <Code>{show(shownValues[key])}</Code>
          )}
        </Text>
      ))}
    </Stack>
  );
}
