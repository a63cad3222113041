-- No API role may write ai_models, and the change trigger runs as its owner.
DO $$
DECLARE
  api_role text;
BEGIN
  FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = api_role)
       AND (has_table_privilege(api_role, 'public.ai_models', 'INSERT')
         OR has_table_privilege(api_role, 'public.ai_models', 'UPDATE')
         OR has_table_privilege(api_role, 'public.ai_models', 'DELETE')
         OR has_table_privilege(api_role, 'public.ai_models', 'TRUNCATE')) THEN
      RAISE EXCEPTION '% may still write public.ai_models', api_role;
    END IF;
  END LOOP;
  IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = 'switchboard.notify_gateway_change()'::regprocedure) THEN
    RAISE EXCEPTION 'switchboard.notify_gateway_change() does not run as its owner';
  END IF;
END
$$;
