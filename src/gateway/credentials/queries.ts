import type { Queryable } from '../../db/database.js';
import type { SealedSecret } from './cipher.js';

/** The one query module for switchboard.provider_credentials. */
export interface ProviderCredentialRecord {
  provider: string;
  baseUrl: string | null;
  apiKey: SealedSecret | null;
  updatedAt: Date;
}

interface ProviderCredentialRow {
  provider: string;
  base_url: string | null;
  api_key_ciphertext: Uint8Array | null;
  api_key_iv: Uint8Array | null;
  api_key_tag: Uint8Array | null;
  updated_at: Date | string;
}

const COLUMNS = 'provider, base_url, api_key_ciphertext, api_key_iv, api_key_tag, updated_at';

function toRecord(row: ProviderCredentialRow): ProviderCredentialRecord {
  return {
    provider: row.provider,
    baseUrl: row.base_url,
    // PGlite returns Uint8Array, node-postgres Buffer: one shape for the caller.
    apiKey:
      row.api_key_ciphertext && row.api_key_iv && row.api_key_tag
        ? { ciphertext: Buffer.from(row.api_key_ciphertext), iv: Buffer.from(row.api_key_iv), tag: Buffer.from(row.api_key_tag) }
        : null,
    updatedAt: new Date(row.updated_at),
  };
}

export async function listProviderCredentials(db: Queryable): Promise<ProviderCredentialRecord[]> {
  const result = await db.query<ProviderCredentialRow>(`SELECT ${COLUMNS} FROM switchboard.provider_credentials ORDER BY provider`);
  return result.rows.map(toRecord);
}

export async function findProviderCredential(db: Queryable, provider: string): Promise<ProviderCredentialRecord | undefined> {
  const result = await db.query<ProviderCredentialRow>(`SELECT ${COLUMNS} FROM switchboard.provider_credentials WHERE provider = $1`, [provider]);
  return result.rows[0] && toRecord(result.rows[0]);
}

/** Inserts or replaces a provider's row as a whole. */
export async function upsertProviderCredential(
  db: Queryable,
  credential: { provider: string; baseUrl: string | null; apiKey: SealedSecret | null },
): Promise<ProviderCredentialRecord> {
  const result = await db.query<ProviderCredentialRow>(
    `INSERT INTO switchboard.provider_credentials (provider, base_url, api_key_ciphertext, api_key_iv, api_key_tag)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (provider) DO UPDATE SET
       base_url = EXCLUDED.base_url,
       api_key_ciphertext = EXCLUDED.api_key_ciphertext,
       api_key_iv = EXCLUDED.api_key_iv,
       api_key_tag = EXCLUDED.api_key_tag,
       updated_at = now()
     RETURNING ${COLUMNS}`,
    [credential.provider, credential.baseUrl, credential.apiKey?.ciphertext ?? null, credential.apiKey?.iv ?? null, credential.apiKey?.tag ?? null],
  );
  return toRecord(result.rows[0]!);
}

export async function deleteProviderCredential(db: Queryable, provider: string): Promise<ProviderCredentialRecord | undefined> {
  const result = await db.query<ProviderCredentialRow>(`DELETE FROM switchboard.provider_credentials WHERE provider = $1 RETURNING ${COLUMNS}`, [provider]);
  return result.rows[0] && toRecord(result.rows[0]);
}
