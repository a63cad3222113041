import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { runCli, spawnCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';
import { INCIDENT_MIGRATIONS, incidentMigrationsDir, plantedMigration } from '../support/incident-migrations.js';
import { waitFor } from '../support/wait.js';

// A migration after 0002 that stays in its transaction while the marker row exists, so a
// runner can be killed inside it; once the test deletes the marker, a rerun does not wait.
const SLOW_MIGRATION = '0003_create_slow_migration_result';
const slowMigration = plantedMigration(SLOW_MIGRATION, {
  up: `BEGIN;
CREATE TABLE public.slow_migration_result (id integer NOT NULL, CONSTRAINT slow_migration_result_pkey PRIMARY KEY (id));
DO $$
BEGIN
  WHILE EXISTS (SELECT 1 FROM public.slow_migration_marker) LOOP
    PERFORM pg_sleep(0.05);
  END LOOP;
END
$$;
COMMIT;
`,
  down: 'BEGIN;\nDROP TABLE public.slow_migration_result;\nCOMMIT;\n',
});

async function appliedNames(testDb: TestDatabase, db: Database): Promise<string[]> {
  return (await new Migrator({ db, settings: testDb.config.migrations }).status()).applied.map((entry) => entry.name);
}

describe('a runner killed in the middle of a migration', () => {
  let testDb: TestDatabase;
  let db: Database | undefined;

  afterEach(async () => {
    await db?.close();
    db = undefined;
    await testDb.drop();
  });

  it('leaves the database at the previous version, and a rerun finishes', async () => {
    const dir = await incidentMigrationsDir(slowMigration);
    testDb = await createTestDatabase({ MIGRATIONS_DIR: dir });
    db = await testDb.open();
    await db.exec(`CREATE TABLE public.slow_migration_marker (id integer); INSERT INTO public.slow_migration_marker VALUES (1);`);
    // PGlite is a single process's database: the CLI can open the data directory only once the test lets go.
    if (!isPostgres) {
      await db.close();
      db = undefined;
    }

    const runner = spawnCli(['migrate', 'up'], testDb.env);
    let stderr = '';
    runner.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => runner.on('exit', (_code, signal) => resolve(signal)));

    if (isPostgres) {
      // Inside the slow migration: its session is sleeping in the loop.
      await waitFor('the runner to be inside the slow migration', async () => {
        const result = await db!.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%slow_migration_marker%' AND pid <> pg_backend_pid()`);
        return result.rowCount > 0;
      });
    } else {
      // No second session can look inside PGlite, but the runner logs each migration it applied:
      // once 0002 is done it is in 0003, which cannot complete while the marker exists.
      await waitFor('the runner to apply 0002', () => stderr.includes(`applied ${INCIDENT_MIGRATIONS[1]}`));
    }
    runner.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    db ??= await testDb.open();
    expect(await appliedNames(testDb, db)).toEqual([...INCIDENT_MIGRATIONS]);
    const leftover = await db.query(`SELECT to_regclass('public.slow_migration_result') AS result`);
    expect(leftover.rows[0]).toEqual({ result: null });

    await db.exec('DELETE FROM public.slow_migration_marker');
    if (!isPostgres) {
      await db.close();
      db = undefined;
    }
    // The dead runner's lease runs out (MIGRATION_LEASE_MS) and the rerun takes over.
    const rerun = await runCli(['migrate', 'up'], testDb.env);
    expect(rerun, rerun.stderr).toMatchObject({ code: 0 });
    expect(rerun.stdout).toContain(`Applied ${SLOW_MIGRATION}`);

    db ??= await testDb.open();
    expect(await appliedNames(testDb, db)).toEqual([...INCIDENT_MIGRATIONS, SLOW_MIGRATION]);
  });
});
