-- switchboard.provider_credentials exists with its columns, its key-parts check and its notify trigger.
DO $$
DECLARE
  missing text;
BEGIN
  IF to_regclass('switchboard.provider_credentials') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.provider_credentials does not exist';
  END IF;
  SELECT string_agg(required.column_name, ', ') INTO missing
  FROM unnest(ARRAY['provider', 'base_url', 'api_key_ciphertext', 'api_key_iv', 'api_key_tag', 'updated_at'])
    AS required(column_name)
  WHERE NOT EXISTS (
    SELECT 1 FROM information_schema.columns c
    WHERE c.table_schema = 'switchboard' AND c.table_name = 'provider_credentials' AND c.column_name = required.column_name
  );
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'switchboard.provider_credentials lacks column(s): %', missing;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'switchboard.provider_credentials'::regclass AND conname = 'provider_credentials_api_key_parts_check'
  ) THEN
    RAISE EXCEPTION 'switchboard.provider_credentials has no check provider_credentials_api_key_parts_check';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE t.tgrelid = 'switchboard.provider_credentials'::regclass AND t.tgname = 'provider_credentials_notify_gateway'
      AND t.tgenabled <> 'D' AND p.proname = 'notify_gateway_change'
  ) THEN
    RAISE EXCEPTION 'missing or disabled trigger provider_credentials_notify_gateway';
  END IF;
END
$$;
