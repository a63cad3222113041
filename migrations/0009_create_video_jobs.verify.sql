-- The jobs table exists with its status check and the poller's index.
DO $$
BEGIN
  IF to_regclass('switchboard.video_jobs') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.video_jobs does not exist';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'switchboard.video_jobs'::regclass AND conname = 'video_jobs_status_check' AND convalidated
  ) THEN
    RAISE EXCEPTION 'switchboard.video_jobs has no validated video_jobs_status_check';
  END IF;
  IF to_regclass('switchboard.video_jobs_pending_next_poll_at_idx') IS NULL THEN
    RAISE EXCEPTION 'index switchboard.video_jobs_pending_next_poll_at_idx does not exist';
  END IF;
END
$$;
