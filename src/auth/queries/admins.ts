import type { Queryable } from '../../db/database.js';

/** Queries on switchboard.admins. */
export interface AdminRecord {
  id: string;
  email: string;
  passwordHash: string;
}

export async function findAdminByEmail(db: Queryable, email: string): Promise<AdminRecord | undefined> {
  const result = await db.query<{ id: string; email: string; password_hash: string }>(
    'SELECT id, email, password_hash FROM switchboard.admins WHERE email = $1',
    [email],
  );
  const row = result.rows[0];
  return row && { id: row.id, email: row.email, passwordHash: row.password_hash };
}

export async function insertAdmin(db: Queryable, email: string, passwordHash: string): Promise<{ id: string; email: string }> {
  const result = await db.query<{ id: string; email: string }>(
    'INSERT INTO switchboard.admins (email, password_hash) VALUES ($1, $2) RETURNING id, email',
    [email, passwordHash],
  );
  return result.rows[0]!;
}

export async function countAdmins(db: Queryable): Promise<number> {
  const result = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM switchboard.admins');
  return result.rows[0]?.count ?? 0;
}
