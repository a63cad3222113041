-- switchboard:no-transaction
-- Adds CHAT to ai_models_type_check without ever leaving the table unchecked and
-- without scanning it under ACCESS EXCLUSIVE. Each block is its own transaction:
--   1. add the wider check as NOT VALID (milliseconds: no scan);
--   2. validate it (SHARE UPDATE EXCLUSIVE: inserts and updates go on meanwhile);
--   3. swap it in for the old check under the old name (milliseconds: no scan).
-- Until step 3 commits, the old check still rejects CHAT, so every reader sees a
-- table with a type check. Every step can be rerun after an interruption.
BEGIN;
ALTER TABLE public.ai_models DROP CONSTRAINT IF EXISTS ai_models_type_check_next;
ALTER TABLE public.ai_models
  ADD CONSTRAINT ai_models_type_check_next CHECK (type IN ('IMAGE', 'VIDEO', 'CHAT')) NOT VALID;
COMMIT;

ALTER TABLE public.ai_models VALIDATE CONSTRAINT ai_models_type_check_next;

BEGIN;
ALTER TABLE public.ai_models DROP CONSTRAINT ai_models_type_check;
ALTER TABLE public.ai_models RENAME CONSTRAINT ai_models_type_check_next TO ai_models_type_check;
COMMIT;
