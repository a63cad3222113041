-- The audit trail is a record that cannot be rebuilt: refuse while it holds entries.
BEGIN;

DO $$
DECLARE
  entry_count bigint;
BEGIN
  SELECT count(*) INTO entry_count FROM switchboard.audit_log;
  IF entry_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.audit_log: it holds % entr(ies)', entry_count
      USING HINT = 'Export the audit log and delete its rows first if you really mean to remove it.';
  END IF;
END
$$;

-- The table is this migration's whole intent; the block above refuses while it holds entries.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.audit_log;

COMMIT;
