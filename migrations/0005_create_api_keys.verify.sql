-- switchboard.api_keys exists with its columns and its unique hash constraint.
DO $$
DECLARE
  missing text;
BEGIN
  IF to_regclass('switchboard.api_keys') IS NULL THEN
    RAISE EXCEPTION 'table switchboard.api_keys does not exist';
  END IF;
  SELECT string_agg(required.column_name, ', ') INTO missing
  FROM unnest(ARRAY['id', 'name', 'key_prefix', 'key_hash', 'allowed_models', 'enabled', 'expires_at',
                    'created_at', 'updated_at']) AS required(column_name)
  WHERE NOT EXISTS (
    SELECT 1 FROM information_schema.columns c
    WHERE c.table_schema = 'switchboard' AND c.table_name = 'api_keys' AND c.column_name = required.column_name
  );
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'switchboard.api_keys lacks column(s): %', missing;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'switchboard.api_keys'::regclass AND conname = 'api_keys_key_hash_key' AND contype = 'u'
  ) THEN
    RAISE EXCEPTION 'switchboard.api_keys has no unique constraint api_keys_key_hash_key';
  END IF;
END
$$;
