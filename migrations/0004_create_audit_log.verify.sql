-- The audit log exists in the switchboard schema.
DO $$
BEGIN
  IF to_regclass('switchboard.audit_log') IS NULL THEN RAISE EXCEPTION 'switchboard.audit_log does not exist'; END IF;
END
$$;
