import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { isPostgresError } from '../../src/db/database.js';
import { Migrator } from '../../src/migrate/engine.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';

/** Supabase's API roles, as Supabase creates them: no login, reached through its REST API. */
const SUPABASE_ROLES_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; -- another test created them meanwhile
END
$$;`;

/** Supabase's default grants in public: everything to the API roles, for tables and functions created later too. */
const SUPABASE_GRANTS_SQL = `
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
`;

async function asRole<T>(db: Database, role: string, work: (tx: Pick<Database, 'query'>) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL ROLE ${role}`);
    return work(tx);
  });
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isPostgresError(error) ? error.code : String(error);
  }
}

// Roles are a server-wide feature; PGlite has one user, so these run on the server PostgreSQL.
describe.skipIf(!isPostgres)('on a database laid out like Supabase', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await db.exec(SUPABASE_ROLES_SQL);
    await db.exec(SUPABASE_GRANTS_SQL);
    await new Migrator({ db, settings: testDb.config.migrations }).up();
    await db.query(
      `INSERT INTO public.ai_models (name, display_name, type, provider, api_path, enabled) VALUES
         ('visible/model', 'Visible', 'CHAT', 'OPENROUTER', 'visible/model', true),
         ('hidden/model', 'Hidden', 'CHAT', 'OPENROUTER', 'hidden/model', false)`,
    );
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('keeps every switchboard table away from anon, even when public grants are generous', async () => {
    const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'switchboard' ORDER BY 1`);
    expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['admins', 'admin_sessions', 'audit_log', 'schema_migrations']));
    for (const { name } of tables.rows) {
      expect(await errorCodeOf(asRole(db, 'anon', (tx) => tx.query(`SELECT * FROM switchboard.${name} LIMIT 1`))), name).toBe('42501');
    }
    expect(await errorCodeOf(asRole(db, 'authenticated', (tx) => tx.query('SELECT * FROM switchboard.admins')))).toBe('42501');
  });

  it('lets anon read enabled models only, and write nothing', async () => {
    const visible = await asRole(db, 'anon', (tx) => tx.query<{ name: string }>('SELECT name FROM public.ai_models ORDER BY name'));
    expect(visible.rows.map((row) => row.name)).toEqual(['visible/model']);

    const insert = asRole(db, 'anon', (tx) =>
      tx.query(`INSERT INTO public.ai_models (name, display_name, type, provider, api_path) VALUES ('x', 'x', 'CHAT', 'OPENROUTER', 'x')`),
    );
    expect(await errorCodeOf(insert)).toBe('42501');
    for (const statement of ['UPDATE public.ai_models SET enabled = true', 'DELETE FROM public.ai_models', 'TRUNCATE public.ai_models']) {
      expect(await errorCodeOf(asRole(db, 'anon', (tx) => tx.query(statement))), statement).toBe('42501');
      expect(await errorCodeOf(asRole(db, 'authenticated', (tx) => tx.query(statement))), statement).toBe('42501');
    }
    expect((await db.query('SELECT count(*)::int AS n FROM public.ai_models')).rows[0]).toEqual({ n: 2 });
    expect((await db.query('SELECT count(*)::int AS n FROM public.ai_models WHERE enabled')).rows[0]).toEqual({ n: 1 });
  });

  it('lets service_role edit ai_models from a script, and the change still reaches the gateway', async () => {
    await db.exec('GRANT ALL ON public.ai_models TO service_role');
    const version = async () => (await db.query<{ version: number }>('SELECT version FROM switchboard.gateway_version')).rows[0]!.version;
    const before = await version();
    const updated = await asRole(db, 'service_role', (tx) => tx.query(`UPDATE public.ai_models SET description = 'edited by a script' WHERE name = 'hidden/model'`));
    expect(updated.rowCount).toBe(1);
    expect(await version()).toBeGreaterThan(before);
  });

  it('doctor finds a planted exec_sql function and a public table without RLS, and passes after its own fixes', async () => {
    await db.exec(`
      CREATE FUNCTION public.exec_sql(query text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN EXECUTE query; END $$;
      CREATE TABLE public.customer_notes (id integer NOT NULL, CONSTRAINT customer_notes_pkey PRIMARY KEY (id));
    `);
    // The hole is real: anon can run any SQL through it.
    await asRole(db, 'anon', (tx) => tx.query(`SELECT public.exec_sql('SELECT 1')`));

    const found = await runCli(['doctor', '--json'], testDb.env);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout) as { ok: boolean; findings: { check: string; message: string; fix: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'dynamic_sql_function', message: expect.stringContaining('exec_sql(query text)') }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'rls_disabled', message: expect.stringContaining('public.customer_notes') }));
    expect(report.findings.filter((finding) => finding.check === 'rls_disabled')).toHaveLength(1);

    for (const finding of report.findings) await db.exec(finding.fix);

    expect(await errorCodeOf(asRole(db, 'anon', (tx) => tx.query(`SELECT public.exec_sql('SELECT 1')`)))).toBe('42501');
    const passed = await runCli(['doctor'], testDb.env);
    expect(passed.stdout).toContain('No findings');
    expect(passed.code).toBe(0);
  });

  it('doctor flags a pooler URL without a direct URL', async () => {
    const url = new URL(testDb.env.DATABASE_URL!);
    const result = await runCli(['doctor', '--json'], { ...testDb.env, DATABASE_URL: url.toString(), DATABASE_POOL_MODE: 'transaction' });
    const report = JSON.parse(result.stdout) as { findings: { check: string }[] };
    expect(report.findings.map((finding) => finding.check)).toContain('pooler_without_direct_url');
    expect(result.code).toBe(1);
    const withDirect = await runCli(['doctor', '--json'], { ...testDb.env, DATABASE_POOL_MODE: 'transaction', DATABASE_DIRECT_URL: url.toString() });
    expect((JSON.parse(withDirect.stdout) as { findings: { check: string }[] }).findings.map((finding) => finding.check)).not.toContain('pooler_without_direct_url');
  });
});
