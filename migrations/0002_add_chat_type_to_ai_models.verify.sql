-- ai_models_type_check is validated and accepts CHAT, and no temporary check is left over.
DO $$
DECLARE
  definition text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO definition
  FROM pg_constraint
  WHERE conrelid = 'public.ai_models'::regclass AND conname = 'ai_models_type_check' AND convalidated;
  IF definition IS NULL THEN
    RAISE EXCEPTION 'public.ai_models has no validated constraint ai_models_type_check';
  END IF;
  IF definition NOT LIKE '%''CHAT''%' THEN
    RAISE EXCEPTION 'ai_models_type_check does not accept CHAT: %', definition;
  END IF;
  IF EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'public.ai_models'::regclass AND conname = 'ai_models_type_check_next'
  ) THEN
    RAISE EXCEPTION 'ai_models_type_check_next is left over from an interrupted 0002: run migrate up again';
  END IF;
END
$$;
