-- Removes the change notifications; no data is involved. Instances fall back to stale
-- caches until restarted, so only revert this together with the gateway.
BEGIN;

DROP TRIGGER api_keys_notify_gateway ON switchboard.api_keys;
DROP TRIGGER ai_models_notify_gateway ON public.ai_models;
DROP FUNCTION switchboard.notify_gateway_change();

COMMIT;
