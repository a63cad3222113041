import { openAIStyleProvider } from './openai-style.js';

/** Any server with OpenAI's wire format at OPENAI_COMPATIBLE_BASE_URL; the key is optional (Ollama has none). */
export const openAICompatibleProvider = openAIStyleProvider({
  provider: 'OPENAI_COMPATIBLE',
  label: 'OpenAI-compatible provider',
  types: ['CHAT', 'IMAGE', 'VIDEO'],
});
