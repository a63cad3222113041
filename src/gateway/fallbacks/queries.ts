import type { Queryable } from '../../db/database.js';

/** The one query module for switchboard.model_fallbacks. */

/** Every model's fallbacks by name, in order, for the in-memory snapshot. */
export async function listFallbacksByName(db: Queryable): Promise<Map<string, string[]>> {
  const result = await db.query<{ model: string; fallback: string }>(
    `SELECT m.name AS model, f.name AS fallback
     FROM switchboard.model_fallbacks mf
     JOIN public.ai_models m ON m.id = mf.model_id
     JOIN public.ai_models f ON f.id = mf.fallback_model_id
     ORDER BY m.name, mf.position`,
  );
  const byModel = new Map<string, string[]>();
  for (const row of result.rows) {
    const list = byModel.get(row.model) ?? [];
    list.push(row.fallback);
    byModel.set(row.model, list);
  }
  return byModel;
}

/** Replaces a model's fallbacks with `fallbackIds`, in order (an empty list clears them). */
export async function replaceFallbacks(db: Queryable, modelId: string, fallbackIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM switchboard.model_fallbacks WHERE model_id = $1', [modelId]);
  if (fallbackIds.length === 0) return;
  await db.query(
    `INSERT INTO switchboard.model_fallbacks (model_id, position, fallback_model_id)
     SELECT $1, ordinality, fallback_id FROM unnest($2::uuid[]) WITH ORDINALITY AS list(fallback_id, ordinality)`,
    [modelId, fallbackIds],
  );
}
