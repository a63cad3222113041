import type { Queryable } from '../../db/database.js';

/** The one query module for switchboard.api_keys. The hash is read only to fill the in-memory index. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  allowedModels: string[] | null;
  enabled: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = 'id, name, key_prefix, key_hash, allowed_models, enabled, expires_at, created_at, updated_at';

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  allowed_models: string[] | null;
  enabled: boolean;
  expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    allowedModels: row.allowed_models,
    enabled: row.enabled,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface NewApiKey {
  name: string;
  keyPrefix: string;
  keyHash: string;
  allowedModels: string[] | null;
  expiresAt: Date | null;
}

export async function insertApiKey(db: Queryable, key: NewApiKey): Promise<ApiKeyRecord> {
  const result = await db.query<ApiKeyRow>(
    `INSERT INTO switchboard.api_keys (name, key_prefix, key_hash, allowed_models, expires_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [key.name, key.keyPrefix, key.keyHash, key.allowedModels, key.expiresAt],
  );
  return toRecord(result.rows[0]!);
}

/** Every key with its hash, for the gateway's in-memory index. */
export async function listApiKeysWithHashes(db: Queryable): Promise<{ hash: string; key: ApiKeyRecord }[]> {
  const result = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM switchboard.api_keys`);
  return result.rows.map((row) => ({ hash: row.key_hash, key: toRecord(row) }));
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyRecord[]> {
  const result = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM switchboard.api_keys ORDER BY created_at DESC, id`);
  return result.rows.map(toRecord);
}

export async function findApiKeyById(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
  const result = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM switchboard.api_keys WHERE id = $1`, [id]);
  return result.rows[0] && toRecord(result.rows[0]);
}

export async function updateApiKey(
  db: Queryable,
  id: string,
  changes: { name?: string; enabled?: boolean; allowedModels?: string[] | null; expiresAt?: Date | null },
): Promise<ApiKeyRecord | undefined> {
  const assignments: string[] = [];
  const params: unknown[] = [id];
  if (changes.name !== undefined) assignments.push(`name = $${params.push(changes.name)}`);
  if (changes.enabled !== undefined) assignments.push(`enabled = $${params.push(changes.enabled)}`);
  if (changes.allowedModels !== undefined) assignments.push(`allowed_models = $${params.push(changes.allowedModels)}`);
  if (changes.expiresAt !== undefined) assignments.push(`expires_at = $${params.push(changes.expiresAt)}`);
  assignments.push('updated_at = now()');
  const result = await db.query<ApiKeyRow>(`UPDATE switchboard.api_keys SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`, params);
  return result.rows[0] && toRecord(result.rows[0]);
}

export async function deleteApiKey(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
  const result = await db.query<ApiKeyRow>(`DELETE FROM switchboard.api_keys WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return result.rows[0] && toRecord(result.rows[0]);
}
