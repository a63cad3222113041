import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

// Timestamps and bigints are returned as strings by default; parse the ones the app relies on.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
});

export interface PostgresOptions {
  url: string;
  /** A direct (session) connection for LISTEN when `url` goes through a transaction pooler. */
  directUrl?: string;
  /** From DATABASE_POOL_MODE (or its recognition of a pooler URL): no LISTEN on `url` then. */
  isTransactionPooler?: boolean;
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
    ...(listenUrl(options) === undefined ? {} : { listen: (channel: string, onMessage: (payload: string | null) => void) => listenOn(listenUrl(options)!, channel, onMessage) }),
    close: () => pool.end(),
  };
}

/**
 * Where a LISTEN can live: DATABASE_DIRECT_URL when given; otherwise DATABASE_URL, unless it
 * goes through a transaction pooler, which would hand the LISTEN's session to someone else
 * after one statement.
 */
function listenUrl(options: PostgresOptions): string | undefined {
  if (options.directUrl) return options.directUrl;
  return options.isTransactionPooler ? undefined : options.url;
}

/** A dedicated session that holds the LISTEN and reconnects with backoff when it is lost. */
async function listenOn(url: string, channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let isClosed = false;
  let retryMs = 100;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'switchboard-listen' });
    next.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    next.on('error', () => reconnect());
    next.on('end', () => reconnect());
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    retryMs = 100;
  };
  const reconnect = () => {
    if (isClosed || retryTimer) return;
    // A client without listeners would crash the process on a late 'error' event.
    client?.removeAllListeners().on('error', () => {});
    client?.end().catch(() => undefined);
    client = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => onMessage(null),
        () => {
          retryMs = Math.min(retryMs * 2, 5_000);
          reconnect();
        },
      );
    }, retryMs);
    // Reconnecting must never keep a process alive that is otherwise done.
    retryTimer.unref();
  };

  await connect();
  return async () => {
    isClosed = true;
    if (retryTimer) clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    current?.removeAllListeners().on('error', () => {});
    await current?.end().catch(() => undefined);
  };
}

function toResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}
