-- The fallbacks table exists with its foreign keys and its change notification.
DO $$
BEGIN
  IF to_regclass('switchboard.model_fallbacks') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.model_fallbacks does not exist';
  END IF;
  IF (SELECT count(*) FROM pg_constraint
      WHERE conrelid = 'switchboard.model_fallbacks'::regclass AND contype = 'f' AND convalidated) <> 2 THEN
    RAISE EXCEPTION 'switchboard.model_fallbacks lacks its two validated foreign keys to public.ai_models';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_trigger
    WHERE tgrelid = 'switchboard.model_fallbacks'::regclass AND tgname = 'model_fallbacks_notify_gateway' AND tgenabled <> 'D'
  ) THEN
    RAISE EXCEPTION 'switchboard.model_fallbacks has no enabled trigger model_fallbacks_notify_gateway';
  END IF;
END
$$;
