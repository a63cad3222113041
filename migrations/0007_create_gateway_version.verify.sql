-- The counter row exists and the trigger function bumps it.
DO $$
BEGIN
  IF to_regclass('switchboard.gateway_version') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.gateway_version does not exist';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM switchboard.gateway_version WHERE id = 1) THEN
    RAISE EXCEPTION 'switchboard.gateway_version has no row 1';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'switchboard' AND p.proname = 'notify_gateway_change' AND p.prosrc LIKE '%gateway_version%'
  ) THEN
    RAISE EXCEPTION 'switchboard.notify_gateway_change() does not bump switchboard.gateway_version';
  END IF;
END
$$;
