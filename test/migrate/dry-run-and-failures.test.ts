import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { MigrationError } from '../../src/migrate/errors.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { INCIDENT_MIGRATIONS, incidentMigrationsDir, plantedMigration } from '../support/incident-migrations.js';

/** Everything a dry run could touch: the history, and the tables the migrations create. */
async function snapshot(db: Database) {
  const tables = await db.query<{ name: string }>(
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'switchboard') ORDER BY 1`,
  );
  const history = tables.rows.some((row) => row.name === 'switchboard.schema_migrations')
    ? (await db.query<{ name: string }>('SELECT name FROM switchboard.schema_migrations ORDER BY version')).rows.map((row) => row.name)
    : [];
  const constraints = await db.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE conname LIKE 'ai_models%' ORDER BY 1`);
  return { tables: tables.rows.map((row) => row.name), history, constraints: constraints.rows.map((row) => row.name) };
}

describe('dry runs and failures', () => {
  let testDb: TestDatabase;
  let db: Database;
  let migrator: Migrator;

  const setUp = async (extraFiles: Record<string, string> = {}) => {
    const dir = await incidentMigrationsDir(extraFiles);
    testDb = await createTestDatabase({ MIGRATIONS_DIR: dir });
    db = await testDb.open();
    migrator = new Migrator({ db, settings: testDb.config.migrations });
    return dir;
  };

  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it('up --dry-run plans the SQL and changes nothing', async () => {
    await setUp();
    const before = await snapshot(db);
    const result = await migrator.up({ dryRun: true });
    expect(result.applied).toEqual([]);
    expect(result.plan.map((step) => step.name)).toEqual([...INCIDENT_MIGRATIONS]);
    expect(result.plan[0]!.sql).toContain('CREATE TABLE public.ai_models');
    expect(await snapshot(db)).toEqual(before);
  });

  it('down --dry-run plans the SQL and changes nothing', async () => {
    await setUp();
    await migrator.up();
    const before = await snapshot(db);
    const result = await migrator.down({ to: '0000', dryRun: true });
    expect(result.reverted).toEqual([]);
    expect(result.plan.map((step) => step.name)).toEqual([...INCIDENT_MIGRATIONS].reverse());
    expect(await snapshot(db)).toEqual(before);
  });

  it('adopt --dry-run reports what it would record and changes nothing', async () => {
    const dir = await setUp();
    await db.exec(await readFile(path.join(dir, `${INCIDENT_MIGRATIONS[0]}.sql`), 'utf8'));
    const before = await snapshot(db);
    const result = await migrator.adopt({ dryRun: true });
    expect(result.adopted).toEqual([INCIDENT_MIGRATIONS[0]]);
    expect(result.stoppedAt?.name).toBe(INCIDENT_MIGRATIONS[1]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a transactional migration that fails leaves the database at 0002 and says what to do', async () => {
    await setUp(plantedMigration('0003_add_broken_column', { up: 'BEGIN;\nCREATE TABLE public.half_done (id integer);\nALTER TABLE public.ai_models ADD COLUMN;\nCOMMIT;\n' }));
    await migrator.up({ to: '0002' });
    const before = await snapshot(db);

    const failure = await migrator.up().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    const message = (failure as MigrationError).message;
    expect(message).toContain('0003_add_broken_column failed: syntax error');
    expect(message).toContain(`Database state: unchanged: 0003_add_broken_column ran in one transaction, which was rolled back; the database is at ${INCIDENT_MIGRATIONS[1]}`);
    expect(message).toContain('Next step: ');
    expect(await snapshot(db)).toEqual(before);
  });

  it('a no-transaction migration that fails in a block keeps the blocks before it and rolls back the failed one', async () => {
    const up = `-- switchboard:no-transaction
BEGIN;
CREATE TABLE public.first_block (id integer);
COMMIT;
BEGIN;
CREATE TABLE public.second_block (id integer);
ALTER TABLE public.second_block ADD COLUMN;
COMMIT;
`;
    await setUp(plantedMigration('0003_create_two_tables', { up }));
    await migrator.up({ to: '0002' });

    const failure = await migrator.up().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).what).toMatch(/^0003_create_two_tables failed at step 2 of 2: syntax error/);
    expect((failure as MigrationError).state).toContain('1 of its 2 steps completed');
    const tables = await db.query(`SELECT to_regclass('public.first_block') IS NOT NULL AS first, to_regclass('public.second_block') IS NOT NULL AS second`);
    expect(tables.rows[0]).toEqual({ first: true, second: false });
    expect((await migrator.status()).appliedVersion).toBe(INCIDENT_MIGRATIONS[1]);
    // The session is usable again: the engine can still work.
    expect((await migrator.verify()).ok).toBe(true);
  });

  it('down without --to or --steps is refused by the CLI', async () => {
    await setUp();
    const down = await runCli(['migrate', 'down'], testDb.env);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain('Say how far to go back: --to VERSION or --steps N');
  });
});
