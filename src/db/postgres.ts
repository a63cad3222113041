import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

// Timestamps and bigints are returned as strings by default; parse the ones the app relies on.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
});

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
  applicationName?: string;
}

/**
 * PostgreSQL through node-postgres. Parameterised queries use the unnamed prepared
 * statement, which transaction-mode poolers (Supavisor, PgBouncer) accept.
 */
export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'switchboard',
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});

  const onClient = (client: pg.PoolClient): Queryable => ({
    query: async <Row>(text: string, params?: readonly unknown[]) => toResult<Row>(await client.query(text, params as unknown[])),
    exec: async (script) => {
      await client.query(script);
    },
  });

  return {
    kind: 'postgres',
    query: async <Row>(text: string, params?: readonly unknown[]) => toResult<Row>(await pool.query(text, params as unknown[])),
    exec: async (script) => {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(onClient(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work(onClient(client));
      } finally {
        // The session may carry SET values or an aborted block: never hand it back to the pool.
        client.release(true);
      }
    },
    close: () => pool.end(),
  };
}

function toResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}
