import { z } from 'zod';
import { modelTypeSchema, providerSchema } from '../../catalog/schemas.js';

/**
 * The gateway administration API's request and response schemas: client API keys, provider
 * credentials, connection and model tests, the OpenRouter import and the usage log. The
 * routes validate with them, the OpenAPI document comes from them, and the admin panel
 * imports the inferred types. This module imports nothing server-only.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

const modelNameSchema = z.string().trim().min(1).max(200).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');

// ---- Client API keys -------------------------------------------------------------------

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the key, to tell keys apart; the key itself is never shown again. */
  prefix: z.string(),
  /** null: every model. */
  allowedModels: z.array(z.string()).nullable(),
  enabled: z.boolean(),
  expiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The last request in the usage log; null when never used (or the log has been pruned). */
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

const keyNameSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
const allowedModelsSchema = z.array(modelNameSchema).max(1000);
const futureDate = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).refine((value) => Date.parse(value) > Date.now(), 'must be in the future');

export const createApiKeyBody = z.strictObject({
  name: keyNameSchema,
  /** Absent or empty: every model. */
  allowedModels: allowedModelsSchema.optional(),
  expiresAt: futureDate.optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;

export const createdApiKeySchema = z.object({
  /** The key itself, in this answer only: only its hash is stored. */
  key: z.string(),
  apiKey: apiKeySchema,
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const updateApiKeyBody = z
  .strictObject({
    name: keyNameSchema.optional(),
    enabled: z.boolean().optional(),
    /** null or []: every model. */
    allowedModels: allowedModelsSchema.nullable().optional(),
    /** null: never expires. */
    expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateApiKeyInput = z.infer<typeof updateApiKeyBody>;

export const apiKeyIdParams = z.strictObject({ id: z.uuid('must be a key id (a UUID)') });

// ---- Provider credentials ---------------------------------------------------------------

export const settingSourceSchema = z.enum(['database', 'environment', 'none']);

export const providerSettingsSchema = z.object({
  provider: providerSchema,
  label: z.string(),
  types: z.array(modelTypeSchema),
  baseUrl: z.object({ value: z.string().nullable(), source: settingSourceSchema }),
  apiKey: z.object({
    isSet: z.boolean(),
    /** At most the last four characters, and only for keys long enough that this gives nothing away. */
    last4: z.string().nullable(),
    source: settingSourceSchema,
    /** A stored key that the current secret key cannot decrypt (SWITCHBOARD_SECRET_KEY changed). */
    isUnreadable: z.boolean(),
  }),
  /** When the stored settings last changed; null when nothing is stored. */
  updatedAt: z.iso.datetime().nullable(),
});
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

export const providerListSchema = z.object({
  items: z.array(providerSettingsSchema),
  secretKey: z.object({ source: z.enum(['environment', 'file', 'none']), canStore: z.boolean() }),
});
export type ProviderList = z.infer<typeof providerListSchema>;

export const providerParams = z.strictObject({ provider: providerSchema });

export const updateProviderBody = z
  .strictObject({
    /** A new key replaces the stored one; null forgets it (the environment's applies again). */
    apiKey: z.string().trim().min(1, 'must not be empty').max(4000).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').nullable().optional(),
    /** null forgets the stored base URL (the environment's applies again). */
    baseUrl: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/[^/]/, 'must be an http:// or https:// URL')
      .transform((value) => value.replace(/\/+$/, ''))
      .nullable()
      .optional(),
  })
  .refine((body) => body.apiKey !== undefined || body.baseUrl !== undefined, { message: 'send apiKey or baseUrl' });
export type UpdateProviderInput = z.infer<typeof updateProviderBody>;

// ---- Tests ------------------------------------------------------------------------------

export const probeResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  /** The provider's error (or why nothing could be sent), when not ok. */
  error: z.string().optional(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

export const modelTestParams = z.strictObject({ id: z.uuid('must be a model id (a UUID)') });

// ---- OpenRouter import ------------------------------------------------------------------

export const importCandidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  outputModalities: z.array(z.string()),
  /** The catalog type its output modalities map to; null when Switchboard serves none of them. */
  type: modelTypeSchema.nullable(),
  /** A model with this name is already in the catalog. */
  exists: z.boolean(),
});
export type ImportCandidate = z.infer<typeof importCandidateSchema>;

export const importCandidateListSchema = z.object({ items: z.array(importCandidateSchema) });
export type ImportCandidateList = z.infer<typeof importCandidateListSchema>;

export const importModelsBody = z.strictObject({
  ids: z.array(z.string().trim().min(1).max(300).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')).min(1, 'pick at least one model').max(200),
});
export type ImportModelsInput = z.infer<typeof importModelsBody>;

export const importResultSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['created', 'skipped', 'error']),
      /** The new model's id, when created. */
      modelId: z.uuid().optional(),
      /** Why it was skipped or failed. */
      message: z.string().optional(),
    }),
  ),
});
export type ImportResult = z.infer<typeof importResultSchema>;

// ---- Usage ------------------------------------------------------------------------------

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date');

export const listUsageQuery = z.strictObject({
  apiKeyId: z.uuid().optional(),
  model: modelNameSchema.optional(),
  type: modelTypeSchema.optional(),
  provider: providerSchema.optional(),
  /** An HTTP status, or "error" (any failure) / "ok". */
  status: z.union([z.enum(['error', 'ok']), z.coerce.number().int().min(100).max(599)]).optional(),
  from: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
  /** The cursor: entries older than this id (the previous page's nextBefore). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListUsageQuery = z.infer<typeof listUsageQuery>;

export const usageEntrySchema = z.object({
  id: z.number().int(),
  createdAt: z.iso.datetime(),
  apiKeyId: z.string().nullable(),
  /** The key's name, while the key exists. */
  apiKeyName: z.string().nullable(),
  model: z.string(),
  type: z.string(),
  provider: z.string(),
  endpoint: z.string(),
  status: z.number().int(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  tokensIn: z.number().nullable(),
  tokensOut: z.number().nullable(),
  error: z.string().nullable(),
});
export type UsageEntry = z.infer<typeof usageEntrySchema>;

export const usageListSchema = z.object({
  items: z.array(usageEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type UsageList = z.infer<typeof usageListSchema>;

export const dailyUsageQuery = z.strictObject({
  apiKeyId: z.uuid().optional(),
  model: modelNameSchema.optional(),
  /** UTC days, inclusive; the default is the last 30 days. */
  from: isoDay.optional(),
  to: isoDay.optional(),
});
export type DailyUsageQuery = z.infer<typeof dailyUsageQuery>;

export const dailyUsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** One entry per day of the range, oldest first, zeros included. */
  days: z.array(
    z.object({
      day: z.string(),
      requests: z.number(),
      errors: z.number(),
      tokensIn: z.number(),
      tokensOut: z.number(),
      /** From the detailed log; null for days without requests or past its retention. */
      p50LatencyMs: z.number().nullable(),
      p95LatencyMs: z.number().nullable(),
    }),
  ),
});
export type DailyUsage = z.infer<typeof dailyUsageSchema>;
