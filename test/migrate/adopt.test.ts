import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';
import { INCIDENT_MIGRATIONS, incidentMigrationsDir } from '../support/incident-migrations.js';

// The seed's fix, as it was pasted into psql or a dashboard.
const SEED_ADD_CHAT = `
ALTER TABLE ai_models DROP CONSTRAINT IF EXISTS ai_models_type_check;
ALTER TABLE ai_models ADD CONSTRAINT ai_models_type_check
    CHECK (type IN ('IMAGE', 'VIDEO', 'CHAT'));
`;

async function history(db: Database): Promise<{ name: string; method: string }[]> {
  return (await db.query<{ name: string; method: string }>('SELECT name, method FROM switchboard.schema_migrations ORDER BY version')).rows;
}

describe('adopt, for a database changed by hand', () => {
  let testDb: TestDatabase;
  let db: Database | undefined;
  let dir: string;

  const createByHand = async (withSeedFix: boolean) => {
    dir = await incidentMigrationsDir();
    testDb = await createTestDatabase({ MIGRATIONS_DIR: dir });
    db = await testDb.open();
    // The psql route: 0001's file run as it is, then (maybe) the seed's fix.
    await db.exec(await readFile(path.join(dir, `${INCIDENT_MIGRATIONS[0]}.sql`), 'utf8'));
    if (withSeedFix) await db.exec(SEED_ADD_CHAT);
    if (!isPostgres) {
      // The CLI opens PGlite's data directory itself.
      await db.close();
      db = undefined;
    }
  };

  afterEach(async () => {
    await db?.close();
    db = undefined;
    await testDb.drop();
  });

  it('records 0001 and 0002 after the psql route', async () => {
    await createByHand(true);

    const dryRun = await runCli(['migrate', 'adopt', '--dry-run'], testDb.env);
    expect(dryRun, dryRun.stderr).toMatchObject({ code: 0 });
    expect(dryRun.stdout).toContain(`Would adopt ${INCIDENT_MIGRATIONS.join(', ')}.`);

    const adopt = await runCli(['migrate', 'adopt'], testDb.env);
    expect(adopt, adopt.stderr).toMatchObject({ code: 0 });
    expect(adopt.stdout).toContain(`Adopted ${INCIDENT_MIGRATIONS.join(', ')}.`);

    db ??= await testDb.open();
    expect(await history(db)).toEqual(INCIDENT_MIGRATIONS.map((name) => ({ name, method: 'adopt' })));
    const status = await new Migrator({ db, settings: testDb.config.migrations }).status();
    expect(status.pending).toEqual([]);
    expect(status.schema.drift).toEqual([]);
  });

  it('stops at the first migration whose verify fails, and says so', async () => {
    await createByHand(false);

    const adopt = await runCli(['migrate', 'adopt'], testDb.env);
    expect(adopt.code).toBe(1);
    expect(adopt.stdout).toContain(`Adopted ${INCIDENT_MIGRATIONS[0]}.`);
    expect(adopt.stderr).toContain(`Stopped at ${INCIDENT_MIGRATIONS[1]}: its verify failed`);
    expect(adopt.stderr).toContain('does not accept CHAT');
    expect(adopt.stderr).toMatch(/Database state: recorded up to 0001_create_ai_models/);
    expect(adopt.stderr).toMatch(/Next step: /);

    db ??= await testDb.open();
    expect(await history(db)).toEqual([{ name: INCIDENT_MIGRATIONS[0], method: 'adopt' }]);
    // What adopt left pending, up applies.
    expect((await new Migrator({ db, settings: testDb.config.migrations }).up()).applied).toEqual([INCIDENT_MIGRATIONS[1]]);
  });
});
