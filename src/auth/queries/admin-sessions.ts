import type { Queryable } from '../../db/database.js';

/** Queries on switchboard.admin_sessions. Only a hash of each token is ever stored. */
export async function insertSession(
  db: Queryable,
  session: { tokenHash: string; adminId: string; expiresAt: Date; userAgent: string },
): Promise<void> {
  await db.query('INSERT INTO switchboard.admin_sessions (token_hash, admin_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)', [
    session.tokenHash,
    session.adminId,
    session.expiresAt,
    session.userAgent,
  ]);
}

export async function findLiveSession(db: Queryable, tokenHash: string): Promise<{ adminId: string; email: string } | undefined> {
  const result = await db.query<{ admin_id: string; email: string }>(
    `SELECT s.admin_id, a.email
       FROM switchboard.admin_sessions s JOIN switchboard.admins a ON a.id = s.admin_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  const row = result.rows[0];
  return row && { adminId: row.admin_id, email: row.email };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM switchboard.admin_sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const result = await db.query('DELETE FROM switchboard.admin_sessions WHERE expires_at <= now()');
  return result.rowCount;
}
