import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export async function openDatabase(database: Config['database'], options: { maxConnections?: number } = {}): Promise<Database> {
  if (database.kind === 'embedded') return openPglite(database.dataDir);
  return openPostgres({
    url: database.url,
    directUrl: database.directUrl,
    isTransactionPooler: database.isTransactionPooler,
    maxConnections: options.maxConnections,
  });
}
