import { insertAuditEntry, type AuditActor } from '../../audit/queries.js';
import type { Database } from '../../db/database.js';
import { assertThat } from '../../errors.js';
import { deleteApiKey, findApiKeyById, listApiKeys, updateApiKey, type ApiKeyRecord } from '../keys/queries.js';
import { createApiKey, type CreatedApiKey } from '../keys/service.js';
import type { GatewayState } from '../state.js';
import type { CreateApiKeyInput, UpdateApiKeyInput } from './schemas.js';

export interface ApiKeyWithUse {
  record: ApiKeyRecord;
  lastUsedAt: Date | null;
}

/**
 * Client API keys as the admin API manages them. Every change is audited (without the key)
 * and reloads this instance's in-memory keys before answering, so a revoked key is refused
 * here at once; other instances follow through the NOTIFY trigger on switchboard.api_keys.
 */
export interface ApiKeyAdminService {
  list(): Promise<ApiKeyWithUse[]>;
  create(input: CreateApiKeyInput, actor: AuditActor): Promise<CreatedApiKey>;
  update(id: string, input: UpdateApiKeyInput, actor: AuditActor): Promise<ApiKeyWithUse>;
  remove(id: string, actor: AuditActor): Promise<void>;
}

export function createApiKeyAdminService(
  db: Database,
  state: GatewayState,
  lastUsedByKey: () => Promise<Map<string, Date>> = async () => new Map(),
): ApiKeyAdminService {
  return {
    async list() {
      const [keys, lastUsed] = await Promise.all([listApiKeys(db), lastUsedByKey()]);
      return keys.map((record) => ({ record, lastUsedAt: lastUsed.get(record.id) ?? null }));
    },

    async create(input, actor) {
      const created = await db.transaction(async (tx) => {
        const result = await createApiKey(tx, {
          name: input.name,
          allowedModels: input.allowedModels ?? null,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        });
        await insertAuditEntry(tx, { actor, action: 'create', entity: 'api_key', entityId: result.record.id, entityName: result.record.name, before: null, after: snapshotOf(result.record) });
        return result;
      });
      await state.reload();
      return created;
    },

    async update(id, input, actor) {
      const updated = await db.transaction(async (tx) => {
        const before = await findApiKeyById(tx, id);
        assertThat(before, 'not_found', `There is no API key with id ${id}.`);
        const after = await updateApiKey(tx, id, {
          name: input.name,
          enabled: input.enabled,
          allowedModels: input.allowedModels === undefined ? undefined : input.allowedModels && input.allowedModels.length > 0 ? input.allowedModels : null,
          expiresAt: input.expiresAt === undefined ? undefined : input.expiresAt === null ? null : new Date(input.expiresAt),
        });
        assertThat(after, 'not_found', `There is no API key with id ${id}.`);
        await insertAuditEntry(tx, { actor, action: 'update', entity: 'api_key', entityId: id, entityName: after.name, before: snapshotOf(before), after: snapshotOf(after) });
        return after;
      });
      await state.reload();
      return { record: updated, lastUsedAt: (await lastUsedByKey()).get(id) ?? null };
    },

    async remove(id, actor) {
      await db.transaction(async (tx) => {
        const deleted = await deleteApiKey(tx, id);
        assertThat(deleted, 'not_found', `There is no API key with id ${id}.`);
        await insertAuditEntry(tx, { actor, action: 'delete', entity: 'api_key', entityId: id, entityName: deleted.name, before: snapshotOf(deleted), after: null });
      });
      await state.reload();
    },
  };
}

/** What the audit log keeps of a key: its settings, never the key or its hash. */
function snapshotOf(key: ApiKeyRecord): Record<string, unknown> {
  return {
    name: key.name,
    prefix: key.keyPrefix,
    allowedModels: key.allowedModels,
    enabled: key.enabled,
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}
