-- Dropping the jobs table loses every client's video ids: refuse while any job exists.
BEGIN;

DO $$
DECLARE
  job_count bigint;
BEGIN
  SELECT count(*) INTO job_count FROM switchboard.video_jobs;
  IF job_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.video_jobs: it holds % job(s)', job_count
      USING HINT = 'Delete the jobs first if you really mean to remove them.';
  END IF;
END
$$;

-- Dropping the table is this migration's whole intent, and the block above refuses while it holds rows.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.video_jobs;

COMMIT;
