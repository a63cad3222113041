import type { Queryable } from '../db/database.js';

/**
 * Queries on the engine's own bookkeeping, in the `switchboard` schema (which Supabase
 * does not serve over its REST API). The engine creates these two tables itself, before
 * the first migration, the way every migration tool keeps its own history.
 */
export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
  appliedAt: Date;
  executionMs: number;
  method: 'up' | 'adopt';
}

/** Serialises bootstrap and each migration transaction; works through transaction poolers. */
export const MIGRATION_XACT_LOCK_KEY = 7_482_519_002;

export const BOOTSTRAP_SQL = `
CREATE SCHEMA IF NOT EXISTS switchboard;
CREATE TABLE IF NOT EXISTS switchboard.schema_migrations (
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer NOT NULL,
  method text NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version),
  CONSTRAINT schema_migrations_method_check CHECK (method IN ('up', 'adopt'))
);
CREATE TABLE IF NOT EXISTS switchboard.migration_lock (
  id smallint NOT NULL DEFAULT 1,
  holder text,
  acquired_at timestamptz,
  expires_at timestamptz,
  CONSTRAINT migration_lock_pkey PRIMARY KEY (id),
  CONSTRAINT migration_lock_single_row_check CHECK (id = 1)
);
INSERT INTO switchboard.migration_lock (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
`;

export async function historyExists(db: Queryable): Promise<boolean> {
  const result = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('switchboard.schema_migrations') IS NOT NULL AS exists`,
  );
  return result.rows[0]?.exists ?? false;
}

export async function bootstrapHistory(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_XACT_LOCK_KEY]);
  await tx.exec(BOOTSTRAP_SQL);
}

export async function listAppliedMigrations(db: Queryable): Promise<AppliedMigration[]> {
  if (!(await historyExists(db))) return [];
  const result = await db.query<{
    version: string;
    name: string;
    checksum: string;
    applied_at: Date;
    execution_ms: number;
    method: 'up' | 'adopt';
  }>('SELECT version, name, checksum, applied_at, execution_ms, method FROM switchboard.schema_migrations ORDER BY version');
  return result.rows.map((row) => ({
    version: row.version,
    name: row.name,
    checksum: row.checksum,
    appliedAt: new Date(row.applied_at),
    executionMs: row.execution_ms,
    method: row.method,
  }));
}

export async function isMigrationApplied(tx: Queryable, version: string): Promise<boolean> {
  const result = await tx.query('SELECT 1 FROM switchboard.schema_migrations WHERE version = $1', [version]);
  return result.rowCount > 0;
}

export async function insertAppliedMigration(
  tx: Queryable,
  entry: Pick<AppliedMigration, 'version' | 'name' | 'checksum' | 'executionMs' | 'method'>,
): Promise<void> {
  await tx.query(
    'INSERT INTO switchboard.schema_migrations (version, name, checksum, execution_ms, method) VALUES ($1, $2, $3, $4, $5)',
    [entry.version, entry.name, entry.checksum, entry.executionMs, entry.method],
  );
}

export async function deleteAppliedMigration(tx: Queryable, version: string): Promise<void> {
  await tx.query('DELETE FROM switchboard.schema_migrations WHERE version = $1', [version]);
}

// The lease lock: one row, taken by an UPDATE that only succeeds when the row is free or its
// lease has run out. Unlike a session advisory lock, it survives transaction poolers (which
// hand each transaction a different server session) and frees itself when a runner dies.

export async function tryAcquireLease(db: Queryable, holder: string, leaseMs: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE switchboard.migration_lock
        SET holder = $1, acquired_at = now(), expires_at = now() + make_interval(secs => $2::double precision / 1000)
      WHERE id = 1 AND (holder IS NULL OR holder = $1 OR expires_at < now())`,
    [holder, leaseMs],
  );
  return result.rowCount === 1;
}

export async function renewLease(db: Queryable, holder: string, leaseMs: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE switchboard.migration_lock
        SET expires_at = now() + make_interval(secs => $2::double precision / 1000)
      WHERE id = 1 AND holder = $1`,
    [holder, leaseMs],
  );
  return result.rowCount === 1;
}

export async function releaseLease(db: Queryable, holder: string): Promise<void> {
  await db.query(
    'UPDATE switchboard.migration_lock SET holder = NULL, acquired_at = NULL, expires_at = NULL WHERE id = 1 AND holder = $1',
    [holder],
  );
}

export async function describeLease(db: Queryable): Promise<{ holder: string | null; expiresAt: Date | null }> {
  const result = await db.query<{ holder: string | null; expires_at: Date | null }>(
    'SELECT holder, expires_at FROM switchboard.migration_lock WHERE id = 1',
  );
  const row = result.rows[0];
  return { holder: row?.holder ?? null, expiresAt: row?.expires_at ? new Date(row.expires_at) : null };
}
