-- Dropping the usage tables loses the request history: refuse while either holds rows.
BEGIN;

DO $$
DECLARE
  log_count bigint;
  daily_count bigint;
BEGIN
  SELECT count(*) INTO log_count FROM switchboard.usage_log;
  SELECT count(*) INTO daily_count FROM switchboard.usage_daily;
  IF log_count > 0 OR daily_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop the usage log: it holds % request(s) and % daily total(s)', log_count, daily_count
      USING HINT = 'Export and delete the rows first if you really mean to remove the history.';
  END IF;
END
$$;

-- Dropping the tables is this migration's whole intent, and the block above refuses while they hold rows.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.usage_daily;
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.usage_log;

COMMIT;
