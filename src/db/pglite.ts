import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

/**
 * The embedded database: PGlite is a real PostgreSQL compiled to WebAssembly, in-process,
 * with one session. Transactions and sessions are serialised here with a small queue so
 * that a transaction's statements never interleave with another caller's.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  let queue: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const direct: Queryable = {
    query: async <Row>(text: string, params?: readonly unknown[]) => {
      const result = await pglite.query<Row>(text, params as unknown[]);
      // PGlite reports affectedRows as 0 for a SELECT; count returned rows as node-postgres does.
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) } satisfies QueryResult<Row>;
    },
    exec: async (script) => {
      await pglite.exec(script);
    },
  };

  return {
    kind: 'embedded',
    query: (text, params) => exclusive(() => direct.query(text, params)),
    exec: (script) => exclusive(() => direct.exec(script)),
    transaction: (work) =>
      exclusive(async () => {
        await pglite.exec('BEGIN');
        try {
          const result = await work(direct);
          await pglite.exec('COMMIT');
          return result;
        } catch (error) {
          await pglite.exec('ROLLBACK');
          throw error;
        }
      }),
    withSession: (work) =>
      exclusive(async () => {
        try {
          return await work(direct);
        } finally {
          // Leave the single session as it was found, whatever the work did. Outside a
          // transaction, ROLLBACK is only a warning.
          await pglite.exec('ROLLBACK; RESET ALL');
        }
      }),
    close: () => exclusive(() => pglite.close()),
  };
}
