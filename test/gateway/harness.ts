import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { ModelType, Provider } from '../../src/catalog/model-types.js';
import { insertModel, type ModelRecord } from '../../src/catalog/queries.js';
import { createApiKey } from '../../src/gateway/keys/service.js';
import { createTestApp, type TestApp } from '../support/app.js';

export interface ModelSpec {
  name: string;
  type: ModelType;
  provider: Provider;
  apiPath?: string;
  enabled?: boolean;
}

export interface GatewayHarness extends TestApp {
  /** `http://127.0.0.1:<port>/v1`, the baseURL an OpenAI client needs. */
  baseURL: string;
  origin: string;
  /** A key that may use every model. */
  key: string;
  models: Record<string, ModelRecord>;
  client(options?: { apiKey?: string; maxRetries?: number; timeout?: number }): OpenAI;
  createKey(options: { allowedModels?: string[]; expiresAt?: Date }): Promise<string>;
}

/** Fast retries so fault tests do not wait on production backoff. */
export const FAST_FAULTS = { GATEWAY_RETRY_BASE_MS: '5', GATEWAY_MAX_RETRIES: '2' };

/**
 * The real app, listening on loopback port 0, on a migrated database of its own, with the
 * given models and one key. Provider base URLs come in through `env`, as in production.
 */
export async function startGateway(options: { env: Record<string, string>; models: ModelSpec[] }): Promise<GatewayHarness> {
  const testApp = await createTestApp({ env: { ...FAST_FAULTS, ...options.env }, withAdmin: false });
  const models: Record<string, ModelRecord> = {};
  for (const spec of options.models) {
    models[spec.name] = await insertModel(testApp.db, {
      name: spec.name,
      displayName: spec.name,
      type: spec.type,
      provider: spec.provider,
      apiPath: spec.apiPath ?? spec.name,
      enabled: spec.enabled ?? true,
      description: '',
    });
  }
  const { key } = await createApiKey(testApp.db, { name: 'test' });
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(testApp.app.server.address() as AddressInfo).port}`;
  const harness: GatewayHarness = {
    ...testApp,
    baseURL: `${origin}/v1`,
    origin,
    key,
    models,
    client: (clientOptions = {}) =>
      new OpenAI({
        baseURL: `${origin}/v1`,
        apiKey: clientOptions.apiKey ?? key,
        maxRetries: clientOptions.maxRetries ?? 0,
        timeout: clientOptions.timeout ?? 20_000,
      }),
    async createKey(keyOptions) {
      const created = await createApiKey(testApp.db, { name: 'scoped', ...keyOptions });
      await testApp.app.gateway.state.reload();
      return created.key;
    },
  };
  return harness;
}

/** Polls until `check` passes or the deadline is reached; never a fixed sleep. */
export async function eventually<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
    }
  }
}
