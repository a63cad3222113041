-- Dropping the catalog would lose every model: refuse while any row exists.
BEGIN;

DO $$
DECLARE
  model_count bigint;
BEGIN
  SELECT count(*) INTO model_count FROM public.ai_models;
  IF model_count > 0 THEN
    RAISE EXCEPTION 'refusing to drop ai_models: it holds % model(s)', model_count
      USING HINT = 'Export and delete the models first if you really mean to remove the catalog.';
  END IF;
END
$$;

-- Dropping the table is this migration's whole intent, and the block above refuses while it holds rows.
-- squawk-ignore ban-drop-table
DROP TABLE public.ai_models;

COMMIT;
