import { Alert, Badge, Button, Center, Checkbox, Group, Loader, Modal, ScrollArea, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ImportResult } from '../../../src/gateway/admin/schemas.js';
import { useImportOpenRouter, useOpenRouterCandidates } from '../api/gateway-queries.js';

// Enough rows to scan comfortably; a search narrows OpenRouter's few hundred models further.
const SHOWN = 150;
const STATUS_COLORS = { created: 'green', skipped: 'gray', error: 'red' } as const;

/** Pick models from OpenRouter's catalog and add them at once, typed by their output modalities. */
export default function ImportOpenRouterModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const candidates = useOpenRouterCandidates(opened);
  const importModels = useImportOpenRouter();
  const [search, setSearch] = useState('');
  const [type, setType] = useState('ALL');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<ImportResult | null>(null);

  const close = () => {
    setPicked(new Set());
    setResult(null);
    setSearch('');
    importModels.reset();
    onClose();
  };
  const query = search.trim().toLowerCase();
  const matching = (candidates.data?.items ?? []).filter(
    (candidate) => (type === 'ALL' || candidate.type === type) && (!query || candidate.id.toLowerCase().includes(query) || candidate.name.toLowerCase().includes(query)),
  );
  const toggle = (id: string, isOn: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (isOn) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Modal opened={opened} onClose={close} title="Import from OpenRouter" size="xl">
      {result ? (
        <Stack>
          <Text size="sm">
            {result.items.filter((item) => item.status === 'created').length} added, {result.items.filter((item) => item.status === 'skipped').length} skipped,{' '}
            {result.items.filter((item) => item.status === 'error').length} failed.
          </Text>
          <ScrollArea.Autosize mah={360}>
            <Stack gap={4} role="list" aria-label="Import results">
              {result.items.map((item) => (
                <Group key={item.id} gap="xs" wrap="nowrap" role="listitem">
                  <Badge size="sm" variant="light" color={STATUS_COLORS[item.status]} w={72}>
                    {item.status}
                  </Badge>
                  <Text size="sm" ff="monospace">
                    {item.id}
                  </Text>
                  {item.message && (
                    <Text size="xs" c="dimmed">
                      {item.message}
                    </Text>
                  )}
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label="Search" placeholder="Id or name" type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} w={{ base: '100%', sm: 260 }} />
            <SegmentedControl
              aria-label="Type"
              value={type}
              onChange={setType}
              data={[
                { value: 'ALL', label: 'All' },
                { value: 'CHAT', label: 'Chat' },
                { value: 'IMAGE', label: 'Image' },
                { value: 'VIDEO', label: 'Video' },
              ]}
            />
          </Group>
          {candidates.isError ? (
            <Alert color="red" role="alert" title="OpenRouter's catalog could not be loaded">
              {candidates.error.message}
            </Alert>
          ) : !candidates.data ? (
            <Center h={160}>
              <Loader aria-label="Loading OpenRouter's models" />
            </Center>
          ) : (
            <ScrollArea.Autosize mah={380}>
              <Stack gap={6} role="list" aria-label="OpenRouter models">
                {matching.slice(0, SHOWN).map((candidate) => {
                  const isAvailable = candidate.type !== null && !candidate.exists;
                  return (
                    <Group key={candidate.id} gap="xs" wrap="nowrap" role="listitem" align="flex-start">
                      <Checkbox
                        aria-label={`Import ${candidate.id}`}
                        checked={picked.has(candidate.id)}
                        disabled={!isAvailable}
                        onChange={(event) => toggle(candidate.id, event.currentTarget.checked)}
                        mt={2}
                      />
                      <div style={{ minWidth: 0, flex: 1 }}>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={600} lineClamp={1}>
                            {candidate.name}
                          </Text>
                          {candidate.type ? (
                            <Badge size="xs" variant="light">
                              {candidate.type}
                            </Badge>
                          ) : (
                            <Badge size="xs" variant="light" color="gray" title={`Outputs ${candidate.outputModalities.join(', ')}`}>
                              not supported
                            </Badge>
                          )}
                          {candidate.exists && (
                            <Badge size="xs" variant="outline" color="gray">
                              in catalog
                            </Badge>
                          )}
                        </Group>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {candidate.id}
                        </Text>
                      </div>
                    </Group>
                  );
                })}
                {matching.length > SHOWN && (
                  <Text size="xs" c="dimmed">
                    {matching.length - SHOWN} more; search to narrow the list.
                  </Text>
                )}
                {matching.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No OpenRouter model matches.
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {importModels.isError && (
            <Alert color="red" role="alert">
              {importModels.error.message}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {picked.size} selected
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button disabled={picked.size === 0} loading={importModels.isPending} onClick={() => importModels.mutate([...picked], { onSuccess: setResult })}>
                Import {picked.size > 0 ? picked.size : ''} {picked.size === 1 ? 'model' : 'models'}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
