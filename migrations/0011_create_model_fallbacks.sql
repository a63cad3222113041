-- Optional fallback models per model: when a model's provider fails before the first byte
-- (429, 5xx, unreachable, timeout) after its retries, the gateway tries these in order.
-- Rows follow the models they name: deleting either model deletes the row.
BEGIN;

CREATE TABLE switchboard.model_fallbacks (
  model_id uuid NOT NULL,
  position bigint NOT NULL,
  fallback_model_id uuid NOT NULL,
  CONSTRAINT model_fallbacks_pkey PRIMARY KEY (model_id, position),
  CONSTRAINT model_fallbacks_model_id_fkey FOREIGN KEY (model_id) REFERENCES public.ai_models (id) ON DELETE CASCADE,
  CONSTRAINT model_fallbacks_fallback_model_id_fkey FOREIGN KEY (fallback_model_id) REFERENCES public.ai_models (id) ON DELETE CASCADE,
  CONSTRAINT model_fallbacks_not_itself_check CHECK (model_id <> fallback_model_id),
  CONSTRAINT model_fallbacks_position_check CHECK (position BETWEEN 1 AND 10)
);

-- Deleting a model looks up the rows that name it as a fallback.
CREATE INDEX model_fallbacks_fallback_model_id_idx ON switchboard.model_fallbacks (fallback_model_id);

CREATE TRIGGER model_fallbacks_notify_gateway
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON switchboard.model_fallbacks
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard.notify_gateway_change();

COMMIT;
