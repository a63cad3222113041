import { loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/database.js';
import { Migrator } from '../migrate/engine.js';

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Opens what a command needs and always closes it, whatever the command does. */
export async function withDatabase<T>(
  output: CliOutput,
  work: (context: { config: Config; db: Database; migrator: Migrator }) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database, { maxConnections: 2 });
  try {
    const migrator = new Migrator({ db, settings: config.migrations, log: (line) => output.err(line) });
    return await work({ config, db, migrator });
  } finally {
    await db.close();
  }
}
