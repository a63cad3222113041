-- A change counter beside the NOTIFY of 0006, for instances that cannot LISTEN (behind a
-- transaction pooler): they poll this one row every second instead of re-reading the catalog.
-- The trigger function now bumps it in the same statement that notifies.
BEGIN;

CREATE TABLE switchboard.gateway_version (
  id bigint NOT NULL DEFAULT 1,
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gateway_version_pkey PRIMARY KEY (id),
  CONSTRAINT gateway_version_single_row_check CHECK (id = 1)
);

INSERT INTO switchboard.gateway_version (id) VALUES (1);

CREATE OR REPLACE FUNCTION switchboard.notify_gateway_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE switchboard.gateway_version SET version = version + 1, changed_at = now() WHERE id = 1;
  PERFORM pg_notify('switchboard_gateway', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

COMMIT;
