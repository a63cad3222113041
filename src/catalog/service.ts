import { auditLogExists, insertAuditEntry, type AuditActor } from '../audit/queries.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError, assertThat } from '../errors.js';
import { APPLY_COMMAND } from '../migrate/engine.js';
import type { SchemaState } from '../migrate/schema-state.js';
import { displayNameFromApiPath } from './display-name.js';
import { MODEL_TYPES, PROVIDERS, type ModelType } from './model-types.js';
import {
  countModelsByType,
  deleteModel,
  findModelById,
  findModelByName,
  findModels,
  insertModel,
  updateModel,
  type ModelRecord,
  type ModelSortField,
} from './queries.js';
import type { CatalogMeta, CreateModelInput, ListModelsQuery, UpdateModelInput } from './schemas.js';

/**
 * The catalog's operations, shared by the REST API and the CLI so both give the same answers
 * and the same errors. Every change is written with its audit entry in one transaction.
 */
export interface CatalogService {
  list(query: ListModelsQuery): Promise<{ items: ModelRecord[]; total: number; typeCounts: Record<string, number> }>;
  get(id: string): Promise<ModelRecord>;
  create(input: CreateModelInput, actor: AuditActor): Promise<ModelRecord>;
  update(id: string, input: UpdateModelInput, actor: AuditActor): Promise<ModelRecord>;
  remove(id: string, actor: AuditActor): Promise<ModelRecord>;
  removeByName(name: string, actor: AuditActor): Promise<ModelRecord>;
  meta(): Promise<CatalogMeta>;
}

export function createCatalogService(db: Database, schemaState: SchemaState): CatalogService {
  /**
   * The drift guard: a type the live schema does not accept yet is refused before any write,
   * naming the migration that adds it. The in-memory view is refreshed before refusing, so a
   * migration applied meanwhile by another process is seen.
   */
  const assertTypeUsable = async (type: ModelType) => {
    const isAccepted = async (refresh: boolean) => {
      const snapshot = refresh ? await schemaState.refresh() : await schemaState.current();
      return snapshot.types.find((support) => support.type === type)?.accepted ?? false;
    };
    if ((await isAccepted(false)) || (await isAccepted(true))) return;
    throw schemaBehindError(type, await schemaState.current());
  };

  /** A model the gateway could not route is refused: the provider must serve the type. */
  const assertProviderServes = (provider: ModelRecord['provider'], type: ModelType) => {
    const entry = PROVIDERS.find((candidate) => candidate.provider === provider)!;
    assertThat((entry.types as readonly ModelType[]).includes(type), 'validation_failed', `${entry.label} does not serve ${type} models.`, [
      { field: 'provider', in: 'body', message: `${entry.label} serves ${entry.types.join(', ')} models, not ${type}` },
    ]);
  };

  const audit = async (tx: Queryable, entry: Parameters<typeof insertAuditEntry>[1]) => {
    // Before 0004 the audit log does not exist yet; the catalog still works (the CLI at 0001).
    if (await auditLogExists(tx)) await insertAuditEntry(tx, entry);
  };

  const findOrFail = async (tx: Queryable, id: string) => {
    const model = await findModelById(tx, id);
    assertThat(model, 'not_found', `There is no model with id ${id}.`);
    return model;
  };

  const removeWith = async (find: (tx: Queryable) => Promise<ModelRecord>, actor: AuditActor) =>
    db.transaction(async (tx) => {
      const before = await find(tx);
      const deleted = await deleteModel(tx, before.id);
      assertThat(deleted, 'not_found', `There is no model with id ${before.id}.`);
      await audit(tx, { actor, action: 'delete', entity: 'ai_model', entityId: deleted.id, entityName: deleted.name, before: snapshotOf(deleted), after: null });
      return deleted;
    });

  return {
    async list(query) {
      const [sortField, direction] = query.sort.startsWith('-')
        ? [query.sort.slice(1) as ModelSortField, 'desc' as const]
        : [query.sort as ModelSortField, 'asc' as const];
      const filter = { type: query.type, provider: query.provider, enabled: query.enabled, q: query.q };
      const [page, typeCounts] = await Promise.all([
        findModels(db, filter, { sort: sortField, direction, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
        countModelsByType(db, { provider: query.provider, enabled: query.enabled, q: query.q }),
      ]);
      return { ...page, typeCounts };
    },

    get: (id) => findOrFail(db, id),

    async create(input, actor) {
      assertProviderServes(input.provider, input.type);
      await assertTypeUsable(input.type);
      return db.transaction(async (tx) => {
        const created = await insertModel(tx, {
          name: input.name ?? input.apiPath,
          displayName: input.displayName ?? displayNameFromApiPath(input.apiPath),
          type: input.type,
          provider: input.provider,
          apiPath: input.apiPath,
          enabled: input.enabled ?? true,
          description: input.description ?? '',
        });
        await audit(tx, { actor, action: 'create', entity: 'ai_model', entityId: created.id, entityName: created.name, before: null, after: snapshotOf(created) });
        return created;
      });
    },

    async update(id, input, actor) {
      if (input.type) await assertTypeUsable(input.type);
      return db.transaction(async (tx) => {
        const before = await findOrFail(tx, id);
        if (input.type || input.provider) assertProviderServes(input.provider ?? before.provider, input.type ?? before.type);
        const after = await updateModel(tx, id, input);
        assertThat(after, 'not_found', `There is no model with id ${id}.`);
        await audit(tx, { actor, action: 'update', entity: 'ai_model', entityId: id, entityName: after.name, before: snapshotOf(before), after: snapshotOf(after) });
        return after;
      });
    },

    remove: (id, actor) => removeWith((tx) => findOrFail(tx, id), actor),

    removeByName: (name, actor) =>
      removeWith(async (tx) => {
        const model = await findModelByName(tx, name);
        assertThat(model, 'not_found', `There is no model named "${name}".`);
        return model;
      }, actor),

    async meta() {
      const snapshot = await schemaState.refresh();
      return {
        types: MODEL_TYPES.map(({ type, label }) => {
          const support = snapshot.types.find((candidate) => candidate.type === type)!;
          return {
            type,
            label,
            accepted: support.accepted,
            migration: support.migration,
            ...(support.accepted ? {} : { reason: unavailableReason(type, support.migration, snapshot.pending) }),
          };
        }),
        providers: PROVIDERS.map(({ provider, label, types }) => ({ provider, label, types: [...types] })),
        pendingMigrations: snapshot.pending,
        applyCommand: APPLY_COMMAND,
      };
    },
  };
}

function unavailableReason(type: ModelType, migration: string, pending: string[]): string {
  return pending.includes(migration)
    ? `The database does not accept ${type} yet: migration ${migration} has not been applied. Run "${APPLY_COMMAND}".`
    : `The database does not accept ${type} although ${migration} is recorded as applied (the schema has drifted). Run "npx switchboard migrate verify" to see what differs.`;
}

export function schemaBehindError(type: ModelType, snapshot: { pending: string[] }): AppError {
  const migration = MODEL_TYPES.find((entry) => entry.type === type)!.introducedBy;
  return new AppError('schema_behind', unavailableReason(type, migration, snapshot.pending), { type, migration, command: APPLY_COMMAND });
}

/** What the audit log keeps of a model: its fields, in the API's shape. */
function snapshotOf(model: ModelRecord): Record<string, unknown> {
  return { ...model, createdAt: model.createdAt.toISOString(), updatedAt: model.updatedAt.toISOString() };
}

