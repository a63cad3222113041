import { z } from 'zod';

/**
 * The /v1 request fields the gateway itself reads. Everything else passes through to the
 * provider untouched (loose objects), because providers accept fields OpenAI's types lack.
 */
export const chatCompletionBody = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.unknown()).min(1),
  stream: z.boolean().nullish(),
});

export const imageGenerationBody = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1),
  n: z.number().int().min(1).max(10).nullish(),
  size: z.string().nullish(),
  response_format: z.enum(['url', 'b64_json']).nullish(),
});

export const videoCreateBody = z.object({
  model: z.string().min(1),
  prompt: z.string().min(1).max(32_000),
  seconds: z.union([z.string(), z.number()]).transform(String).optional(),
  size: z.string().max(20).optional(),
});

export const videoParams = z.object({ id: z.string().min(1).max(100) });
export const videoContentQuery = z.object({ variant: z.enum(['video', 'thumbnail', 'spritesheet']).default('video') });

export const modelList = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() })),
});
