import { Alert, Badge, Button, Card, Center, Code, CopyButton, Group, Loader, Modal, MultiSelect, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ApiKey, CreatedApiKey } from '../../../src/gateway/admin/schemas.js';
import { ApiError } from '../api/client.js';
import { useApiKeys, useCreateApiKey, useDeleteApiKey, useUpdateApiKey } from '../api/gateway-queries.js';
import { useModels } from '../api/queries.js';
import { formatAbsolute, formatRelative } from '../format.js';
import { ConfirmModal } from '../layout/ConfirmModal.js';
import { ErrorState } from '../layout/ErrorState.js';

/** The gateway's client keys: create (shown once), enable or disable, revoke. */
export default function ApiKeysPage() {
  useDocumentTitle('API keys · Switchboard admin');
  const keys = useApiKeys();
  const isWide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const [isCreating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKey | null>(null);

  const body = (() => {
    if (keys.isError && !keys.data) return <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
    if (!keys.data) {
      return (
        <Center h={200}>
          <Loader aria-label="Loading API keys" />
        </Center>
      );
    }
    if (keys.data.items.length === 0) {
      return (
        <Stack align="center" gap="xs" py={48} px="md" ta="center">
          <Title order={2} size="h4">
            No API keys yet
          </Title>
          <Text size="sm" c="dimmed" maw={440}>
            A product calls the gateway at /v1 with a key from here, sent as &quot;Authorization: Bearer &lt;key&gt;&quot;.
          </Text>
          <Button onClick={() => setCreating(true)}>Create the first key</Button>
        </Stack>
      );
    }
    if (!isWide) {
      return (
        <Stack gap="sm" p="sm" role="list" aria-label="API keys">
          {keys.data.items.map((key) => (
            <Card key={key.id} withBorder padding="sm" role="listitem">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} lineClamp={1}>
                  {key.name}
                </Text>
                <KeyState apiKey={key} />
              </Group>
              <Text size="xs" c="dimmed">
                <Code>{key.prefix}…</Code> · {key.allowedModels ? key.allowedModels.join(', ') : 'all models'} · last used {key.lastUsedAt ? formatRelative(key.lastUsedAt) : 'never'}
              </Text>
              <Group justify="space-between" mt="xs">
                <EnabledSwitch apiKey={key} />
                <KeyActions apiKey={key} onEdit={setEditing} onRevoke={setRevoking} />
              </Group>
            </Card>
          ))}
        </Stack>
      );
    }
    return (
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Models</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.items.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {key.name}
                  </Text>
                  <Text size="xs" c="dimmed" title={formatAbsolute(key.createdAt)}>
                    created {formatRelative(key.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code>{key.prefix}…</Code>
                </Table.Td>
                <Table.Td maw={240}>
                  <Text size="sm" lineClamp={2}>
                    {key.allowedModels ? key.allowedModels.join(', ') : 'All models'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <KeyState apiKey={key} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{key.expiresAt ? formatAbsolute(key.expiresAt) : 'Never'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={key.lastUsedAt ? formatAbsolute(key.lastUsedAt) : undefined}>
                    {key.lastUsedAt ? formatRelative(key.lastUsedAt) : 'Never'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <EnabledSwitch apiKey={key} />
                </Table.Td>
                <Table.Td>
                  <KeyActions apiKey={key} onEdit={setEditing} onRevoke={setRevoking} />
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
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            API keys
          </Title>
          <Text size="sm" c="dimmed">
            Keys your products use to call the gateway at /v1. Only a hash is stored; a key is shown once, when it is created.
          </Text>
        </div>
        <Button onClick={() => setCreating(true)}>Create API key</Button>
      </Group>
      <Paper withBorder radius="md" aria-busy={keys.isFetching}>
        {body}
      </Paper>
      <CreateKeyModal
        opened={isCreating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
        }}
      />
      <ShowKeyOnceModal created={created} onClose={() => setCreated(null)} />
      <RevokeKeyModal apiKey={revoking} onClose={() => setRevoking(null)} />
      {editing && <EditKeyModal apiKey={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function KeyState({ apiKey }: { apiKey: ApiKey }) {
  if (!apiKey.enabled) return <Badge color="gray" variant="light">Disabled</Badge>;
  if (apiKey.expiresAt && Date.parse(apiKey.expiresAt) <= Date.now()) return <Badge color="orange" variant="light">Expired</Badge>;
  return <Badge color="green" variant="light">Active</Badge>;
}

function EnabledSwitch({ apiKey }: { apiKey: ApiKey }) {
  const update = useUpdateApiKey();
  return (
    <Switch
      checked={update.isPending && update.variables ? update.variables.changes.enabled === true : apiKey.enabled}
      disabled={update.isPending}
      aria-label={`Enabled: ${apiKey.name}`}
      onChange={(event) =>
        update.mutate(
          { id: apiKey.id, changes: { enabled: event.currentTarget.checked } },
          { onError: (error) => notifications.show({ color: 'red', title: `Could not change ${apiKey.name}`, message: error.message }) },
        )
      }
    />
  );
}

function CreateKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (created: CreatedApiKey) => void }) {
  const create = useCreateApiKey();
  const modelNames = useModelNames();
  const [name, setName] = useState('');
  const [allowedModels, setAllowedModels] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const reset = () => {
    setName('');
    setAllowedModels([]);
    setExpiresOn('');
    setErrors({});
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        ...(allowedModels.length > 0 ? { allowedModels } : {}),
        ...(expiresOn ? { expiresAt: endOfDay(expiresOn) } : {}),
      },
      {
        onSuccess: (result) => {
          reset();
          onCreated(result);
        },
        onError: (error) => setErrors(error instanceof ApiError ? error.fieldErrors() : {}),
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title="Create API key"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" description="What the key is for, e.g. the product or team using it." required value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.name} data-autofocus />
          <MultiSelect
            label="Allowed models"
            description="Leave empty to allow every model."
            placeholder={allowedModels.length === 0 ? 'All models' : undefined}
            data={modelNames}
            value={allowedModels}
            onChange={setAllowedModels}
            searchable
            clearable
            error={errors.allowedModels}
          />
          <TextInput label="Expires on" description="Optional; the key stops working at the end of this day." type="date" value={expiresOn} onChange={(event) => setExpiresOn(event.currentTarget.value)} error={errors.expiresAt} />
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {create.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The catalog's model names for an allow-list; a key may also name models added later. */
function useModelNames(): string[] {
  const models = useModels({ sort: 'name', page: 1, pageSize: 100 });
  return (models.data?.items ?? []).map((model) => model.name);
}

/** The end of a chosen day in the admin's own time zone, as an ISO date-time. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59`).toISOString();
const localDay = (iso: string) => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/** Name, allow-list and expiry of an existing key; the key itself stays what it is. */
function EditKeyModal({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const update = useUpdateApiKey();
  const modelNames = useModelNames();
  const [name, setName] = useState(apiKey.name);
  const [allowedModels, setAllowedModels] = useState<string[]>(apiKey.allowedModels ?? []);
  const [expiresOn, setExpiresOn] = useState(apiKey.expiresAt ? localDay(apiKey.expiresAt) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: apiKey.id, changes: { name, allowedModels: allowedModels.length > 0 ? allowedModels : null, expiresAt: expiresOn ? endOfDay(expiresOn) : null } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Key updated', message: name });
          onClose();
        },
        onError: (error) => setErrors(error instanceof ApiError && Object.keys(error.fieldErrors()).length > 0 ? error.fieldErrors() : { form: error.message }),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Edit ${apiKey.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.name} data-autofocus />
          <MultiSelect
            label="Allowed models"
            description="Leave empty to allow every model."
            placeholder={allowedModels.length === 0 ? 'All models' : undefined}
            data={[...new Set([...modelNames, ...allowedModels])]}
            value={allowedModels}
            onChange={setAllowedModels}
            searchable
            clearable
            error={errors.allowedModels}
          />
          <TextInput label="Expires on" description="Empty: never expires." type="date" value={expiresOn} onChange={(event) => setExpiresOn(event.currentTarget.value)} error={errors.expiresAt} />
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The one time the key is visible: copy it now, it cannot be shown again. */
function ShowKeyOnceModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Copy your new API key" closeOnClickOutside={false} size="lg">
      {created && (
        <Stack>
          <Alert color="yellow" title="This is the only time the key is shown" role="status">
            Store it somewhere safe now, such as your product&apos;s secret store. Switchboard keeps only a hash of it; if it is lost, revoke it and create another.
          </Alert>
          <TextInput label={`API key for ${created.apiKey.name}`} value={created.key} readOnly ff="monospace" onFocus={(event) => event.currentTarget.select()} />
          <Group justify="space-between">
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} color={copied ? 'green' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              I have stored it
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Edit and Revoke for one key, the same in the table and on the narrow-screen cards. */
function KeyActions({ apiKey, onEdit, onRevoke }: { apiKey: ApiKey; onEdit: (key: ApiKey) => void; onRevoke: (key: ApiKey) => void }) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button size="xs" variant="subtle" onClick={() => onEdit(apiKey)} aria-label={`Edit ${apiKey.name}`}>
        Edit
      </Button>
      <Button size="xs" variant="subtle" color="red" onClick={() => onRevoke(apiKey)} aria-label={`Revoke ${apiKey.name}`}>
        Revoke
      </Button>
    </Group>
  );
}

function RevokeKeyModal({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const remove = useDeleteApiKey();
  const confirm = () => {
    if (!apiKey) return;
    remove.mutate(apiKey.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Key revoked', message: apiKey.name });
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not revoke the key', message: error.message, autoClose: false }),
    });
  };
  return (
    <ConfirmModal opened={apiKey !== null} title="Revoke API key?" confirmLabel="Revoke key" isPending={remove.isPending} onConfirm={confirm} onClose={onClose}>
      {apiKey && (
        <>
          <b>{apiKey.name}</b> (<Code>{apiKey.prefix}…</Code>) will be deleted. Requests with it are refused within a second, on every instance. This cannot be undone; to pause a key
          instead, switch it off.
        </>
      )}
    </ConfirmModal>
  );
}
