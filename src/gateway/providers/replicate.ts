import type { ModelRecord } from '../../catalog/queries.js';
import { errorTypeForStatus, GatewayError, type OpenAIErrorBody } from '../errors.js';
import type { ImagesResponse } from '../images.js';
import { readBody, sleep } from '../upstream.js';
import type { UpstreamVideo, VideoStatus } from '../videos/types.js';
import { callJson, jsonHeaders } from './json-call.js';
import type { ProviderAdapter, ProviderCall } from './provider.js';

interface Prediction {
  id: string;
  status: string;
  output?: unknown;
  error?: string | null;
}

const STATES: Record<string, VideoStatus> = {
  starting: 'queued',
  processing: 'in_progress',
  succeeded: 'completed',
};

const POLL_INTERVAL_MS = 500;
// Prefer: wait holds the request up to 60 s; the first-byte timeout must outlast it.
const SYNC_WAIT_SECONDS = 60;

/**
 * The model's api_path names what to run: "owner/name" runs an official model's latest
 * version, "owner/name:<version>" or a bare 64-hex version id runs that version.
 */
function predictionTarget(baseUrl: string, model: ModelRecord): { url: string; version?: string } {
  const path = model.apiPath;
  const versioned = /^(?:[\w.-]+\/[\w.-]+:)?([0-9a-f]{64})$/.exec(path);
  if (versioned) return { url: `${baseUrl}/predictions`, version: versioned[1] };
  const [owner, name] = path.split('/');
  if (!owner || !name) throw new GatewayError('invalid_model_path', `Replicate model path "${path}" is not owner/name or a version id.`, { status: 500 });
  return { url: `${baseUrl}/models/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/predictions` };
}

function outputUrls(output: unknown): string[] {
  if (typeof output === 'string') return [output];
  if (Array.isArray(output)) return output.filter((item): item is string => typeof item === 'string');
  return [];
}

function isTerminal(prediction: Prediction): boolean {
  return ['succeeded', 'failed', 'canceled', 'aborted'].includes(prediction.status);
}

async function createPrediction(call: ProviderCall, model: ModelRecord, input: Record<string, unknown>, wait: boolean): Promise<Prediction> {
  const target = predictionTarget(call.access.baseUrl, model);
  return callJson<Prediction>(call, replicateProvider, {
    url: target.url,
    method: 'POST',
    headers: { ...jsonHeaders(call.access.apiKey), ...(wait ? { prefer: `wait=${SYNC_WAIT_SECONDS}` } : {}) },
    body: JSON.stringify({ ...(target.version ? { version: target.version } : {}), input }),
    ...(wait ? { headersTimeoutMs: (SYNC_WAIT_SECONDS + 10) * 1000 } : {}),
  });
}

function getPrediction(call: ProviderCall, id: string): Promise<Prediction> {
  return callJson<Prediction>(call, replicateProvider, {
    url: `${call.access.baseUrl}/predictions/${encodeURIComponent(id)}`,
    method: 'GET',
    headers: jsonHeaders(call.access.apiKey),
  });
}

function toUpstreamVideo(prediction: Prediction): UpstreamVideo {
  const status = STATES[prediction.status] ?? 'failed';
  const url = outputUrls(prediction.output)[0];
  return {
    id: prediction.id,
    status,
    progress: status === 'completed' ? 100 : status === 'in_progress' ? 50 : 0,
    error: status === 'failed' ? { code: `prediction_${prediction.status}`, message: prediction.error || `Replicate reported the prediction ${prediction.status}.` } : null,
    ...(url ? { contentUrl: url } : {}),
  };
}

/** Replicate: image and video models run as predictions; images wait synchronously, videos become jobs. */
export const replicateProvider: ProviderAdapter = {
  provider: 'REPLICATE',
  types: ['IMAGE', 'VIDEO'],

  translateError(status, body): { status: number; body: OpenAIErrorBody } {
    let parsed: { title?: string; detail?: string } = {};
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      // Not JSON: the text itself is the best message there is.
    }
    const detail = parsed.detail ?? parsed.title ?? (body.toString('utf8').slice(0, 300) || `HTTP ${status}`);
    const translatedStatus = status === 401 ? 502 : status;
    return {
      status: translatedStatus,
      body: {
        error: {
          message: status === 401 ? `Replicate rejected the credentials Switchboard holds for it: ${detail}` : `Replicate: ${detail}`,
          type: errorTypeForStatus(translatedStatus),
          param: null,
          code: status === 401 ? 'provider_auth_failed' : null,
        },
      },
    };
  },

  async generateImages(call, model, request) {
    const input: Record<string, unknown> = { prompt: request.prompt, ...(request.n && request.n > 1 ? { num_outputs: request.n } : {}) };
    let prediction = await createPrediction(call, model, input, true);
    while (!isTerminal(prediction)) {
      await sleep(POLL_INTERVAL_MS, call.signal);
      prediction = await getPrediction(call, prediction.id);
    }
    if (prediction.status !== 'succeeded') {
      throw new GatewayError('upstream_error', `Replicate: ${prediction.error ?? `the prediction ${prediction.status}`}`);
    }
    const urls = outputUrls(prediction.output);
    if (urls.length === 0) throw new GatewayError('upstream_error', 'Replicate answered without an image URL.');
    const data: ImagesResponse['data'] = [];
    for (const url of urls) {
      if (request.response_format !== 'b64_json') {
        data.push({ url });
        continue;
      }
      // The client asked for the bytes: fetch the (short-lived) delivery URL now.
      const response = await call.upstreams.send({ url, method: 'GET', headers: {}, signal: call.signal });
      const bytes = await readBody(response);
      if (response.statusCode >= 400) throw new GatewayError('upstream_error', `Replicate's image URL answered ${response.statusCode}.`);
      data.push({ b64_json: bytes.toString('base64') });
    }
    return { created: Math.floor(Date.now() / 1000), data };
  },

  async submitVideo(call, model, request) {
    const input: Record<string, unknown> = {
      prompt: request.prompt,
      ...(request.seconds ? { duration: Number(request.seconds) } : {}),
    };
    return toUpstreamVideo(await createPrediction(call, model, input, false));
  },

  pollVideo: async (call, upstreamId) => toUpstreamVideo(await getPrediction(call, upstreamId)),

  videoContentRequest(_access, upstream) {
    if (!upstream.contentUrl) throw new GatewayError('not_found', 'The video has no content yet.');
    // Delivery URLs are public and short-lived: no key goes with them.
    return { url: upstream.contentUrl, method: 'GET', headers: {} };
  },

  smokeTest: (model) => (model.type === 'IMAGE' ? { path: 'images', body: { prompt: 'a small red dot', n: 1 } } : null),
};
