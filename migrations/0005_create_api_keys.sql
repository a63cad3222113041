-- Client API keys for the /v1 gateway. Only a sha256 of the key is stored: the key is 256
-- random bits, so a fast hash is enough and keeps the lookup off any slow path. The prefix
-- is kept so that an admin can tell keys apart without ever seeing one again.
BEGIN;

CREATE TABLE switchboard.api_keys (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  key_prefix text NOT NULL,
  key_hash text NOT NULL,
  -- NULL means every model; an array lists the model names the key may use.
  allowed_models text[],
  enabled boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT api_keys_pkey PRIMARY KEY (id),
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
  CONSTRAINT api_keys_name_length_check CHECK (char_length(name) BETWEEN 1 AND 200),
  CONSTRAINT api_keys_key_hash_format_check CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT api_keys_key_prefix_length_check CHECK (char_length(key_prefix) BETWEEN 4 AND 32)
);

COMMIT;
