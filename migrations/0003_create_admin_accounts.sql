-- Admin sign-in: accounts (argon2id password hashes), their sessions (only a hash of each
-- session token is stored) and recent failed sign-ins (for the per-account and per-address
-- throttle, shared by every instance). In the switchboard schema, which Supabase does not serve.
BEGIN;

CREATE SCHEMA IF NOT EXISTS switchboard;

CREATE TABLE switchboard.admins (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT admins_pkey PRIMARY KEY (id),
  CONSTRAINT admins_email_length_check CHECK (char_length(email) BETWEEN 3 AND 254),
  CONSTRAINT admins_email_lowercase_check CHECK (email = lower(email))
);
CREATE UNIQUE INDEX admins_email_key ON switchboard.admins (email);

CREATE TABLE switchboard.admin_sessions (
  token_hash text NOT NULL,
  admin_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  user_agent text NOT NULL DEFAULT '',
  CONSTRAINT admin_sessions_pkey PRIMARY KEY (token_hash),
  CONSTRAINT admin_sessions_admin_id_fkey FOREIGN KEY (admin_id) REFERENCES switchboard.admins (id) ON DELETE CASCADE
);
CREATE INDEX admin_sessions_admin_id_idx ON switchboard.admin_sessions (admin_id);
CREATE INDEX admin_sessions_expires_at_idx ON switchboard.admin_sessions (expires_at);

CREATE TABLE switchboard.login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY,
  subject text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT login_failures_pkey PRIMARY KEY (id)
);
CREATE INDEX login_failures_subject_failed_at_idx ON switchboard.login_failures (subject, failed_at);

COMMIT;
