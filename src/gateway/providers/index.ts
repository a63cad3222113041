import type { Provider } from '../../catalog/model-types.js';
import { openAICompatibleProvider } from './openai-compatible.js';
import { openAIProvider } from './openai.js';
import { openRouterProvider } from './openrouter.js';
import type { ProviderAdapter } from './provider.js';
import { replicateProvider } from './replicate.js';

/** Every provider the gateway can route to, by the name the catalog uses. */
export const PROVIDER_ADAPTERS: Readonly<Record<Provider, ProviderAdapter>> = {
  OPENROUTER: openRouterProvider,
  OPENAI: openAIProvider,
  OPENAI_COMPATIBLE: openAICompatibleProvider,
  REPLICATE: replicateProvider,
};
