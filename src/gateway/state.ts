import type { GatewaySettings } from '../config.js';
import type { Provider } from '../catalog/model-types.js';
import { listAllModels, type ModelRecord } from '../catalog/queries.js';
import { isPostgresError, type Queryable } from '../db/database.js';
import { listFallbacksByName } from './fallbacks/queries.js';
import { listApiKeysWithHashes, type ApiKeyRecord } from './keys/queries.js';
import type { ProviderAccess } from './providers/provider.js';

export interface StoredCredentials {
  baseUrl: string | null;
  apiKey: string | null;
}

/**
 * Everything the request path needs, held in memory: the catalog by name, the keys by hash,
 * and each provider's access. It is replaced as a whole on reload, so a request always sees
 * one consistent snapshot and never waits for the database.
 */
export interface GatewaySnapshot {
  models: ReadonlyMap<string, ModelRecord>;
  keys: ReadonlyMap<string, ApiKeyRecord>;
  providers: Readonly<Partial<Record<Provider, ProviderAccess>>>;
  /** Per model name, the models to try in order when its provider fails before the first byte. */
  fallbacks: ReadonlyMap<string, readonly string[]>;
}

export type CredentialsLoader = (db: Queryable) => Promise<Partial<Record<Provider, StoredCredentials>>>;

export class GatewayState {
  snapshot: GatewaySnapshot;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  constructor(
    private readonly db: Queryable,
    private readonly settings: GatewaySettings,
    private loadCredentials: CredentialsLoader = async () => ({}),
  ) {
    this.snapshot = { models: new Map(), keys: new Map(), providers: this.providerAccess({}), fallbacks: new Map() };
  }

  /** Credentials stored through the admin API (src/gateway/credentials), wired in by buildApp before the first reload. */
  useCredentials(loader: CredentialsLoader): void {
    this.loadCredentials = loader;
  }

  /**
   * Reads the catalog, keys and credentials again. Calls during a reload coalesce into one
   * more reload, so a burst of notifications costs two reads, not one per notification.
   */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          this.snapshot = await this.read();
        } while (this.reloadAgain);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  private async read(): Promise<GatewaySnapshot> {
    const [models, keys, credentials, fallbacks] = await Promise.all([
      tolerateMissingTable(listAllModels(this.db), []),
      tolerateMissingTable(listApiKeysWithHashes(this.db), []),
      tolerateMissingTable(this.loadCredentials(this.db), {}),
      tolerateMissingTable(listFallbacksByName(this.db), new Map<string, string[]>()),
    ]);
    return {
      models: new Map(models.map((model) => [model.name, model])),
      keys: new Map(keys.map((entry) => [entry.hash, entry.key])),
      providers: this.providerAccess(credentials),
      fallbacks,
    };
  }

  /** Stored credentials win over the environment, field by field. */
  private providerAccess(stored: Partial<Record<Provider, StoredCredentials>>): Partial<Record<Provider, ProviderAccess>> {
    const access: Partial<Record<Provider, ProviderAccess>> = {};
    for (const [provider, fromEnv] of Object.entries(this.settings.providers) as [Provider, GatewaySettings['providers'][Provider]][]) {
      const saved = stored[provider];
      const baseUrl = saved?.baseUrl ?? fromEnv.baseUrl;
      if (baseUrl) access[provider] = { baseUrl, apiKey: saved?.apiKey ?? fromEnv.apiKey };
    }
    return access;
  }
}

/** A database that has not been migrated yet has no tables: the gateway starts empty and fills on the next reload. */
async function tolerateMissingTable<T>(work: Promise<T>, empty: T): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isPostgresError(error) && (error.code === '42P01' || error.code === '3F000')) return empty;
    throw error;
  }
}
