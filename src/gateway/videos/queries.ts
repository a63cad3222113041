import type { Queryable } from '../../db/database.js';
import type { UpstreamVideo, VideoStatus } from './types.js';

/** The one query module for switchboard.video_jobs. */
export interface VideoJob {
  id: string;
  apiKeyId: string | null;
  model: string;
  provider: string;
  upstreamId: string;
  status: VideoStatus;
  progress: number;
  prompt: string;
  seconds: string | null;
  size: string | null;
  error: { code: string; message: string } | null;
  contentUrl: string | null;
  pollFailures: number;
  createdAt: Date;
  completedAt: Date | null;
}

const COLUMNS = `id, api_key_id, model, provider, upstream_id, status, progress::int AS progress, prompt, seconds, size,
  error_code, error_message, content_url, poll_failures::int AS poll_failures, created_at, completed_at`;

interface VideoJobRow {
  id: string;
  api_key_id: string | null;
  model: string;
  provider: string;
  upstream_id: string;
  status: VideoStatus;
  progress: number;
  prompt: string;
  seconds: string | null;
  size: string | null;
  error_code: string | null;
  error_message: string | null;
  content_url: string | null;
  poll_failures: number;
  created_at: Date | string;
  completed_at: Date | string | null;
}

function toJob(row: VideoJobRow): VideoJob {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    model: row.model,
    provider: row.provider,
    upstreamId: row.upstream_id,
    status: row.status,
    progress: row.progress,
    prompt: row.prompt,
    seconds: row.seconds,
    size: row.size,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    contentUrl: row.content_url,
    pollFailures: row.poll_failures,
    createdAt: new Date(row.created_at),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  };
}

export async function insertVideoJob(
  db: Queryable,
  job: { id: string; apiKeyId: string | null; model: string; provider: string; prompt: string; seconds: string | null; size: string | null; upstream: UpstreamVideo; nextPollInMs: number },
): Promise<VideoJob> {
  const result = await db.query<VideoJobRow>(
    `INSERT INTO switchboard.video_jobs (id, api_key_id, model, provider, upstream_id, status, progress, prompt, seconds, size,
       error_code, error_message, content_url, next_poll_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() + make_interval(secs => $14::float8 / 1000),
       CASE WHEN $6 = 'completed' THEN now() END)
     RETURNING ${COLUMNS}`,
    [
      job.id,
      job.apiKeyId,
      job.model,
      job.provider,
      job.upstream.id,
      job.upstream.status,
      job.upstream.progress,
      job.prompt,
      job.seconds,
      job.size,
      job.upstream.error?.code ?? null,
      job.upstream.error?.message ?? null,
      job.upstream.contentUrl ?? null,
      job.nextPollInMs,
    ],
  );
  return toJob(result.rows[0]!);
}

export async function findVideoJob(db: Queryable, id: string): Promise<VideoJob | undefined> {
  const result = await db.query<VideoJobRow>(`SELECT ${COLUMNS} FROM switchboard.video_jobs WHERE id = $1`, [id]);
  return result.rows[0] && toJob(result.rows[0]);
}

/**
 * Claims due, unfinished jobs for one poll by pushing their next_poll_at past the lease: two
 * instances never poll the same job at once, and a job whose poller died is due again later.
 */
export async function claimDueVideoJobs(db: Queryable, limit: number, leaseMs: number): Promise<VideoJob[]> {
  const result = await db.query<VideoJobRow>(
    `UPDATE switchboard.video_jobs SET next_poll_at = now() + make_interval(secs => $2::float8 / 1000)
     WHERE id IN (
       SELECT id FROM switchboard.video_jobs
       WHERE status IN ('queued', 'in_progress') AND next_poll_at <= now()
       ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [limit, leaseMs],
  );
  return result.rows.map(toJob);
}

export async function recordVideoPoll(db: Queryable, id: string, upstream: UpstreamVideo, nextPollInMs: number): Promise<void> {
  await db.query(
    `UPDATE switchboard.video_jobs SET status = $2, progress = $3, error_code = $4, error_message = $5,
       content_url = COALESCE($6, content_url), poll_failures = 0, updated_at = now(),
       next_poll_at = now() + make_interval(secs => $7::float8 / 1000),
       completed_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() END
     WHERE id = $1`,
    [id, upstream.status, upstream.progress, upstream.error?.code ?? null, upstream.error?.message ?? null, upstream.contentUrl ?? null, nextPollInMs],
  );
}

/** A failed poll: retried later with backoff, and the job fails after too many in a row. */
export async function recordVideoPollFailure(db: Queryable, id: string, message: string, maxFailures: number, nextPollInMs: number): Promise<void> {
  await db.query(
    `UPDATE switchboard.video_jobs SET poll_failures = poll_failures + 1, updated_at = now(),
       next_poll_at = now() + make_interval(secs => $4::float8 / 1000),
       status = CASE WHEN poll_failures + 1 >= $3 THEN 'failed' ELSE status END,
       error_code = CASE WHEN poll_failures + 1 >= $3 THEN 'provider_unreachable' ELSE error_code END,
       error_message = CASE WHEN poll_failures + 1 >= $3 THEN $2 ELSE error_message END,
       completed_at = CASE WHEN poll_failures + 1 >= $3 THEN now() ELSE completed_at END
     WHERE id = $1`,
    [id, message.slice(0, 2000), maxFailures, nextPollInMs],
  );
}
