-- ai_models has row level security on, and exactly its one read policy for enabled models.
DO $$
DECLARE
  policy_count integer;
BEGIN
  IF NOT (SELECT relrowsecurity FROM pg_class WHERE oid = 'public.ai_models'::regclass) THEN
    RAISE EXCEPTION 'row level security is off on public.ai_models';
  END IF;
  SELECT count(*) INTO policy_count FROM pg_policies WHERE schemaname = 'public' AND tablename = 'ai_models';
  IF policy_count <> 1 OR NOT EXISTS (
    SELECT 1 FROM pg_policies
    WHERE schemaname = 'public' AND tablename = 'ai_models' AND policyname = 'ai_models_read_enabled'
      AND cmd = 'SELECT' AND qual = 'enabled'
  ) THEN
    RAISE EXCEPTION 'public.ai_models should have exactly one policy, ai_models_read_enabled (SELECT, enabled rows); it has %', policy_count;
  END IF;
END
$$;
