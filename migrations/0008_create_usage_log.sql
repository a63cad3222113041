-- Every gateway request, written in batches off the request path, and daily totals per key
-- and model that outlive the detailed rows (USAGE_RETENTION_DAYS prunes only usage_log).
BEGIN;

CREATE TABLE switchboard.usage_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  created_at timestamptz NOT NULL,
  api_key_id uuid,
  model text NOT NULL,
  type text NOT NULL,
  provider text NOT NULL,
  endpoint text NOT NULL,
  status bigint NOT NULL,
  latency_ms double precision NOT NULL,
  ttft_ms double precision,
  tokens_in bigint,
  tokens_out bigint,
  error text,
  CONSTRAINT usage_log_pkey PRIMARY KEY (id),
  CONSTRAINT usage_log_status_check CHECK (status BETWEEN 100 AND 599),
  CONSTRAINT usage_log_error_length_check CHECK (char_length(error) <= 2000)
);

CREATE INDEX usage_log_created_at_idx ON switchboard.usage_log (created_at DESC);
CREATE INDEX usage_log_api_key_id_created_at_idx ON switchboard.usage_log (api_key_id, created_at DESC);
CREATE INDEX usage_log_model_created_at_idx ON switchboard.usage_log (model, created_at DESC);

CREATE TABLE switchboard.usage_daily (
  day date NOT NULL,
  -- The zero uuid stands for requests without a key, so that the key is part of the primary key.
  api_key_id uuid NOT NULL,
  model text NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  tokens_in bigint NOT NULL DEFAULT 0,
  tokens_out bigint NOT NULL DEFAULT 0,
  latency_ms_sum double precision NOT NULL DEFAULT 0,
  CONSTRAINT usage_daily_pkey PRIMARY KEY (day, api_key_id, model)
);

COMMIT;
