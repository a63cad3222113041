-- Two guards around ai_models on Supabase-like databases.
-- 1. The API roles may only read it: RLS already filters rows, but TRUNCATE ignores RLS and
--    Supabase grants every privilege on public tables to anon and authenticated by default.
-- 2. The change trigger runs as its owner: a role that may write ai_models (service_role from a
--    script, a dashboard user) has no rights in the switchboard schema, and its edit must still
--    reach every instance instead of failing on switchboard.gateway_version.
BEGIN;

REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.ai_models FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.ai_models FROM anon;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.ai_models FROM authenticated;
  END IF;
END
$$;

-- A fixed search_path, as every SECURITY DEFINER function needs: the body names its schema.
ALTER FUNCTION switchboard.notify_gateway_change() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

COMMIT;
