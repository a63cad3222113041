import { insertAuditEntry, type AuditActor } from '../../audit/queries.js';
import { PROVIDERS, type Provider } from '../../catalog/model-types.js';
import type { GatewaySettings } from '../../config.js';
import type { Database } from '../../db/database.js';
import { assertThat } from '../../errors.js';
import type { SecretKeySource } from '../credentials/secret-key.js';
import type { CredentialStore, OpenedCredential } from '../credentials/store.js';
import { probeProvider, type ProbeDeps } from './probes.js';
import type { ProbeResult, ProviderList, ProviderSettings, UpdateProviderInput } from './schemas.js';

/** Keys shorter than this show no characters at all: four of eight would give half away. */
const MIN_LENGTH_FOR_HINT = 16;

/**
 * Provider base URLs and keys as the admin API manages them. A key goes in and never comes
 * out: answers say whether one is set, where it comes from and at most its last four
 * characters. Changes reload this instance's state before answering; other instances
 * follow through the NOTIFY trigger on switchboard.provider_credentials.
 */
export interface ProviderAdminService {
  list(): Promise<ProviderList>;
  update(provider: Provider, input: UpdateProviderInput, actor: AuditActor): Promise<ProviderSettings>;
  remove(provider: Provider, actor: AuditActor): Promise<void>;
  test(provider: Provider): Promise<ProbeResult>;
}

export function createProviderAdminService(deps: {
  db: Database;
  settings: GatewaySettings;
  credentials: CredentialStore;
  secretKey: SecretKeySource;
  probe: ProbeDeps;
}): ProviderAdminService {
  const { db, settings, credentials, secretKey, probe } = deps;

  const describeAll = async (): Promise<ProviderSettings[]> => {
    const stored = new Map((await credentials.list(db)).map((credential) => [credential.provider, credential]));
    return PROVIDERS.map(({ provider, label, types }) => describe(provider, label, [...types], settings.providers[provider], stored.get(provider)));
  };

  const describeOne = async (provider: Provider) => (await describeAll()).find((entry) => entry.provider === provider)!;

  return {
    async list() {
      // Reading the key file first makes the status say "file" once a key was generated.
      await secretKey.current();
      return { items: await describeAll(), secretKey: secretKey.status() };
    },

    async update(provider, input, actor) {
      const before = await describeOne(provider);
      await db.transaction(async (tx) => {
        await credentials.update(tx, provider, { apiKey: input.apiKey, baseUrl: input.baseUrl });
        const after = await describeIn(tx, provider);
        // A key that nobody can read back must not be readable by pointing it elsewhere: sending
        // the current key (stored or from the environment) to another host needs it typed again.
        const isNewHost = originOf(after.baseUrl.value) !== originOf(before.baseUrl.value);
        assertThat(
          !(isNewHost && after.apiKey.isSet && typeof input.apiKey !== 'string'),
          'validation_failed',
          'The base URL now points to another host: enter the API key again to send it there.',
          [{ field: 'apiKey', in: 'body', message: 'enter the key again to use it with the new host' }],
        );
        await insertAuditEntry(tx, { actor, action: 'update', entity: 'provider_credentials', entityId: null, entityName: provider, before: auditView(before), after: auditView(after) });
      });
      await probe.state.reload();
      return describeOne(provider);
    },

    async remove(provider, actor) {
      const before = await describeOne(provider);
      await db.transaction(async (tx) => {
        const isRemoved = await credentials.remove(tx, provider);
        assertThat(isRemoved, 'not_found', `Nothing is stored for ${provider}; its settings come from the environment.`);
        await insertAuditEntry(tx, { actor, action: 'delete', entity: 'provider_credentials', entityId: null, entityName: provider, before: auditView(before), after: null });
      });
      await probe.state.reload();
    },

    test: (provider) => probeProvider(probe, provider),
  };

  async function describeIn(tx: Parameters<CredentialStore['list']>[0], provider: Provider): Promise<ProviderSettings> {
    const entry = PROVIDERS.find((candidate) => candidate.provider === provider)!;
    const stored = (await credentials.list(tx)).find((credential) => credential.provider === provider);
    return describe(provider, entry.label, [...entry.types], settings.providers[provider], stored);
  }
}

function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The merged view the gateway uses (stored wins over the environment, field by field), without the key. */
function describe(
  provider: Provider,
  label: string,
  types: ProviderSettings['types'],
  fromEnv: GatewaySettings['providers'][Provider],
  stored: OpenedCredential | undefined,
): ProviderSettings {
  const storedKey = stored?.apiKey ?? null;
  const key = storedKey ?? fromEnv.apiKey ?? null;
  const baseUrl = stored?.baseUrl ?? fromEnv.baseUrl ?? null;
  return {
    provider,
    label,
    types,
    baseUrl: { value: baseUrl, source: stored?.baseUrl ? 'database' : fromEnv.baseUrl ? 'environment' : 'none' },
    apiKey: {
      isSet: key !== null,
      last4: key !== null && key.length >= MIN_LENGTH_FOR_HINT ? key.slice(-4) : null,
      source: storedKey !== null ? 'database' : fromEnv.apiKey ? 'environment' : 'none',
      isUnreadable: stored?.isUnreadable ?? false,
    },
    updatedAt: stored ? stored.updatedAt.toISOString() : null,
  };
}

/** What the audit log keeps of a provider's settings: never the key, not even its last characters. */
function auditView(settings: ProviderSettings): Record<string, unknown> {
  return { baseUrl: settings.baseUrl.value, baseUrlSource: settings.baseUrl.source, apiKey: settings.apiKey.isSet ? 'set' : 'not set', apiKeySource: settings.apiKey.source };
}
