-- Dropping the keys table would lock every client out: refuse while any key exists.
BEGIN;

DO $$
DECLARE
  key_count bigint;
BEGIN
  SELECT count(*) INTO key_count FROM switchboard.api_keys;
  IF key_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.api_keys: it holds % key(s)', key_count
      USING HINT = 'Delete the keys first if you really mean to remove them.';
  END IF;
END
$$;

-- Dropping the table is this migration's whole intent, and the block above refuses while it holds rows.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.api_keys;

COMMIT;
