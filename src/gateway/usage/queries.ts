import type { Queryable } from '../../db/database.js';
import type { UsageEntry } from './types.js';

/** The one query module for switchboard.usage_log and switchboard.usage_daily. */
const NO_KEY = '00000000-0000-0000-0000-000000000000';

/** Inserts a batch with one statement (arrays unnested), whatever its size. */
export async function insertUsageBatch(db: Queryable, entries: readonly UsageEntry[]): Promise<void> {
  await db.query(
    `INSERT INTO switchboard.usage_log
       (created_at, api_key_id, model, type, provider, endpoint, status, latency_ms, ttft_ms, tokens_in, tokens_out, error)
     SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                          $8::float8[], $9::float8[], $10::bigint[], $11::bigint[], $12::text[])`,
    [
      entries.map((entry) => entry.at.toISOString()),
      entries.map((entry) => entry.apiKeyId),
      entries.map((entry) => entry.model),
      entries.map((entry) => entry.type),
      entries.map((entry) => entry.provider),
      entries.map((entry) => entry.endpoint),
      entries.map((entry) => entry.status),
      entries.map((entry) => entry.latencyMs),
      entries.map((entry) => entry.ttftMs),
      entries.map((entry) => entry.tokensIn),
      entries.map((entry) => entry.tokensOut),
      entries.map((entry) => (entry.error === null ? null : entry.error.slice(0, 2000))),
    ],
  );
}

/** Adds a batch to the daily totals (UTC days), one row per day, key and model. */
export async function addToDailyTotals(db: Queryable, entries: readonly UsageEntry[]): Promise<void> {
  const totals = new Map<string, { day: string; apiKeyId: string; model: string; requests: number; errors: number; tokensIn: number; tokensOut: number; latency: number }>();
  for (const entry of entries) {
    const day = entry.at.toISOString().slice(0, 10);
    const apiKeyId = entry.apiKeyId ?? NO_KEY;
    const id = `${day} ${apiKeyId} ${entry.model}`;
    let total = totals.get(id);
    if (!total) {
      total = { day, apiKeyId, model: entry.model, requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, latency: 0 };
      totals.set(id, total);
    }
    total.requests++;
    if (entry.status >= 400 || entry.error !== null) total.errors++;
    total.tokensIn += entry.tokensIn ?? 0;
    total.tokensOut += entry.tokensOut ?? 0;
    total.latency += entry.latencyMs;
  }
  const rows = [...totals.values()];
  await db.query(
    `INSERT INTO switchboard.usage_daily AS daily (day, api_key_id, model, requests, errors, tokens_in, tokens_out, latency_ms_sum)
     SELECT * FROM unnest($1::date[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::float8[])
     ON CONFLICT (day, api_key_id, model) DO UPDATE SET
       requests = daily.requests + EXCLUDED.requests,
       errors = daily.errors + EXCLUDED.errors,
       tokens_in = daily.tokens_in + EXCLUDED.tokens_in,
       tokens_out = daily.tokens_out + EXCLUDED.tokens_out,
       latency_ms_sum = daily.latency_ms_sum + EXCLUDED.latency_ms_sum`,
    [
      rows.map((row) => row.day),
      rows.map((row) => row.apiKeyId),
      rows.map((row) => row.model),
      rows.map((row) => row.requests),
      rows.map((row) => row.errors),
      rows.map((row) => row.tokensIn),
      rows.map((row) => row.tokensOut),
      rows.map((row) => row.latency),
    ],
  );
}

export async function deleteUsageBefore(db: Queryable, cutoff: Date): Promise<number> {
  const result = await db.query(`DELETE FROM switchboard.usage_log WHERE created_at < $1`, [cutoff.toISOString()]);
  return result.rowCount;
}

export interface UsageFilter {
  apiKeyId?: string;
  model?: string;
  /** Only failed requests (status >= 400 or an error recorded). */
  isError?: boolean;
  from?: Date;
  to?: Date;
  // Admin usage page filters (src/gateway/admin/usage-service.ts).
  type?: string;
  provider?: string;
  status?: number;
}

/** A recorded entry as read back: its id, and `at` as createdAt (type is whatever was stored). */
export type UsageRow = Omit<UsageEntry, 'at' | 'type'> & { id: number; createdAt: Date; type: string };

function whereClause(filter: UsageFilter, params: unknown[]): string {
  const conditions: string[] = [];
  if (filter.apiKeyId) conditions.push(`api_key_id = $${params.push(filter.apiKeyId)}`);
  if (filter.model) conditions.push(`model = $${params.push(filter.model)}`);
  if (filter.isError === true) conditions.push(`(status >= 400 OR error IS NOT NULL)`);
  if (filter.isError === false) conditions.push(`(status < 400 AND error IS NULL)`);
  if (filter.from) conditions.push(`created_at >= $${params.push(filter.from.toISOString())}`);
  if (filter.to) conditions.push(`created_at < $${params.push(filter.to.toISOString())}`);
  if (filter.type) conditions.push(`type = $${params.push(filter.type)}`);
  if (filter.provider) conditions.push(`provider = $${params.push(filter.provider)}`);
  if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** Newest first; `beforeId` pages backwards through the log. */
export async function listUsage(db: Queryable, filter: UsageFilter, page: { limit: number; beforeId?: number }): Promise<UsageRow[]> {
  const params: unknown[] = [];
  let where = whereClause(filter, params);
  if (page.beforeId !== undefined) where += `${where ? ' AND' : 'WHERE'} id < $${params.push(page.beforeId)}`;
  const result = await db.query<{
    id: number | string;
    created_at: Date | string;
    api_key_id: string | null;
    model: string;
    type: string;
    provider: string;
    endpoint: string;
    status: number;
    latency_ms: number;
    ttft_ms: number | null;
    tokens_in: number | null;
    tokens_out: number | null;
    error: string | null;
  }>(
    `SELECT id::float8 AS id, created_at, api_key_id, model, type, provider, endpoint, status::int AS status, latency_ms, ttft_ms,
            tokens_in::int AS tokens_in, tokens_out::int AS tokens_out, error
     FROM switchboard.usage_log ${where} ORDER BY id DESC LIMIT $${params.push(page.limit)}`,
    params,
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    createdAt: new Date(row.created_at),
    apiKeyId: row.api_key_id,
    model: row.model,
    type: row.type,
    provider: row.provider,
    endpoint: row.endpoint,
    status: row.status,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    error: row.error,
  }));
}

export interface DailyTotal {
  day: string;
  apiKeyId: string | null;
  model: string;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  avgLatencyMs: number;
}

export async function listDailyTotals(db: Queryable, filter: { apiKeyId?: string; model?: string; from?: string; to?: string }): Promise<DailyTotal[]> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (filter.apiKeyId) conditions.push(`api_key_id = $${params.push(filter.apiKeyId)}`);
  if (filter.model) conditions.push(`model = $${params.push(filter.model)}`);
  if (filter.from) conditions.push(`day >= $${params.push(filter.from)}::date`);
  if (filter.to) conditions.push(`day <= $${params.push(filter.to)}::date`);
  const result = await db.query<{ day: string; api_key_id: string; model: string; requests: number; errors: number; tokens_in: number; tokens_out: number; avg_latency_ms: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, api_key_id, model, requests::float8 AS requests, errors::float8 AS errors,
            tokens_in::float8 AS tokens_in, tokens_out::float8 AS tokens_out, latency_ms_sum / greatest(requests, 1) AS avg_latency_ms
     FROM switchboard.usage_daily ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY day DESC, model, api_key_id`,
    params,
  );
  return result.rows.map((row) => ({
    day: row.day,
    apiKeyId: row.api_key_id === NO_KEY ? null : row.api_key_id,
    model: row.model,
    requests: Number(row.requests),
    errors: Number(row.errors),
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    avgLatencyMs: Number(row.avg_latency_ms),
  }));
}

// ---- For the admin API (src/gateway/admin/usage-service.ts) -------------------------------

/** Median and 95th percentile latency per UTC day, from the detailed log (days past retention have none). */
export async function listDailyLatency(
  db: Queryable,
  filter: { apiKeyId?: string; model?: string; from: string; to: string },
): Promise<{ day: string; p50: number; p95: number }[]> {
  const params: unknown[] = [filter.from, filter.to];
  const conditions = [`created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'`, `created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`];
  if (filter.apiKeyId) conditions.push(`api_key_id = $${params.push(filter.apiKeyId)}`);
  if (filter.model) conditions.push(`model = $${params.push(filter.model)}`);
  const result = await db.query<{ day: string; p50: number; p95: number }>(
    `SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
     FROM switchboard.usage_log WHERE ${conditions.join(' AND ')}
     GROUP BY 1 ORDER BY 1`,
    params,
  );
  return result.rows.map((row) => ({ day: row.day, p50: Number(row.p50), p95: Number(row.p95) }));
}

/** Each key's most recent request, one index probe per key (usage_log_api_key_id_created_at_idx). */
export async function findLastUseByKey(db: Queryable): Promise<Map<string, Date>> {
  const result = await db.query<{ api_key_id: string; created_at: Date | string }>(
    `SELECT k.id AS api_key_id, last.created_at
     FROM switchboard.api_keys k
     CROSS JOIN LATERAL (
       SELECT u.created_at FROM switchboard.usage_log u WHERE u.api_key_id = k.id ORDER BY u.created_at DESC LIMIT 1
     ) last`,
  );
  return new Map(result.rows.map((row) => [row.api_key_id, new Date(row.created_at)]));
}
