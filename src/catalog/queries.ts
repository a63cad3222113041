import type { Queryable } from '../db/database.js';
import type { ModelType, Provider } from './model-types.js';

/** The one query module for public.ai_models. Every function takes a handle or a transaction. */
export interface ModelRecord {
  id: string;
  name: string;
  displayName: string;
  type: ModelType;
  provider: Provider;
  apiPath: string;
  enabled: boolean;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export const MODEL_COLUMNS = `id, name, display_name, type, provider, api_path, enabled, description, created_at, updated_at`;

interface ModelRow {
  id: string;
  name: string;
  display_name: string;
  type: ModelType;
  provider: Provider;
  api_path: string;
  enabled: boolean;
  description: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toModelRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    type: row.type,
    provider: row.provider,
    apiPath: row.api_path,
    enabled: row.enabled,
    description: row.description,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface ModelFilter {
  type?: ModelType;
  provider?: Provider;
  enabled?: boolean;
  /** Case-insensitive search over name, display name, API path and description. */
  q?: string;
}

export type ModelSortField = 'name' | 'displayName' | 'type' | 'provider' | 'createdAt' | 'updatedAt';

const SORT_COLUMNS: Record<ModelSortField, string> = {
  name: 'name',
  displayName: 'display_name',
  type: 'type',
  provider: 'provider',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

function whereClause(filter: ModelFilter): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.type) conditions.push(`type = $${params.push(filter.type)}`);
  if (filter.provider) conditions.push(`provider = $${params.push(filter.provider)}`);
  if (filter.enabled !== undefined) conditions.push(`enabled = $${params.push(filter.enabled)}`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const index = params.push(pattern);
    conditions.push(`(name ILIKE $${index} OR display_name ILIKE $${index} OR api_path ILIKE $${index} OR description ILIKE $${index})`);
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export async function findModels(
  db: Queryable,
  filter: ModelFilter,
  page: { sort: ModelSortField; direction: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ items: ModelRecord[]; total: number }> {
  const where = whereClause(filter);
  const order = `${SORT_COLUMNS[page.sort]} ${page.direction === 'desc' ? 'DESC' : 'ASC'}, id ASC`;
  const [items, total] = await Promise.all([
    db.query<ModelRow>(
      `SELECT ${MODEL_COLUMNS} FROM public.ai_models ${where.sql} ORDER BY ${order} LIMIT $${where.params.length + 1} OFFSET $${where.params.length + 2}`,
      [...where.params, page.limit, page.offset],
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM public.ai_models ${where.sql}`, where.params),
  ]);
  return { items: items.rows.map(toModelRecord), total: total.rows[0]?.total ?? 0 };
}

/** Counts per type for the same filter (without its type), for the panel's tabs. */
export async function countModelsByType(db: Queryable, filter: Omit<ModelFilter, 'type'>): Promise<Record<string, number>> {
  const where = whereClause(filter);
  const result = await db.query<{ type: string; count: number }>(
    `SELECT type, count(*)::int AS count FROM public.ai_models ${where.sql} GROUP BY type`,
    where.params,
  );
  return Object.fromEntries(result.rows.map((row) => [row.type, row.count]));
}

export async function listAllModels(db: Queryable): Promise<ModelRecord[]> {
  const result = await db.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM public.ai_models ORDER BY name`);
  return result.rows.map(toModelRecord);
}

export async function findModelById(db: Queryable, id: string): Promise<ModelRecord | undefined> {
  const result = await db.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM public.ai_models WHERE id = $1`, [id]);
  return result.rows[0] && toModelRecord(result.rows[0]);
}

export async function findModelByName(db: Queryable, name: string): Promise<ModelRecord | undefined> {
  const result = await db.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM public.ai_models WHERE name = $1`, [name]);
  return result.rows[0] && toModelRecord(result.rows[0]);
}

export type NewModel = Omit<ModelRecord, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertModel(db: Queryable, model: NewModel): Promise<ModelRecord> {
  const result = await db.query<ModelRow>(
    `INSERT INTO public.ai_models (name, display_name, type, provider, api_path, enabled, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${MODEL_COLUMNS}`,
    [model.name, model.displayName, model.type, model.provider, model.apiPath, model.enabled, model.description],
  );
  return toModelRecord(result.rows[0]!);
}

export async function updateModel(db: Queryable, id: string, changes: Partial<NewModel>): Promise<ModelRecord | undefined> {
  const columns: Record<keyof NewModel, string> = {
    name: 'name',
    displayName: 'display_name',
    type: 'type',
    provider: 'provider',
    apiPath: 'api_path',
    enabled: 'enabled',
    description: 'description',
  };
  const assignments: string[] = [];
  const params: unknown[] = [id];
  for (const [key, column] of Object.entries(columns) as [keyof NewModel, string][]) {
    if (changes[key] !== undefined) assignments.push(`${column} = $${params.push(changes[key])}`);
  }
  assignments.push('updated_at = now()');
  const result = await db.query<ModelRow>(
    `UPDATE public.ai_models SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${MODEL_COLUMNS}`,
    params,
  );
  return result.rows[0] && toModelRecord(result.rows[0]);
}

export async function deleteModel(db: Queryable, id: string): Promise<ModelRecord | undefined> {
  const result = await db.query<ModelRow>(`DELETE FROM public.ai_models WHERE id = $1 RETURNING ${MODEL_COLUMNS}`, [id]);
  return result.rows[0] && toModelRecord(result.rows[0]);
}
