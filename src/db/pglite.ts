import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

/**
 * The embedded database: PGlite is a real PostgreSQL compiled to WebAssembly, in-process,
 * with one session. Transactions and sessions are serialised here with a small queue so
 * that a transaction's statements never interleave with another caller's.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = claimDataDir(dataDir);
  }
  // The catalog is small and PGlite's memory lives inside this process: PostgreSQL's default
  // 128 MB of shared buffers would add about as much to the server's resident memory.
  const settings = { postgresqlconf: "shared_buffers = '16MB'" };
  const pglite = await PGlite.create(dataDir ? { dataDir, ...settings } : settings).catch((error: unknown) => {
    release();
    throw error;
  });
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
    // One in-process session: a NOTIFY from any caller reaches its own LISTEN.
    listen: (channel, onMessage) => exclusive(async () => {
      const unsubscribe = await pglite.listen(channel, onMessage);
      return () => exclusive(() => unsubscribe());
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
    close: () =>
      exclusive(async () => {
        await pglite.close();
        release();
      }),
  };
}

/**
 * PGlite is one PostgreSQL inside one process: two processes on one data directory would
 * corrupt it. A pid file claims the directory; a pid that is no longer running (a crash)
 * does not hold it.
 */
function claimDataDir(dataDir: string): () => void {
  const pidFile = path.join(dataDir, 'switchboard.pid');
  try {
    writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by another Switchboard process (pid ${holder}).\n` +
          'Database state: unchanged.\n' +
          'Next step: stop that process first (the embedded database serves one process at a time), or run every process on one PostgreSQL with DATABASE_URL.',
      );
    }
    writeFileSync(pidFile, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile);
    } catch {
      // already gone
    }
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
