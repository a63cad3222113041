/**
 * The one list of model types and providers. The API's schemas, the CLI's choices, the
 * panel's options and the migration drift check all derive from these lists; nothing
 * else spells a type or a provider out.
 */
export const MODEL_TYPES = [
  { type: 'IMAGE', label: 'Image', introducedBy: '0001_create_ai_models' },
  { type: 'VIDEO', label: 'Video', introducedBy: '0001_create_ai_models' },
  { type: 'CHAT', label: 'Chat', introducedBy: '0002_add_chat_type_to_ai_models' },
] as const;

export type ModelType = (typeof MODEL_TYPES)[number]['type'];
export const MODEL_TYPE_VALUES = MODEL_TYPES.map((entry) => entry.type) as [ModelType, ...ModelType[]];

/** Which generations a provider can serve; the gateway routes only what is listed here. */
export const PROVIDERS = [
  { provider: 'OPENROUTER', label: 'OpenRouter', types: ['CHAT', 'IMAGE', 'VIDEO'] },
  { provider: 'OPENAI', label: 'OpenAI', types: ['CHAT', 'IMAGE'] },
  { provider: 'OPENAI_COMPATIBLE', label: 'OpenAI-compatible', types: ['CHAT', 'IMAGE', 'VIDEO'] },
  { provider: 'REPLICATE', label: 'Replicate', types: ['IMAGE', 'VIDEO'] },
] as const satisfies readonly { provider: string; label: string; types: readonly ModelType[] }[];

export type Provider = (typeof PROVIDERS)[number]['provider'];
export const PROVIDER_VALUES = PROVIDERS.map((entry) => entry.provider) as [Provider, ...Provider[]];

export function migrationIntroducing(type: ModelType): string {
  return MODEL_TYPES.find((entry) => entry.type === type)!.introducedBy;
}
