-- Video generations are asynchronous jobs: the gateway answers POST /v1/videos at once and a
-- poller follows the provider's job until it ends. Jobs live here so that a restart (or
-- another instance) picks them up again; next_poll_at doubles as a lease between instances.
BEGIN;

CREATE TABLE switchboard.video_jobs (
  id text NOT NULL,
  api_key_id uuid,
  model text NOT NULL,
  provider text NOT NULL,
  upstream_id text NOT NULL,
  status text NOT NULL,
  progress bigint NOT NULL DEFAULT 0,
  prompt text NOT NULL,
  seconds text,
  size text,
  error_code text,
  error_message text,
  content_url text,
  poll_failures bigint NOT NULL DEFAULT 0,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  CONSTRAINT video_jobs_pkey PRIMARY KEY (id),
  CONSTRAINT video_jobs_status_check CHECK (status IN ('queued', 'in_progress', 'completed', 'failed')),
  CONSTRAINT video_jobs_progress_check CHECK (progress BETWEEN 0 AND 100),
  CONSTRAINT video_jobs_prompt_length_check CHECK (char_length(prompt) <= 32000)
);

-- The poller's query: unfinished jobs that are due.
CREATE INDEX video_jobs_pending_next_poll_at_idx ON switchboard.video_jobs (next_poll_at)
  WHERE status IN ('queued', 'in_progress');

COMMIT;
