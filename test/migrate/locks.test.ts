import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { MigrationError } from '../../src/migrate/errors.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';
import { INCIDENT_MIGRATIONS, incidentMigrationsDir } from '../support/incident-migrations.js';
import { waitFor } from '../support/wait.js';

// PGlite has a single session, so nothing can hold a lock against the migration there.
describe.runIf(isPostgres)('migrations next to live sessions (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: Database;
  const clients: pg.Client[] = [];

  const setUp = async (env: Record<string, string> = {}) => {
    testDb = await createTestDatabase({ MIGRATIONS_DIR: await incidentMigrationsDir(), ...env });
    db = await testDb.open();
  };
  const connect = async () => {
    const client = new pg.Client({ connectionString: testDb.env.DATABASE_URL });
    await client.connect();
    clients.push(client);
    return client;
  };
  const migratorWith = (env: Record<string, string>, log?: (line: string) => void) =>
    new Migrator({ db, settings: loadConfig({ ...testDb.env, ...env }).migrations, log });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    await db.close();
    await testDb.drop();
  });

  it('gives up after the lock retries with a message naming the migration, then succeeds once the blocker commits', async () => {
    await setUp();
    await migratorWith({}).up({ to: '0001' });
    const blocker = await connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT count(*) FROM public.ai_models');

    const failure = await migratorWith({ MIGRATION_LOCK_TIMEOUT_MS: '50', MIGRATION_LOCK_RETRIES: '1' })
      .up()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    const message = (failure as MigrationError).message;
    expect(message).toContain(`${INCIDENT_MIGRATIONS[1]} could not get the lock it needs within 50 ms (2 attempts)`);
    expect(message).toContain(`Database state: unchanged by the step that waited; the database is at ${INCIDENT_MIGRATIONS[0]}`);
    expect(message).toMatch(/Next step: find the blocking session .* raise MIGRATION_LOCK_TIMEOUT_MS \/ MIGRATION_LOCK_RETRIES/);

    const cli = await runCli(['migrate', 'up'], { ...testDb.env, MIGRATION_LOCK_TIMEOUT_MS: '50', MIGRATION_LOCK_RETRIES: '0' });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${INCIDENT_MIGRATIONS[1]} could not get the lock it needs within 50 ms (1 attempt)`);
    expect(cli.stderr).toContain('Next step: find the blocking session');

    // With enough retries, the migration goes through once the blocker's transaction ends.
    const log: string[] = [];
    const applying = migratorWith({ MIGRATION_LOCK_TIMEOUT_MS: '50', MIGRATION_LOCK_RETRIES: '20' }, (line) => log.push(line)).up();
    await waitFor('the migration to retry', () => log.some((line) => line.includes('retrying')));
    await blocker.query('COMMIT');
    expect((await applying).applied).toEqual([INCIDENT_MIGRATIONS[1]]);
  });

  it('never lets another session write a type the check does not know while 0002 runs', async () => {
    await setUp();
    await migratorWith({}).up({ to: '0001' });
    // Enough rows that VALIDATE takes a while, so writers run during every step of 0002.
    await db.exec(
      `INSERT INTO public.ai_models (name, display_name, type, provider, api_path)
       SELECT 'model-' || i, 'Model ' || i, CASE WHEN i % 2 = 0 THEN 'IMAGE' ELSE 'VIDEO' END, 'OPENROUTER', 'path/' || i
       FROM generate_series(1, 200000) AS i`,
    );
    const writer = await connect();
    let isMigrating = true;
    const failures = new Map<string, number>();
    let attempts = 0;
    const writing = (async () => {
      while (isMigrating) {
        attempts += 1;
        try {
          await writer.query(`INSERT INTO public.ai_models (name, display_name, type, provider, api_path) VALUES ($1, $1, 'AUDIO', 'OPENROUTER', $1)`, [`audio-${attempts}`]);
          failures.set('inserted', (failures.get('inserted') ?? 0) + 1);
        } catch (error) {
          const code = (error as { code?: string; constraint?: string }).code ?? 'unknown';
          const key = `${code}:${(error as { constraint?: string }).constraint ?? ''}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    })();

    await waitFor('the writer to start', () => attempts > 0);
    const result = await migratorWith({}).up().finally(() => (isMigrating = false));
    await writing;

    expect(result.applied).toEqual([INCIDENT_MIGRATIONS[1]]);
    expect(attempts).toBeGreaterThan(10);
    // Every attempt was rejected by a type check (the old one, then the new one, both named
    // ai_models_type_check), never accepted and never failed for another reason.
    expect(Object.fromEntries(failures)).toEqual({ '23514:ai_models_type_check': attempts });
    const audio = await db.query(`SELECT count(*)::int AS n FROM public.ai_models WHERE type = 'AUDIO'`);
    expect(audio.rows[0]).toEqual({ n: 0 });
  });
});
