-- Both usage tables exist, with the daily totals keyed by day, key and model.
DO $$
BEGIN
  IF to_regclass('switchboard.usage_log') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.usage_log does not exist';
  END IF;
  IF to_regclass('switchboard.usage_daily') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.usage_daily does not exist';
  END IF;
  IF to_regclass('switchboard.usage_log_created_at_idx') IS NULL THEN
    RAISE EXCEPTION 'index switchboard.usage_log_created_at_idx does not exist';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'switchboard.usage_daily'::regclass AND conname = 'usage_daily_pkey' AND contype = 'p'
  ) THEN
    RAISE EXCEPTION 'switchboard.usage_daily has no primary key usage_daily_pkey';
  END IF;
END
$$;
