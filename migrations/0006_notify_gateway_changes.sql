-- Every instance keeps the catalog and the keys in memory. A change to either sends a
-- NOTIFY on the channel switchboard_gateway (payload: the table's name), so that every
-- instance listening on the same database reloads within a second. NOTIFY is delivered
-- at commit, so a rolled-back change never reaches anyone.
BEGIN;

CREATE FUNCTION switchboard.notify_gateway_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_gateway', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER ai_models_notify_gateway
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.ai_models
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard.notify_gateway_change();

CREATE TRIGGER api_keys_notify_gateway
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON switchboard.api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard.notify_gateway_change();

COMMIT;
