import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { GatewayError } from '../errors.js';
import { PROVIDER_ADAPTERS } from '../providers/index.js';
import type { ProviderAdapter } from '../providers/provider.js';
import type { Route } from '../routing.js';
import type { GatewayState } from '../state.js';
import type { Upstreams } from '../upstream.js';
import { claimDueVideoJobs, insertVideoJob, recordVideoPoll, recordVideoPollFailure, type VideoJob } from './queries.js';
import type { VideoRequest } from './types.js';

/** OpenAI's Video object, as the SDK's `videos` resource reads it. */
export function presentVideo(job: VideoJob) {
  return {
    id: job.id,
    object: 'video' as const,
    model: job.model,
    status: job.status,
    progress: job.progress,
    created_at: Math.floor(job.createdAt.getTime() / 1000),
    completed_at: job.completedAt === null ? null : Math.floor(job.completedAt.getTime() / 1000),
    expires_at: null,
    prompt: job.prompt,
    seconds: job.seconds ?? '4',
    size: job.size ?? '720x1280',
    remixed_from_video_id: null,
    error: job.error,
  };
}

export async function createVideoJob(options: {
  db: Database;
  upstreams: Upstreams;
  route: Route;
  apiKeyId: string;
  request: VideoRequest;
  signal: AbortSignal;
  pollMs: number;
}): Promise<VideoJob> {
  const { route } = options;
  const upstream = await route.adapter.submitVideo!({ access: route.access, upstreams: options.upstreams, signal: options.signal }, route.model, options.request);
  return insertVideoJob(options.db, {
    id: `video_${randomBytes(16).toString('hex')}`,
    apiKeyId: options.apiKeyId,
    model: route.model.name,
    provider: route.model.provider,
    prompt: options.request.prompt,
    seconds: options.request.seconds ?? null,
    size: options.request.size ?? null,
    upstream,
    nextPollInMs: options.pollMs,
  });
}

const MAX_POLL_FAILURES = 20;
const BATCH = 20;

/**
 * Follows unfinished jobs until they end. Jobs are claimed from the table, so the poller
 * resumes after a restart and several instances share the work without polling a job twice.
 */
export class VideoPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly state: GatewayState,
    private readonly upstreams: Upstreams,
    private readonly options: { pollMs: number; log: { warn: (object: unknown, message: string) => void } },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.pollOnce(), this.options.pollMs);
    this.timer.unref();
    void this.pollOnce();
  }

  pollOnce(): Promise<void> {
    this.running ??= this.poll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async poll(): Promise<void> {
    let jobs: VideoJob[];
    try {
      // The lease outlasts a slow provider answer; a finished poll sets the real next time.
      jobs = await claimDueVideoJobs(this.db, BATCH, Math.max(30_000, this.options.pollMs * 4));
    } catch (error) {
      this.options.log.warn({ err: error }, 'claiming video jobs failed');
      return;
    }
    await Promise.all(jobs.map((job) => this.pollJob(job)));
  }

  private async pollJob(job: VideoJob): Promise<void> {
    const adapter = (PROVIDER_ADAPTERS as Partial<Record<string, ProviderAdapter>>)[job.provider];
    const access = adapter && this.state.snapshot.providers[adapter.provider];
    try {
      if (!adapter?.pollVideo || !access) throw new GatewayError('provider_not_configured', `Provider ${job.provider} is not configured for videos.`);
      const upstream = await adapter.pollVideo({ access, upstreams: this.upstreams, signal: AbortSignal.timeout(60_000) }, job.upstreamId);
      await recordVideoPoll(this.db, job.id, upstream, this.options.pollMs);
    } catch (error) {
      const backoff = Math.min(this.options.pollMs * 2 ** Math.min(job.pollFailures, 6), 5 * 60_000);
      await recordVideoPollFailure(this.db, job.id, (error as Error).message, MAX_POLL_FAILURES, backoff).catch((failure: unknown) =>
        this.options.log.warn({ err: failure }, 'recording a failed video poll failed'),
      );
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
