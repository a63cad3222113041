-- Dropping the fallbacks loses an admin's routing choices: refuse while any is set.
BEGIN;

DO $$
DECLARE
  fallback_count bigint;
BEGIN
  SELECT count(*) INTO fallback_count FROM switchboard.model_fallbacks;
  IF fallback_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.model_fallbacks: it holds % fallback(s)', fallback_count
      USING HINT = 'Clear the fallbacks first (switchboard fallbacks set MODEL with no fallbacks).';
  END IF;
END
$$;

-- Dropping the table is this migration's whole intent, and the block above refuses while it holds rows.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.model_fallbacks;

COMMIT;
