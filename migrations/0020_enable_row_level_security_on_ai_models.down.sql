-- Turns row level security off again. On Supabase this exposes ai_models to the anon key
-- for reading and writing; do it only on a database no one reaches through an API.
BEGIN;

DROP POLICY IF EXISTS ai_models_read_enabled ON public.ai_models;
ALTER TABLE public.ai_models DISABLE ROW LEVEL SECURITY;

COMMIT;
