-- ai_models exists with the catalog's columns, and its type check is in force for IMAGE and VIDEO.
DO $$
DECLARE
  missing text;
  definition text;
BEGIN
  IF to_regclass('public.ai_models') IS NULL THEN
    RAISE EXCEPTION 'table public.ai_models does not exist';
  END IF;

  SELECT string_agg(required.column_name, ', ') INTO missing
  FROM unnest(ARRAY['id', 'name', 'display_name', 'type', 'provider', 'api_path', 'enabled',
                    'description', 'created_at', 'updated_at']) AS required(column_name)
  WHERE NOT EXISTS (
    SELECT 1 FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.table_name = 'ai_models' AND c.column_name = required.column_name
  );
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'public.ai_models lacks column(s): %', missing;
  END IF;

  SELECT pg_get_constraintdef(oid) INTO definition
  FROM pg_constraint
  WHERE conrelid = 'public.ai_models'::regclass AND conname = 'ai_models_type_check' AND convalidated;
  IF definition IS NULL THEN
    RAISE EXCEPTION 'public.ai_models has no validated constraint ai_models_type_check';
  END IF;
  IF definition NOT LIKE '%''IMAGE''%' OR definition NOT LIKE '%''VIDEO''%' THEN
    RAISE EXCEPTION 'ai_models_type_check does not accept IMAGE and VIDEO: %', definition;
  END IF;

  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'public.ai_models'::regclass AND conname = 'ai_models_name_key' AND contype = 'u'
  ) THEN
    RAISE EXCEPTION 'public.ai_models has no unique constraint ai_models_name_key on name';
  END IF;
END
$$;
