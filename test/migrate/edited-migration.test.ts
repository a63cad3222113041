import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { MigrationError } from '../../src/migrate/errors.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';
import { incidentMigrationsDir, plantedMigration } from '../support/incident-migrations.js';

describe('an applied migration file that was edited', () => {
  let testDb: TestDatabase;
  let db: Database | undefined;

  afterEach(async () => {
    await db?.close();
    await testDb.drop();
  });

  it('is refused by the engine and by the CLI, naming the file', async () => {
    // A pending migration after the edit, so that the refusal visibly stops real work.
    const dir = await incidentMigrationsDir(plantedMigration('0003_create_pending_table', { up: 'BEGIN;\nCREATE TABLE public.pending_table (id integer);\nCOMMIT;\n' }));
    testDb = await createTestDatabase({ MIGRATIONS_DIR: dir });
    db = await testDb.open();
    const migrator = new Migrator({ db, settings: testDb.config.migrations });
    await migrator.up({ to: '0002' });
    await appendFile(path.join(dir, '0001_create_ai_models.sql'), '\n-- edited after it was applied\n');

    const refusal = await migrator.up().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationError);
    expect((refusal as MigrationError).what).toContain('0001_create_ai_models.sql was edited after it was applied');
    expect((await migrator.status()).pending).toEqual(['0003_create_pending_table']);
    expect((await migrator.status()).changed).toEqual(['0001_create_ai_models']);

    if (!isPostgres) {
      await db.close();
      db = undefined;
    }
    const cli = await runCli(['migrate', 'up'], testDb.env);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('0001_create_ai_models.sql was edited after it was applied');
    expect(cli.stderr).toContain('Next step: restore 0001_create_ai_models.sql');
  });
});
