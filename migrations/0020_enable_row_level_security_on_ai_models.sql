-- Supabase serves every table in public over its REST API to anyone holding the public
-- "anon" key unless row level security stops it. ai_models is the one Switchboard table in
-- public: with RLS on and a single policy, the anon and authenticated roles may read enabled
-- models and nothing else. Switchboard connects as the tables' owner, which RLS does not bind.
-- On a database without Supabase's roles, the policy applies to PUBLIC instead.
BEGIN;

ALTER TABLE public.ai_models ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon')
     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE POLICY ai_models_read_enabled ON public.ai_models
      FOR SELECT TO anon, authenticated USING (enabled);
  ELSE
    CREATE POLICY ai_models_read_enabled ON public.ai_models
      FOR SELECT TO PUBLIC USING (enabled);
  END IF;
END
$$;

-- Switchboard's own schema is never for the API's roles.
REVOKE ALL ON SCHEMA switchboard FROM PUBLIC;

COMMIT;
