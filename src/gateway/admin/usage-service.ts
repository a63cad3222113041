import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { listApiKeys } from '../keys/queries.js';
import { listDailyLatency, listDailyTotals, listUsage } from '../usage/queries.js';
import type { DailyUsage, DailyUsageQuery, ListUsageQuery, UsageList } from './schemas.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
// A chart of more than a year of days says nothing a shorter one does not; it only costs.
const MAX_DAYS = 366;

/** The usage log as the admin API reads it: filtered pages of requests, and totals per day for the chart. */
export interface UsageAdminService {
  list(query: ListUsageQuery): Promise<UsageList>;
  daily(query: DailyUsageQuery): Promise<DailyUsage>;
}

export function createUsageAdminService(db: Queryable): UsageAdminService {
  return {
    async list(query) {
      const filter = {
        apiKeyId: query.apiKeyId,
        model: query.model,
        type: query.type,
        provider: query.provider,
        status: typeof query.status === 'number' ? query.status : undefined,
        isError: query.status === 'error' ? true : query.status === 'ok' ? false : undefined,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      };
      // One more than asked tells whether there is a next page without counting the log.
      const [rows, keys] = await Promise.all([listUsage(db, filter, { limit: query.limit + 1, beforeId: query.before }), listApiKeys(db)]);
      const names = new Map(keys.map((key) => [key.id, key.name]));
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((row) => ({
          id: row.id,
          createdAt: row.createdAt.toISOString(),
          apiKeyId: row.apiKeyId,
          apiKeyName: row.apiKeyId ? (names.get(row.apiKeyId) ?? null) : null,
          model: row.model,
          type: row.type,
          provider: row.provider,
          endpoint: row.endpoint,
          status: row.status,
          latencyMs: row.latencyMs,
          ttftMs: row.ttftMs,
          tokensIn: row.tokensIn,
          tokensOut: row.tokensOut,
          error: row.error,
        })),
        nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
      };
    },

    async daily(query) {
      const to = query.to ?? new Date().toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
      const dayCount = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
      if (dayCount < 1) throw new AppError('validation_failed', undefined, [{ field: 'from', in: 'querystring', message: 'must not be after to' }]);
      if (dayCount > MAX_DAYS) throw new AppError('validation_failed', undefined, [{ field: 'from', in: 'querystring', message: `the range must be at most ${MAX_DAYS} days` }]);
      const filter = { apiKeyId: query.apiKeyId, model: query.model, from, to };
      const [totals, latency] = await Promise.all([listDailyTotals(db, filter), listDailyLatency(db, filter)]);
      const byDay = new Map<string, DailyUsage['days'][number]>();
      for (let index = 0; index < dayCount; index++) {
        const day = new Date(Date.parse(from) + index * DAY_MS).toISOString().slice(0, 10);
        byDay.set(day, { day, requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, p50LatencyMs: null, p95LatencyMs: null });
      }
      // usage_daily holds a row per day, key and model: the chart wants the day's sum.
      for (const total of totals) {
        const day = byDay.get(total.day);
        if (!day) continue;
        day.requests += total.requests;
        day.errors += total.errors;
        day.tokensIn += total.tokensIn;
        day.tokensOut += total.tokensOut;
      }
      for (const entry of latency) {
        const day = byDay.get(entry.day);
        if (!day) continue;
        day.p50LatencyMs = Math.round(entry.p50 * 10) / 10;
        day.p95LatencyMs = Math.round(entry.p95 * 10) / 10;
      }
      return { from, to, days: [...byDay.values()] };
    },
  };
}
