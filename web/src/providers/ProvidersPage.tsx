import { Alert, Badge, Button, Card, Center, Code, Group, Loader, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ProbeResult, ProviderSettings } from '../../../src/gateway/admin/schemas.js';
import { ApiError } from '../api/client.js';
import { useProviders, useTestProvider, useUpdateProvider } from '../api/gateway-queries.js';
import { formatRelative } from '../format.js';
import { ErrorState } from '../layout/ErrorState.js';

const SOURCE_LABELS = { database: 'Set here', environment: 'From the environment', none: 'Not set' } as const;
const SOURCE_COLORS = { database: 'blue', environment: 'gray', none: 'orange' } as const;

/** Where each provider is reached and with which key; a key can be set or replaced, never read back. */
export default function ProvidersPage() {
  useDocumentTitle('Providers · Switchboard admin');
  const providers = useProviders();

  if (providers.isError && !providers.data) return <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />;
  if (!providers.data) {
    return (
      <Center h={200}>
        <Loader aria-label="Loading providers" />
      </Center>
    );
  }
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Providers
        </Title>
        <Text size="sm" c="dimmed">
          Where the gateway sends each provider&apos;s requests. A key set here wins over the environment&apos;s, is stored encrypted, and is never shown again.
        </Text>
      </div>
      {!providers.data.secretKey.canStore && (
        <Alert color="yellow" title="Keys cannot be stored yet" role="status">
          Set <Code>SWITCHBOARD_SECRET_KEY</Code> (32 random bytes, e.g. from <Code>openssl rand -hex 32</Code>) on every instance and restart. Until then, the gateway uses the keys from the
          environment.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {providers.data.items.map((settings) => (
          <ProviderCard key={settings.provider} settings={settings} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ProviderCard({ settings }: { settings: ProviderSettings }) {
  const update = useUpdateProvider();
  const test = useTestProvider();
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const headingId = `provider-${settings.provider}`;

  const save = (changes: Parameters<typeof update.mutate>[0]['changes'], done: string) =>
    update.mutate(
      { provider: settings.provider, changes },
      {
        onSuccess: () => {
          setApiKey('');
          setBaseUrl('');
          setErrors({});
          test.reset();
          notifications.show({ color: 'green', title: settings.label, message: done });
        },
        onError: (error) => {
          const fields = error instanceof ApiError ? error.fieldErrors() : {};
          setErrors(Object.keys(fields).length > 0 ? fields : { form: error.message });
        },
      },
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes = { ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}), ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) };
    if (Object.keys(changes).length === 0) return setErrors({ apiKey: 'Enter a key or a base URL to save.' });
    save(changes, apiKey.trim() ? 'The new key is in use.' : 'The new base URL is in use.');
  };

  const key = settings.apiKey;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id={headingId}>
            {settings.label}
          </Title>
          <Group gap={4}>
            {settings.types.map((type) => (
              <Badge key={type} size="xs" variant="outline">
                {type}
              </Badge>
            ))}
          </Group>
        </Group>

        <div>
          <Text size="xs" c="dimmed">
            Base URL <SourceBadge source={settings.baseUrl.source} />
          </Text>
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {settings.baseUrl.value ?? '—'}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            API key <SourceBadge source={key.source} />
          </Text>
          <Text size="sm" aria-label={`${settings.label} API key status`}>
            {key.isSet ? (key.last4 ? `Set, ending in ${key.last4}` : 'Set') : 'Not set'}
            {settings.updatedAt && (
              <Text span size="xs" c="dimmed">
                {' '}
                · changed {formatRelative(settings.updatedAt)}
              </Text>
            )}
          </Text>
          {key.isUnreadable && (
            <Text size="xs" c="red">
              A key is stored but the current secret key cannot decrypt it (did SWITCHBOARD_SECRET_KEY change?). Set the key again.
            </Text>
          )}
        </div>

        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <PasswordInput
              label={key.source === 'database' ? 'Replace API key' : 'Set API key'}
              placeholder={key.isSet ? 'Enter a new key to replace the current one' : 'Paste the provider key'}
              autoComplete="off"
              value={apiKey}
              onChange={(event) => setApiKey(event.currentTarget.value)}
              error={errors.apiKey}
            />
            <TextInput
              label="New base URL"
              placeholder={settings.baseUrl.value ?? 'https://…/v1'}
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.currentTarget.value)}
              error={errors.baseUrl}
            />
            {errors.form && (
              <Alert color="red" role="alert" p="xs">
                {errors.form}
              </Alert>
            )}
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs">
                <Button type="submit" size="xs" loading={update.isPending}>
                  Save
                </Button>
                <Button size="xs" variant="default" loading={test.isPending} onClick={() => test.mutate(settings.provider)}>
                  Test connection
                </Button>
              </Group>
              <Group gap="xs">
                {key.source === 'database' && (
                  <Button size="xs" variant="subtle" color="red" disabled={update.isPending} onClick={() => save({ apiKey: null }, 'The stored key is forgotten.')}>
                    Forget stored key
                  </Button>
                )}
                {settings.baseUrl.source === 'database' && (
                  <Button size="xs" variant="subtle" color="red" disabled={update.isPending} onClick={() => save({ baseUrl: null }, 'The stored base URL is forgotten.')}>
                    Forget stored URL
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        </form>
        {test.data && <ProbeOutcome result={test.data} />}
        {test.isError && (
          <Alert color="red" role="alert" p="xs">
            {test.error.message}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function SourceBadge({ source }: { source: keyof typeof SOURCE_LABELS }) {
  return (
    <Badge size="xs" variant="light" color={SOURCE_COLORS[source]} ml={4}>
      {SOURCE_LABELS[source]}
    </Badge>
  );
}

/** A test's answer: the latency, or the provider's own error. */
function ProbeOutcome({ result }: { result: ProbeResult }) {
  return result.ok ? (
    <Alert color="green" role="status" p="xs">
      Connected in {Math.round(result.latencyMs)} ms.
    </Alert>
  ) : (
    <Alert color="red" role="status" p="xs" title={`Failed after ${Math.round(result.latencyMs)} ms`}>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {result.error}
      </Text>
    </Alert>
  );
}
