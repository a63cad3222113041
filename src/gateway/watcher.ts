import { isPostgresError, type Database } from '../db/database.js';
import type { GatewayState } from './state.js';

export const GATEWAY_CHANNEL = 'switchboard_gateway';

/** With LISTEN, a slow poll only guards against a notification lost in a reconnect race. */
const SAFETY_POLL_MS = 30_000;

/**
 * Keeps the in-memory state in step with the database. Every change to the catalog, keys or
 * credentials fires a NOTIFY (migration 0006) and bumps switchboard.gateway_version (0007).
 * Instances that can LISTEN reload on the notification; those that cannot (behind a
 * transaction pooler) poll the version every GATEWAY_CACHE_POLL_MS.
 */
export async function watchGatewayChanges(
  db: Database,
  state: GatewayState,
  options: { pollMs: number; log: { warn: (object: unknown, message: string) => void } },
): Promise<{ mode: 'listen' | 'poll'; stop: () => Promise<void> }> {
  const reload = () =>
    state.reload().catch((error: unknown) => options.log.warn({ err: error }, 'gateway reload failed; serving the previous snapshot'));

  let unlisten: (() => Promise<void>) | undefined;
  if (db.listen) {
    try {
      unlisten = await db.listen(GATEWAY_CHANNEL, () => void reload());
    } catch (error) {
      options.log.warn({ err: error }, 'LISTEN failed; polling for gateway changes instead');
    }
  }

  let lastVersion = await readVersion(db).catch(() => undefined);
  let isPolling = false;
  const timer = setInterval(
    async () => {
      if (isPolling) return;
      isPolling = true;
      try {
        const version = await readVersion(db);
        if (version !== lastVersion) {
          lastVersion = version;
          await reload();
        }
      } catch (error) {
        options.log.warn({ err: error }, 'polling for gateway changes failed');
      } finally {
        isPolling = false;
      }
    },
    unlisten ? SAFETY_POLL_MS : options.pollMs,
  );
  timer.unref();

  return {
    mode: unlisten ? 'listen' : 'poll',
    stop: async () => {
      clearInterval(timer);
      await unlisten?.();
    },
  };
}

async function readVersion(db: Database): Promise<string | undefined> {
  try {
    const result = await db.query<{ version: string }>('SELECT version::text AS version FROM switchboard.gateway_version WHERE id = 1');
    return result.rows[0]?.version;
  } catch (error) {
    // Before migration 0007 there is no counter: nothing to compare yet.
    if (isPostgresError(error) && error.code === '42P01') return undefined;
    throw error;
  }
}
