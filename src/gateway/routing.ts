import type { ModelType } from '../catalog/model-types.js';
import type { ModelRecord } from '../catalog/queries.js';
import { GatewayError } from './errors.js';
import type { ApiKeyRecord } from './keys/queries.js';
import { PROVIDER_ADAPTERS } from './providers/index.js';
import type { ProviderAccess, ProviderAdapter } from './providers/provider.js';
import type { GatewaySnapshot } from './state.js';

const ENDPOINT_FOR_TYPE: Record<ModelType, string> = {
  CHAT: 'POST /v1/chat/completions',
  IMAGE: 'POST /v1/images/generations',
  VIDEO: 'POST /v1/videos',
};

export interface Route {
  model: ModelRecord;
  adapter: ProviderAdapter;
  access: ProviderAccess;
}

export function isModelAllowed(key: ApiKeyRecord, modelName: string): boolean {
  return key.allowedModels === null || key.allowedModels.includes(modelName);
}

/** Which provider, path and credentials serve a model name on an endpoint; every refusal is a clear 4xx/503. */
export function resolveRoute(snapshot: GatewaySnapshot, key: ApiKeyRecord, modelName: string, type: ModelType): Route {
  const model = snapshot.models.get(modelName);
  if (!model || !model.enabled) {
    throw new GatewayError('model_not_found', `The model \`${modelName}\` does not exist or is disabled.`, { param: 'model' });
  }
  if (!isModelAllowed(key, modelName)) {
    throw new GatewayError('model_not_allowed', `This API key may not use the model \`${modelName}\`.`, { param: 'model' });
  }
  if (model.type !== type) {
    throw new GatewayError(
      'wrong_endpoint_for_model',
      `\`${modelName}\` is a ${model.type} model; send it to ${ENDPOINT_FOR_TYPE[model.type]}, not ${ENDPOINT_FOR_TYPE[type]}.`,
      { param: 'model' },
    );
  }
  const adapter = (PROVIDER_ADAPTERS as Partial<Record<string, ProviderAdapter>>)[model.provider];
  if (!adapter || !adapter.types.includes(type)) {
    throw new GatewayError('provider_not_configured', `Switchboard cannot send ${type} requests to provider ${model.provider}.`);
  }
  const access = snapshot.providers[adapter.provider];
  if (!access) {
    throw new GatewayError(
      'provider_not_configured',
      `Provider ${adapter.provider} has no base URL: set ${adapter.provider}_BASE_URL or configure it in the admin panel.`,
    );
  }
  return { model, adapter, access };
}
