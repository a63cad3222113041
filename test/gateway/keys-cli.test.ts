import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { hashApiKey } from '../../src/gateway/keys/service.js';
import { Migrator } from '../../src/migrate/engine.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('switchboard keys', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await new Migrator({ db, settings: testDb.config.migrations }).up();
    // PGlite has one writer: the CLI opens the same data directory, so the test lets go of it meanwhile.
    await db.close();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('creates a key, prints it once on stdout and stores only its sha256', async () => {
    const result = await runCli(['keys', 'create', '--name', 'product backend', '--models', 'gpt-4o-mini, flux'], testDb.env);
    expect(result.code).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain('shown once');

    db = await testDb.open();
    try {
      const rows = await db.query<{ name: string; key_hash: string; allowed_models: string[]; dump: string }>(
        `SELECT name, key_hash, allowed_models, row_to_json(k)::text AS dump FROM switchboard.api_keys k`,
      );
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]).toMatchObject({ name: 'product backend', key_hash: hashApiKey(key), allowed_models: ['gpt-4o-mini', 'flux'] });
      expect(rows.rows[0]!.dump).not.toContain(key.slice(6));
    } finally {
      await db.close();
    }

    const listed = await runCli(['keys', 'list'], testDb.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('product backend');
    expect(listed.stdout).not.toContain(key);
  });

  it('refuses a create without --name', async () => {
    const result = await runCli(['keys', 'create'], testDb.env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--name');
  });
});
