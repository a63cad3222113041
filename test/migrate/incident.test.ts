import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { MigrationError } from '../../src/migrate/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { incidentMigrationsDir } from '../support/incident-migrations.js';

const insertModel = (db: Database, name: string, type: string) =>
  db.query(`INSERT INTO public.ai_models (name, display_name, type, provider, api_path) VALUES ($1, $1, $2, 'OPENROUTER', $1) RETURNING id`, [
    name,
    type,
  ]);

const typeCheckDefinition = async (db: Database) =>
  (
    await db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'ai_models_type_check' AND conrelid = 'public.ai_models'::regclass`,
    )
  ).rows.map((row) => row.definition);

describe('the incident, replayed through the engine', () => {
  let testDb: TestDatabase;
  let db: Database;
  let migrator: Migrator;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    // Only 0001 and 0002, so later migrations never change what this test expects.
    migrator = new Migrator({ db, settings: { ...testDb.config.migrations, dir: await incidentMigrationsDir() } });
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it('rejects CHAT at 0001, accepts it after up, and refuses a down that would strand CHAT rows', async () => {
    await migrator.up({ to: '0001' });
    await insertModel(db, 'flux/schnell', 'IMAGE');
    await expect(insertModel(db, 'anthropic/claude-3-haiku:free', 'CHAT')).rejects.toThrow(/violates check constraint "ai_models_type_check"/);

    const result = await migrator.up();
    expect(result.applied).toEqual(['0002_add_chat_type_to_ai_models']);
    const chat = await insertModel(db, 'anthropic/claude-3-haiku:free', 'CHAT');
    const chatId = (chat.rows[0] as { id: string }).id;

    const refusal = await migrator.down({ steps: 1 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationError);
    const message = (refusal as MigrationError).message;
    expect(message).toContain('0002_add_chat_type_to_ai_models');
    expect(message).toMatch(/1 row\(s\) have type CHAT/);
    expect(message).toContain(chatId);
    expect(message).toMatch(/rolled back/);

    // Nothing changed: still at 0002, the check still allows CHAT, and the row is there.
    expect((await migrator.status()).appliedVersion).toBe('0002_add_chat_type_to_ai_models');
    expect(await typeCheckDefinition(db)).toEqual([expect.stringContaining("'CHAT'")]);
    expect((await db.query(`SELECT count(*)::int AS n FROM public.ai_models`)).rows[0]).toEqual({ n: 2 });
  });

  it('reverts 0002 once no CHAT row is left, and the narrower check is back in force', async () => {
    await migrator.up();
    await insertModel(db, 'openai/gpt-4o-mini', 'CHAT');
    await db.query(`DELETE FROM public.ai_models WHERE type = 'CHAT'`);

    expect((await migrator.down({ steps: 1 })).reverted).toEqual(['0002_add_chat_type_to_ai_models']);
    expect(await typeCheckDefinition(db)).toEqual([expect.not.stringContaining("'CHAT'")]);
    await expect(insertModel(db, 'openai/gpt-4o-mini', 'CHAT')).rejects.toThrow(/ai_models_type_check/);
    expect((await migrator.status()).pending).toEqual(['0002_add_chat_type_to_ai_models']);
  });

  it('never leaves a temporary check behind and verifies clean after up', async () => {
    await migrator.up();
    const constraints = await db.query<{ conname: string; convalidated: boolean }>(
      `SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'public.ai_models'::regclass AND conname LIKE 'ai_models_type_check%'`,
    );
    expect(constraints.rows).toEqual([{ conname: 'ai_models_type_check', convalidated: true }]);
    const report = await migrator.verify();
    expect(report.ok).toBe(true);
    expect(report.results.map((result) => result.ok)).toEqual([true, true]);
  });

  it('refuses to drop the catalog while it holds models', async () => {
    await migrator.up();
    await insertModel(db, 'flux/dev', 'IMAGE');
    await expect(migrator.down({ to: '0000' })).rejects.toThrow(/refusing to drop ai_models: it holds 1 model/);
    // The down of 0002 ran first and committed; the down of 0001 changed nothing.
    expect((await migrator.status()).appliedVersion).toBe('0001_create_ai_models');
    expect((await db.query(`SELECT count(*)::int AS n FROM public.ai_models`)).rows[0]).toEqual({ n: 1 });
  });
});
