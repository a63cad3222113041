import { buildApp } from './app.js';
import { loadConfig, type Environment } from './config.js';
import { openDatabase } from './db/open.js';
import { Migrator } from './migrate/engine.js';
import pino, { type Logger } from 'pino';
import type { AuthService } from './auth/service.js';

/** The entry point that listens: migrations under the lock, then the app, then graceful shutdown. */
export async function startServer(environment: Environment, options: { migrate: boolean }): Promise<void> {
  const config = loadConfig(environment);
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase(config.database);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    if (options.migrate && config.migrateOnStart) {
      const migrator = new Migrator({ db, settings: config.migrations, log: (line) => logger.info(line) });
      const result = await migrator.up();
      logger.info(result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'schema is up to date');
    }
    app = await buildApp(config, { db, logger });
    await app.services.schemaState.refresh();
    await ensureFirstAdmin(app.services.auth, logger, config.auth.initialAdmin !== undefined);
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    // A failed start must not leave the database open (the embedded one keeps the process alive).
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  const server = app;
  const where = config.database.kind === 'embedded' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL';
  logger.info(`Switchboard is listening on http://localhost:${config.http.port} (${where})`);

  let isClosing = false;
  const shutdown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    logger.info(`${signal}: closing`);
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function ensureFirstAdmin(auth: AuthService, logger: Logger, isConfigured: boolean): Promise<void> {
  try {
    const created = await auth.ensureInitialAdmin();
    if (created) logger.info(`created the first admin, ${created.email}, from ADMIN_EMAIL and ADMIN_PASSWORD`);
    else if (!isConfigured && !(await auth.hasAdmins())) {
      logger.warn('no admin account yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run "npx switchboard admin create --email you@example.com"');
    }
  } catch (error) {
    // Before the accounts migration is applied (serve --no-migrate) there is nowhere to put one.
    logger.warn({ err: error }, 'could not check for a first admin; is the schema up to date?');
  }
}
