-- Both triggers exist, are enabled and call switchboard.notify_gateway_change().
DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(required.trigger_name, ', ') INTO missing
  FROM (VALUES ('ai_models_notify_gateway', 'public.ai_models'), ('api_keys_notify_gateway', 'switchboard.api_keys'))
    AS required(trigger_name, table_name)
  WHERE NOT EXISTS (
    SELECT 1 FROM pg_trigger t
    JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE t.tgrelid = to_regclass(required.table_name) AND t.tgname = required.trigger_name
      AND t.tgenabled <> 'D' AND p.proname = 'notify_gateway_change'
  );
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'missing or disabled gateway notify trigger(s): %', missing;
  END IF;
END
$$;
