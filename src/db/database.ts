/**
 * The one database interface. Everything above this folder talks to `Database`, so the
 * embedded PGlite and a server PostgreSQL (direct or behind a pooler) are interchangeable.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  /** One statement with positional parameters ($1, $2, ...). */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A script of statements without parameters, sent as one simple query. */
  exec(script: string): Promise<void>;
}

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one session of its own, outside any transaction, for steps that manage
   * their own transactions (a migration that opts out of the wrapping transaction).
   */
  withSession<T>(work: (session: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: `onMessage` gets each NOTIFY's payload, from any session. After a
   * lost connection is re-established it is called with `null`, since notifications may have
   * been missed meanwhile. Absent when the connection cannot hold a LISTEN (a transaction
   * pooler without DATABASE_DIRECT_URL): callers poll instead. NOTIFY is plain SQL
   * (`SELECT pg_notify($1, $2)`), so it needs no method here.
   */
  listen?(channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The fields of a PostgreSQL error that both drivers expose under the same names. */
export interface PostgresError extends Error {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  hint?: string;
}

export function isPostgresError(error: unknown): error is PostgresError {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
