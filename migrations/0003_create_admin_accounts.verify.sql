-- The sign-in tables exist in the switchboard schema, with the unique email index.
DO $$
BEGIN
  IF to_regclass('switchboard.admins') IS NULL THEN RAISE EXCEPTION 'switchboard.admins does not exist'; END IF;
  IF to_regclass('switchboard.admin_sessions') IS NULL THEN RAISE EXCEPTION 'switchboard.admin_sessions does not exist'; END IF;
  IF to_regclass('switchboard.login_failures') IS NULL THEN RAISE EXCEPTION 'switchboard.login_failures does not exist'; END IF;
  IF to_regclass('switchboard.admins_email_key') IS NULL THEN RAISE EXCEPTION 'switchboard.admins_email_key does not exist'; END IF;
END
$$;
