import type { Provider } from '../../catalog/model-types.js';
import type { Queryable } from '../../db/database.js';
import type { StoredCredentials } from '../state.js';
import { openSecret, sealSecret, type SealedSecret } from './cipher.js';
import { deleteProviderCredential, findProviderCredential, listProviderCredentials, upsertProviderCredential, type ProviderCredentialRecord } from './queries.js';
import type { SecretKeySource } from './secret-key.js';

/** A stored credential with its key decrypted; `isUnreadable` when the secret key cannot open it. */
export interface OpenedCredential {
  provider: string;
  baseUrl: string | null;
  apiKey: string | null;
  isUnreadable: boolean;
  updatedAt: Date;
}

/** The additional data each ciphertext is bound to: its table and provider. */
const contextFor = (provider: string) => `switchboard.provider_credentials:${provider}`;

/**
 * Provider base URLs and keys stored through the admin API, encrypted at rest. The gateway's
 * in-memory state reads them through `load`; the plaintext key lives only in that state and
 * in the one request that sets it.
 */
export class CredentialStore {
  /** Unreadable rows already warned about (provider and change time): every reload would repeat it otherwise. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly secretKey: SecretKeySource,
    private readonly log: { warn: (object: unknown, message: string) => void },
  ) {}

  /** For GatewayState: every stored credential, decrypted; an unreadable key is left out (the environment's applies). */
  readonly load = async (db: Queryable): Promise<Partial<Record<Provider, StoredCredentials>>> => {
    const stored: Partial<Record<Provider, StoredCredentials>> = {};
    for (const credential of await this.list(db)) {
      const warning = `${credential.provider} ${credential.updatedAt.toISOString()}`;
      if (credential.isUnreadable && !this.warned.has(warning)) {
        this.warned.add(warning);
        this.log.warn({ provider: credential.provider }, 'a stored provider key cannot be decrypted with the current secret key; using the environment key instead');
      }
      stored[credential.provider as Provider] = { baseUrl: credential.baseUrl, apiKey: credential.apiKey };
    }
    return stored;
  };

  async list(db: Queryable): Promise<OpenedCredential[]> {
    const records = await listProviderCredentials(db);
    const key = records.some((record) => record.apiKey) ? await this.secretKey.current() : undefined;
    return records.map((record) => this.open(record, key));
  }

  /** Sets or replaces the fields given; null forgets a field. A row left with nothing is removed. */
  async update(db: Queryable, provider: Provider, changes: { apiKey?: string | null; baseUrl?: string | null }): Promise<void> {
    // Encrypt before touching the database: a missing secret key refuses the change as a whole.
    const sealed: SealedSecret | null | undefined =
      typeof changes.apiKey === 'string' ? sealSecret(await this.secretKey.forWriting(), changes.apiKey, contextFor(provider)) : changes.apiKey;
    const existing = await findProviderCredential(db, provider);
    const next = {
      provider,
      baseUrl: changes.baseUrl === undefined ? (existing?.baseUrl ?? null) : changes.baseUrl,
      apiKey: sealed === undefined ? (existing?.apiKey ?? null) : sealed,
    };
    if (next.baseUrl === null && next.apiKey === null) {
      await deleteProviderCredential(db, provider);
      return;
    }
    await upsertProviderCredential(db, next);
  }

  async remove(db: Queryable, provider: Provider): Promise<boolean> {
    return (await deleteProviderCredential(db, provider)) !== undefined;
  }

  private open(record: ProviderCredentialRecord, key: Buffer | undefined): OpenedCredential {
    const apiKey = record.apiKey && key ? (openSecret(key, record.apiKey, contextFor(record.provider)) ?? null) : null;
    return {
      provider: record.provider,
      baseUrl: record.baseUrl,
      apiKey,
      isUnreadable: record.apiKey !== null && apiKey === null,
      updatedAt: record.updatedAt,
    };
  }
}
