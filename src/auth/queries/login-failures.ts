import type { Queryable } from '../../db/database.js';

/** Queries on switchboard.login_failures: the sign-in throttle shared by every instance. */
export async function countRecentFailures(db: Queryable, subjects: string[], windowMs: number): Promise<Record<string, number>> {
  const result = await db.query<{ subject: string; count: number }>(
    `SELECT subject, count(*)::int AS count FROM switchboard.login_failures
      WHERE subject = ANY($1::text[]) AND failed_at > now() - make_interval(secs => $2::double precision / 1000)
      GROUP BY subject`,
    [subjects, windowMs],
  );
  return Object.fromEntries(result.rows.map((row) => [row.subject, row.count]));
}

export async function insertFailures(db: Queryable, subjects: string[]): Promise<void> {
  await db.query('INSERT INTO switchboard.login_failures (subject) SELECT unnest($1::text[])', [subjects]);
}

export async function deleteFailures(db: Queryable, subjects: string[]): Promise<void> {
  await db.query('DELETE FROM switchboard.login_failures WHERE subject = ANY($1::text[])', [subjects]);
}

export async function deleteOldFailures(db: Queryable, windowMs: number): Promise<void> {
  await db.query('DELETE FROM switchboard.login_failures WHERE failed_at <= now() - make_interval(secs => $1::double precision / 1000)', [windowMs]);
}
