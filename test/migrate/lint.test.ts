import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { isPostgres } from '../support/database.js';
import { incidentMigrationsDir, plantedMigration } from '../support/incident-migrations.js';

// Lint reads files only; running it once (in the PGlite project) is enough.
describe.skipIf(isPostgres)('switchboard migrate lint', () => {
  it('finds nothing in migrations/', async () => {
    const lint = await runCli(['migrate', 'lint'], {});
    expect(lint, lint.stdout).toMatchObject({ code: 0 });
    expect(lint.stdout).toMatch(/Found 0 issues/);
  });

  it('reports a CHECK added without NOT VALID to an existing table, and exits 1', async () => {
    const dir = await incidentMigrationsDir(
      plantedMigration('0003_add_provider_length_check', {
        up: `BEGIN;\nALTER TABLE public.ai_models ADD CONSTRAINT ai_models_provider_length_check CHECK (char_length(provider) <= 40);\nCOMMIT;\n`,
      }),
    );
    const lint = await runCli(['migrate', 'lint'], { MIGRATIONS_DIR: dir });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('0003_add_provider_length_check.sql');
    expect(lint.stdout).toContain('constraint-missing-not-valid');
  });
});
