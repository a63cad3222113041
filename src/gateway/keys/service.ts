import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { insertApiKey, type ApiKeyRecord } from './queries.js';

const KEY_PREFIX = 'sk-sb-';
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 6;

/**
 * A key is 256 random bits, so sha256 is enough to store it: there is nothing to brute-force,
 * and a fast hash keeps the lookup on the request path at about a microsecond (argon2 would
 * cost tens of milliseconds per request).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export interface CreatedApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

export async function createApiKey(
  db: Queryable,
  input: { name: string; allowedModels?: string[] | null; expiresAt?: Date | null },
): Promise<CreatedApiKey> {
  const key = generateApiKey();
  const record = await insertApiKey(db, {
    name: input.name,
    keyPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    keyHash: hashApiKey(key),
    allowedModels: input.allowedModels && input.allowedModels.length > 0 ? input.allowedModels : null,
    expiresAt: input.expiresAt ?? null,
  });
  return { key, record };
}
