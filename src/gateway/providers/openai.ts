import { openAIStyleProvider } from './openai-style.js';

/** OpenAI: chat and images. Its own Videos API shuts down on 2026-09-24, so VIDEO is not routed here. */
export const openAIProvider = openAIStyleProvider({ provider: 'OPENAI', label: 'OpenAI', types: ['CHAT', 'IMAGE'] });
