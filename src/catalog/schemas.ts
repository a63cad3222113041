import { z } from 'zod';
import { MODEL_TYPE_VALUES, PROVIDER_VALUES } from './model-types.js';

/**
 * The catalog API's request and response schemas. The routes validate with them, the OpenAPI
 * document is generated from them, and the admin panel imports the inferred types, so one
 * definition serves all three. This module imports nothing server-only.
 */

// Control characters (other than tab, newline and carriage return in free text) have no place
// in a name or path and are a classic way to smuggle confusing output into logs and terminals.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of these two patterns
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
// eslint-disable-next-line no-control-regex -- as above
const NO_CONTROL_EXCEPT_WHITESPACE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');

export const modelTypeSchema = z.enum(MODEL_TYPE_VALUES);
export const providerSchema = z.enum(PROVIDER_VALUES);

export const modelSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayName: z.string(),
  type: modelTypeSchema,
  provider: providerSchema,
  apiPath: z.string(),
  enabled: z.boolean(),
  description: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Model = z.infer<typeof modelSchema>;

export const createModelBody = z.strictObject({
  type: modelTypeSchema,
  provider: providerSchema,
  apiPath: singleLine(300),
  name: singleLine(200).optional(),
  displayName: singleLine(200).optional(),
  description: z.string().max(2000, 'must be at most 2000 characters').regex(NO_CONTROL_EXCEPT_WHITESPACE, 'must not contain control characters').optional(),
  enabled: z.boolean().optional(),
});
export type CreateModelInput = z.infer<typeof createModelBody>;

export const updateModelBody = createModelBody
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateModelInput = z.infer<typeof updateModelBody>;

export const modelIdParams = z.strictObject({ id: z.uuid('must be a model id (a UUID)') });

export const MODEL_SORT_FIELDS = ['name', 'displayName', 'type', 'provider', 'createdAt', 'updatedAt'] as const;
const sortValues = MODEL_SORT_FIELDS.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];

export const listModelsQuery = z.strictObject({
  type: modelTypeSchema.optional(),
  provider: providerSchema.optional(),
  enabled: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  q: z.string().trim().max(200).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  /** A field name, or -field for descending. */
  sort: z.enum(sortValues).default('-updatedAt'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListModelsQuery = z.infer<typeof listModelsQuery>;

export const modelListSchema = z.object({
  items: z.array(modelSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Counts per type for the same filters without the type: the panel's tabs. */
  typeCounts: z.record(z.string(), z.number().int()),
});
export type ModelList = z.infer<typeof modelListSchema>;

export const catalogMetaSchema = z.object({
  types: z.array(
    z.object({
      type: modelTypeSchema,
      label: z.string(),
      /** Whether the live schema accepts this type now. */
      accepted: z.boolean(),
      migration: z.string(),
      /** Why the type is unavailable, in words for an admin; absent when accepted. */
      reason: z.string().optional(),
    }),
  ),
  providers: z.array(z.object({ provider: providerSchema, label: z.string(), types: z.array(modelTypeSchema) })),
  pendingMigrations: z.array(z.string()),
  applyCommand: z.string(),
});
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.iso.datetime(),
  actor: z.object({ id: z.uuid().nullable(), label: z.string() }),
  action: z.enum(['create', 'update', 'delete']),
  entity: z.string(),
  entityId: z.uuid().nullable(),
  entityName: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditQuery = z.strictObject({
  entityId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int() });
export type AuditList = z.infer<typeof auditListSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBodyShape = z.infer<typeof errorBodySchema>;

/** The fields of a validation_failed error: where and what. */
export const fieldIssueSchema = z.object({ field: z.string(), in: z.string().optional(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;
