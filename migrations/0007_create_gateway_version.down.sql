-- Back to 0006's notify-only trigger function; the counter holds no data worth keeping.
BEGIN;

CREATE OR REPLACE FUNCTION switchboard.notify_gateway_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_gateway', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

-- The counter is derived state (a change count); nothing is lost by dropping it.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.gateway_version;

COMMIT;
