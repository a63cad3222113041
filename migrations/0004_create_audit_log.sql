-- Who changed which model and how: one row per change, with the model before and after.
-- The actor's label is kept as text so the trail survives the account's removal.
BEGIN;

CREATE TABLE switchboard.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id uuid,
  entity_name text NOT NULL,
  before jsonb,
  after jsonb,
  CONSTRAINT audit_log_pkey PRIMARY KEY (id),
  CONSTRAINT audit_log_action_check CHECK (action IN ('create', 'update', 'delete')),
  CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES switchboard.admins (id) ON DELETE SET NULL
);
CREATE INDEX audit_log_occurred_at_idx ON switchboard.audit_log (occurred_at DESC);
CREATE INDEX audit_log_entity_id_idx ON switchboard.audit_log (entity_id);

COMMIT;
