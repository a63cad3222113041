import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { packagedMigrationsDir } from '../../src/config.js';
import { Migrator } from '../../src/migrate/engine.js';
import { loadMigrations } from '../../src/migrate/files.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';

const RUNNERS = 8;
// Every migration the project ships, so that the race covers the real history.
const MIGRATIONS = (await loadMigrations(packagedMigrationsDir)).map((file) => file.name);

async function historyNames(db: Database): Promise<string[]> {
  const result = await db.query<{ name: string }>('SELECT name FROM switchboard.schema_migrations ORDER BY version, applied_at');
  return result.rows.map((row) => row.name);
}

describe('runners started at the same moment', () => {
  let testDb: TestDatabase;
  const opened: Database[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    await testDb.drop();
  });

  it(`apply each migration exactly once with ${RUNNERS} Migrators at once`, async () => {
    testDb = await createTestDatabase();
    // PGlite has one session per process, so its runners share the handle; on PostgreSQL
    // each runner has a pool of its own, as separate machines would.
    const shared = await testDb.open();
    opened.push(shared);
    const handles = isPostgres ? await Promise.all(Array.from({ length: RUNNERS }, () => testDb.open())) : Array<Database>(RUNNERS).fill(shared);
    if (isPostgres) opened.push(...handles);

    const results = await Promise.all(handles.map((db) => new Migrator({ db, settings: testDb.config.migrations }).up()));

    expect(results.flatMap((result) => result.applied).sort()).toEqual(MIGRATIONS);
    expect(await historyNames(shared)).toEqual(MIGRATIONS);
  });

  it.runIf(isPostgres)(`apply each migration exactly once with ${RUNNERS} CLI processes at once`, async () => {
    testDb = await createTestDatabase();
    const runs = await Promise.all(Array.from({ length: RUNNERS }, () => runCli(['migrate', 'up'], testDb.env)));

    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const appliedLines = runs.flatMap((run) => run.stdout.match(/^Applied .*$/gm) ?? []);
    expect(appliedLines.join('\n').match(/\d{4}_[a-z0-9_]+/g)?.sort()).toEqual(MIGRATIONS);

    const db = await testDb.open();
    opened.push(db);
    expect(await historyNames(db)).toEqual(MIGRATIONS);
  });
});
