import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { healthRoutes } from './health/routes.js';
import { registerErrorHandling } from './http/errors.js';
import { Migrator } from './migrate/engine.js';
import { SchemaState } from './migrate/schema-state.js';

export interface AppDependencies {
  db: Database;
  /** pino logger options or instance; tests pass false. */
  logger?: boolean | FastifyBaseLogger | Record<string, unknown>;
}

export interface AppServices {
  config: Config;
  db: Database;
  migrator: Migrator;
  schemaState: SchemaState;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** Builds the whole HTTP application without listening, so tests drive it in-process. */
export async function buildApp(config: Config, deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    // A request id per request, echoed to the client so a 500 can be matched with the log.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const migrator = new Migrator({ db: deps.db, settings: config.migrations, log: (line) => app.log.info(line) });
  const schemaState = new SchemaState(deps.db, migrator);
  app.decorate('services', { config, db: deps.db, migrator, schemaState });

  registerErrorHandling(app);
  await app.register(healthRoutes(schemaState));
  return app;
}
