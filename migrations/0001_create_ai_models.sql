-- The model catalog, as the incident's database had it: the type check allows only
-- IMAGE and VIDEO. 0002 adds CHAT; the history is kept so that existing databases
-- can adopt it (`switchboard migrate adopt`).
BEGIN;

CREATE TABLE public.ai_models (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  display_name text NOT NULL,
  type text NOT NULL,
  provider text NOT NULL,
  api_path text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ai_models_pkey PRIMARY KEY (id),
  CONSTRAINT ai_models_name_key UNIQUE (name),
  CONSTRAINT ai_models_type_check CHECK (type IN ('IMAGE', 'VIDEO')),
  CONSTRAINT ai_models_provider_check CHECK (provider ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  CONSTRAINT ai_models_name_length_check CHECK (char_length(name) BETWEEN 1 AND 200),
  CONSTRAINT ai_models_display_name_length_check CHECK (char_length(display_name) BETWEEN 1 AND 200),
  CONSTRAINT ai_models_api_path_length_check CHECK (char_length(api_path) BETWEEN 1 AND 300),
  CONSTRAINT ai_models_description_length_check CHECK (char_length(description) <= 2000)
);

CREATE INDEX ai_models_type_idx ON public.ai_models (type);
CREATE INDEX ai_models_updated_at_idx ON public.ai_models (updated_at DESC);

COMMIT;
