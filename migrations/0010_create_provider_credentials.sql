-- Provider base URLs and keys set through the admin API. They win over the environment's.
-- The key is stored only as AES-256-GCM ciphertext with its nonce (iv) and tag, under
-- SWITCHBOARD_SECRET_KEY (or the embedded database's generated DATA_DIR/secret.key), so a
-- copy of the database alone does not give the keys away. A change notifies every instance
-- through the gateway's trigger function (0006, 0007), so no restart is needed.
BEGIN;

CREATE TABLE switchboard.provider_credentials (
  provider text NOT NULL,
  -- NULL keeps the environment's base URL.
  base_url text,
  -- All three NULL: no stored key (the environment's applies).
  api_key_ciphertext bytea,
  api_key_iv bytea,
  api_key_tag bytea,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT provider_credentials_pkey PRIMARY KEY (provider),
  CONSTRAINT provider_credentials_provider_format_check CHECK (provider ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  CONSTRAINT provider_credentials_base_url_check CHECK (base_url ~ '^https?://[^/]' AND char_length(base_url) <= 2000),
  CONSTRAINT provider_credentials_api_key_parts_check CHECK (
    (api_key_ciphertext IS NULL AND api_key_iv IS NULL AND api_key_tag IS NULL)
    OR (api_key_ciphertext IS NOT NULL AND octet_length(api_key_iv) = 12 AND octet_length(api_key_tag) = 16)
  )
);

CREATE TRIGGER provider_credentials_notify_gateway
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON switchboard.provider_credentials
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard.notify_gateway_change();

COMMIT;
