import { z } from 'zod';
import type { AuditActor } from '../../audit/queries.js';
import type { ModelType } from '../../catalog/model-types.js';
import { findModelByName } from '../../catalog/queries.js';
import type { CatalogService } from '../../catalog/service.js';
import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { translateDatabaseError } from '../../http/database-errors.js';
import { jsonHeaders } from '../providers/json-call.js';
import type { GatewayState } from '../state.js';
import { readBody, type Upstreams } from '../upstream.js';
import type { ImportCandidate, ImportResult } from './schemas.js';

/** One entry of OpenRouter's GET /models, as far as the import reads it; anything else is ignored. */
const openRouterModel = z.object({
  id: z.string().min(1).max(300),
  name: z.string().optional(),
  description: z.string().optional(),
  architecture: z.object({ output_modalities: z.array(z.string()).optional() }).optional(),
});

// eslint-disable-next-line no-control-regex -- stripping control characters that the catalog refuses is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The catalog type a model's outputs map to: what it makes beyond text decides (an image model also answers in text). */
export function typeFromOutputModalities(modalities: readonly string[]): ModelType | null {
  if (modalities.includes('video')) return 'VIDEO';
  if (modalities.includes('image')) return 'IMAGE';
  if (modalities.includes('text')) return 'CHAT';
  return null;
}

export interface OpenRouterImportDeps {
  db: Queryable;
  state: GatewayState;
  upstreams: Upstreams;
  catalog: CatalogService;
}

/** OpenRouter's catalog through the configured base URL and key (every output modality), marked with what exists here. */
export async function listOpenRouterCandidates(deps: OpenRouterImportDeps): Promise<ImportCandidate[]> {
  const models = await fetchOpenRouterModels(deps);
  const existing = deps.state.snapshot.models;
  return models.map((model) => {
    const outputModalities = model.architecture?.output_modalities ?? ['text'];
    return {
      id: model.id,
      name: model.name ?? model.id,
      description: model.description ?? '',
      outputModalities,
      type: typeFromOutputModalities(outputModalities),
      exists: existing.has(model.id),
    };
  });
}

/**
 * Adds the picked models one by one through the catalog service, so the drift guard and the
 * audit log apply to each. One failure does not stop the others; names that exist are skipped.
 */
export async function importOpenRouterModels(deps: OpenRouterImportDeps, ids: readonly string[], actor: AuditActor): Promise<ImportResult> {
  const offered = new Map((await listOpenRouterCandidates(deps)).map((candidate) => [candidate.id, candidate]));
  const items: ImportResult['items'] = [];
  for (const id of new Set(ids)) {
    const candidate = offered.get(id);
    if (!candidate) {
      items.push({ id, status: 'error', message: 'OpenRouter does not list this model.' });
      continue;
    }
    if (!candidate.type) {
      items.push({ id, status: 'error', message: `It outputs ${candidate.outputModalities.join(', ')}; Switchboard serves chat, image and video models.` });
      continue;
    }
    if (await findModelByName(deps.db, id)) {
      items.push({ id, status: 'skipped', message: 'A model with this name is already in the catalog.' });
      continue;
    }
    try {
      const created = await deps.catalog.create(
        {
          type: candidate.type,
          provider: 'OPENROUTER',
          apiPath: id,
          displayName: candidate.name.replace(CONTROL_CHARACTERS, '').trim().slice(0, 200) || undefined,
          description: candidate.description.replace(CONTROL_CHARACTERS, '').slice(0, 2000),
        },
        actor,
      );
      items.push({ id, status: 'created', modelId: created.id });
    } catch (error) {
      const known = error instanceof AppError ? error : await translateDatabaseError(error);
      if (!known) throw error;
      items.push({ id, status: 'error', message: known.message });
    }
  }
  if (items.some((item) => item.status === 'created')) await deps.state.reload();
  return { items };
}

async function fetchOpenRouterModels(deps: OpenRouterImportDeps): Promise<z.infer<typeof openRouterModel>[]> {
  const access = deps.state.snapshot.providers.OPENROUTER;
  if (!access) throw new AppError('unavailable', 'OpenRouter has no base URL: set one on the Providers page or OPENROUTER_BASE_URL.');
  let status: number;
  let body: Buffer;
  try {
    const response = await deps.upstreams.send({
      url: `${access.baseUrl}/models?output_modalities=all`,
      method: 'GET',
      headers: jsonHeaders(access.apiKey),
      signal: AbortSignal.timeout(30_000),
    });
    status = response.statusCode;
    body = await readBody(response);
  } catch (error) {
    throw new AppError('upstream_failed', `OpenRouter could not be reached at ${access.baseUrl}: ${(error as Error).message}`);
  }
  if (status >= 400) throw new AppError('upstream_failed', `OpenRouter answered ${status}: ${body.toString('utf8').slice(0, 300)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('upstream_failed', 'OpenRouter answered with a body that is not JSON.');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new AppError('upstream_failed', 'OpenRouter answered without a model list.');
  return data.flatMap((entry) => {
    const model = openRouterModel.safeParse(entry);
    return model.success ? [model.data] : [];
  });
}
