import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { MigrationStatus } from '../../src/migrate/engine.js';
import { Migrator } from '../../src/migrate/engine.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';
import { INCIDENT_MIGRATIONS, incidentMigrationsDir, plantedMigration } from '../support/incident-migrations.js';

// The seed's rollback, statement by statement as psql runs a file: the DROP commits, and the
// ADD fails as soon as a CHAT row exists, leaving the table with no type check at all.
const SEED_ROLLBACK = [
  'ALTER TABLE ai_models DROP CONSTRAINT IF EXISTS ai_models_type_check',
  `ALTER TABLE ai_models ADD CONSTRAINT ai_models_type_check CHECK (type IN ('IMAGE', 'VIDEO'))`,
];

describe('drift after the seed\'s broken rollback', () => {
  let testDb: TestDatabase;
  let db: Database | undefined;

  afterEach(async () => {
    await db?.close();
    await testDb.drop();
  });

  it('is reported by verify (exit 1) and by status --json', async () => {
    const pending = plantedMigration('0003_create_pending_table', { up: 'BEGIN;\nCREATE TABLE public.pending_table (id integer);\nCOMMIT;\n' });
    testDb = await createTestDatabase({ MIGRATIONS_DIR: await incidentMigrationsDir(pending) });
    db = await testDb.open();
    await new Migrator({ db, settings: testDb.config.migrations }).up({ to: '0002' });
    await db.query(`INSERT INTO ai_models (name, display_name, type, provider, api_path) VALUES ('gpt', 'GPT', 'CHAT', 'OPENROUTER', 'openai/gpt-4o')`);
    await db.query(SEED_ROLLBACK[0]!);
    await expect(db.query(SEED_ROLLBACK[1]!)).rejects.toThrow(/is violated by some row/);
    if (!isPostgres) {
      await db.close();
      db = undefined;
    }

    const verify = await runCli(['migrate', 'verify'], testDb.env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('DRIFT   public.ai_models has no ai_models_type_check constraint');
    expect(verify.stdout).toMatch(/FAILED\s+0002_add_chat_type_to_ai_models: .*no validated constraint ai_models_type_check/);
    expect(verify.stdout).toContain('Verification failed.');

    const status = await runCli(['migrate', 'status', '--json'], testDb.env);
    expect(status.code).toBe(1);
    const report = JSON.parse(status.stdout) as MigrationStatus;
    expect(report.appliedVersion).toBe(INCIDENT_MIGRATIONS[1]);
    expect(report.pending).toEqual(['0003_create_pending_table']);
    expect(report.schema.drift).toEqual([expect.objectContaining({ code: 'type_check_missing' })]);
  });
});
