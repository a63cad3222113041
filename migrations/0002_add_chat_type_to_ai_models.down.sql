-- Removes CHAT from ai_models_type_check in one transaction: it either completes or
-- changes nothing. While any CHAT model exists it refuses, because the narrower check
-- would reject those rows (and the seed's rollback, run statement by statement, left
-- the table with no check at all in exactly that case).
BEGIN;

LOCK TABLE public.ai_models IN SHARE ROW EXCLUSIVE MODE;

DO $$
DECLARE
  chat_count bigint;
  example_ids text;
BEGIN
  SELECT count(*) INTO chat_count FROM public.ai_models WHERE type = 'CHAT';
  IF chat_count > 0 THEN
    SELECT string_agg(id::text, ', ') INTO example_ids
    FROM (SELECT id FROM public.ai_models WHERE type = 'CHAT' ORDER BY created_at, id LIMIT 5) AS examples;
    RAISE EXCEPTION 'refusing to remove CHAT from ai_models_type_check: % row(s) have type CHAT (for example %)',
      chat_count, example_ids
      USING HINT = 'Delete those models or change their type, then run the down again.';
  END IF;
END
$$;

ALTER TABLE public.ai_models DROP CONSTRAINT ai_models_type_check;
-- Validated in this same transaction on purpose: a down must be all or nothing. The scan runs
-- under the lock taken above; downs are rare, and correctness beats a shorter lock here.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE public.ai_models ADD CONSTRAINT ai_models_type_check CHECK (type IN ('IMAGE', 'VIDEO'));

COMMIT;
