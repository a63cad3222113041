import { Badge, Button, Center, Group, Loader, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { MODEL_TYPES, PROVIDERS } from '../../../src/catalog/model-types.js';
import { useApiKeys, useDailyUsage, useUsage, type UsageFilters } from '../api/gateway-queries.js';
import { formatAbsolute } from '../format.js';
import { ErrorState } from '../layout/ErrorState.js';
import { UsageChart } from './UsageChart.js';

const DAY_MS = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The gateway's request log: a chart of the days, and a filterable table of the requests. */
export default function UsagePage() {
  useDocumentTitle('Usage · Switchboard admin');
  const keys = useApiKeys();
  const [apiKeyId, setApiKeyId] = useState<string | null>(null);
  const [modelInput, setModelInput] = useState('');
  const [model] = useDebouncedValue(modelInput.trim(), 300);
  const [type, setType] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState(() => isoDay(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  // Older pages are reached with the cursor of the page before; the stack walks back.
  const [cursors, setCursors] = useState<number[]>([]);

  const filters = useMemo((): UsageFilters => {
    const fromTime = Date.parse(`${from}T00:00:00Z`);
    const toTime = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
    return {
      apiKeyId: apiKeyId ?? undefined,
      model: model || undefined,
      type: type ?? undefined,
      provider: provider ?? undefined,
      status: status ?? undefined,
      from: Number.isNaN(fromTime) ? undefined : new Date(fromTime).toISOString(),
      to: Number.isNaN(toTime) ? undefined : new Date(toTime).toISOString(),
    };
  }, [apiKeyId, model, type, provider, status, from, to]);
  const usage = useUsage(filters, cursors.at(-1));
  const daily = useDailyUsage({ apiKeyId: apiKeyId ?? undefined, model: model || undefined, from: from || undefined, to: to || undefined });
  const keyNames = new Map((keys.data?.items ?? []).map((key) => [key.id, key.name]));

  const changeFilter = <T,>(set: (value: T) => void) => (value: T) => {
    setCursors([]);
    set(value);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Usage
        </Title>
        <Text size="sm" c="dimmed">
          Every request through the gateway, by key and model. Daily totals outlive the detailed log, which keeps the last days set by USAGE_RETENTION_DAYS.
        </Text>
      </div>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="API key"
          placeholder="All keys"
          clearable
          data={(keys.data?.items ?? []).map((key) => ({ value: key.id, label: key.name }))}
          value={apiKeyId}
          onChange={changeFilter(setApiKeyId)}
          w={{ base: '100%', xs: 200 }}
        />
        <TextInput label="Model" placeholder="Any model" value={modelInput} onChange={(event) => changeFilter(setModelInput)(event.currentTarget.value)} w={{ base: '100%', xs: 200 }} />
        <Select label="Type" placeholder="All types" clearable data={MODEL_TYPES.map((entry) => entry.type)} value={type} onChange={changeFilter(setType)} w={{ base: '100%', xs: 120 }} />
        <Select
          label="Provider"
          placeholder="All providers"
          clearable
          data={PROVIDERS.map((entry) => ({ value: entry.provider, label: entry.label }))}
          value={provider}
          onChange={changeFilter(setProvider)}
          w={{ base: '100%', xs: 170 }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={[
            { value: 'ok', label: 'Succeeded' },
            { value: 'error', label: 'Failed' },
          ]}
          value={status}
          onChange={changeFilter(setStatus)}
          w={{ base: '100%', xs: 140 }}
        />
        <TextInput label="From" type="date" value={from} onChange={(event) => changeFilter(setFrom)(event.currentTarget.value)} w={{ base: '100%', xs: 150 }} />
        <TextInput label="To" type="date" value={to} onChange={(event) => changeFilter(setTo)(event.currentTarget.value)} w={{ base: '100%', xs: 150 }} />
      </Group>

      <Paper withBorder radius="md" p="md" aria-busy={daily.isFetching}>
        <Title order={2} size="h5" mb="xs">
          Requests and latency per day
        </Title>
        {daily.isError && !daily.data ? (
          <ErrorState error={daily.error} onRetry={() => void daily.refetch()} />
        ) : daily.data ? (
          <UsageChart days={daily.data.days} />
        ) : (
          <Center h={200}>
            <Loader aria-label="Loading the chart" />
          </Center>
        )}
      </Paper>

      <Paper withBorder radius="md" aria-busy={usage.isFetching}>
        {usage.isError && !usage.data ? (
          <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
        ) : !usage.data ? (
          <Center h={200}>
            <Loader aria-label="Loading requests" />
          </Center>
        ) : usage.data.items.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            No requests match these filters.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" aria-label="Requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Provider</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Latency</Table.Th>
                  <Table.Th ta="right">TTFT</Table.Th>
                  <Table.Th ta="right">Tokens in / out</Table.Th>
                  <Table.Th>Error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.data.items.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Text size="sm">{formatAbsolute(entry.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.apiKeyName ?? (entry.apiKeyId ? (keyNames.get(entry.apiKeyId) ?? 'deleted key') : '—')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {entry.model}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {entry.type} · {entry.endpoint}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.provider}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={entry.status >= 400 || entry.error ? 'red' : 'green'}>
                        {entry.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{Math.round(entry.latencyMs)} ms</Table.Td>
                    <Table.Td ta="right">{entry.ttftMs === null ? '—' : `${Math.round(entry.ttftMs)} ms`}</Table.Td>
                    <Table.Td ta="right">
                      {entry.tokensIn ?? '—'} / {entry.tokensOut ?? '—'}
                    </Table.Td>
                    <Table.Td maw={280}>
                      <Text size="xs" c="red" lineClamp={2} title={entry.error ?? undefined}>
                        {entry.error}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size="xs" disabled={cursors.length === 0} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          Newer
        </Button>
        <Button
          variant="default"
          size="xs"
          disabled={!usage.data?.nextBefore}
          onClick={() => {
            const next = usage.data?.nextBefore;
            if (next) setCursors((stack) => [...stack, next]);
          }}
        >
          Older
        </Button>
      </Group>
    </Stack>
  );
}
