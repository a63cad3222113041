-- Dropping the table forgets the stored provider keys, and the gateway falls back to the
-- environment's: refuse while any credential is stored.
BEGIN;

DO $$
DECLARE
  credential_count bigint;
BEGIN
  SELECT count(*) INTO credential_count FROM switchboard.provider_credentials;
  IF credential_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.provider_credentials: it holds % provider setting(s)', credential_count
      USING HINT = 'Remove them through the admin API or panel first if you really mean to forget them.';
  END IF;
END
$$;

-- Dropping the table is this migration's whole intent, and the block above refuses while it holds rows.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.provider_credentials;

COMMIT;
