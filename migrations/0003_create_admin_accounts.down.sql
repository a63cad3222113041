-- Dropping the admin accounts would lock every admin out: refuse while any account exists.
BEGIN;

DO $$
DECLARE
  admin_count bigint;
BEGIN
  SELECT count(*) INTO admin_count FROM switchboard.admins;
  IF admin_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop switchboard.admins: it holds % admin account(s)', admin_count
      USING HINT = 'Delete the admin accounts first if you really mean to remove sign-in.';
  END IF;
END
$$;

-- These tables are this migration's whole intent; the block above refuses while accounts exist.
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.login_failures;
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.admin_sessions;
-- squawk-ignore ban-drop-table
DROP TABLE switchboard.admins;

COMMIT;
