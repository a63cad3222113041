import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit/routes.js';
import { refuseForeignOrigin, requireAdmin } from './auth/hooks.js';
import { authRoutes } from './auth/routes.js';
import { createAuthService, type AuthService } from './auth/service.js';
import { catalogRoutes } from './catalog/routes.js';
import { createCatalogService, type CatalogService } from './catalog/service.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { gatewayAdminRoutes } from './gateway/admin/routes.js';
import { SecretKeySource } from './gateway/credentials/secret-key.js';
import { CredentialStore } from './gateway/credentials/store.js';
import { registerGateway } from './gateway/plugin.js';
import { healthRoutes } from './health/routes.js';
import { registerErrorHandling } from './http/errors.js';
import { Migrator } from './migrate/engine.js';
import { SchemaState } from './migrate/schema-state.js';
import { panelRoutes } from './panel/routes.js';

export interface AppDependencies {
  db: Database;
  /** A pino logger (the server's), or pino options; tests leave it out. */
  logger?: FastifyBaseLogger | Record<string, unknown>;
}

export interface AppServices {
  config: Config;
  db: Database;
  migrator: Migrator;
  schemaState: SchemaState;
  auth: AuthService;
  catalog: CatalogService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** Builds the whole HTTP application without listening, so tests drive it in-process. */
export async function buildApp(config: Config, deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    // Fastify takes a ready logger as loggerInstance and options as logger.
    ...(isLoggerInstance(deps.logger) ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false }),
    bodyLimit: 1024 * 1024,
    // A request id per request, echoed to the client so a 500 can be matched with the log.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    trustProxy: config.auth.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Set when the request arrives, in a callback hook: no promise per request on the gateway's path.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  const migrator = new Migrator({ db: deps.db, settings: config.migrations, log: (line) => app.log.info(line) });
  const schemaState = new SchemaState(deps.db, migrator);
  const auth = createAuthService(deps.db, config.auth);
  const catalog = createCatalogService(deps.db, schemaState);
  app.decorate('services', { config, db: deps.db, migrator, schemaState, auth, catalog });

  registerErrorHandling(app, () => schemaState.refresh());
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Switchboard API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'switchboard_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(schemaState));
  const gateway = await registerGateway(app, config, deps.db);
  // Provider credentials stored through the admin API, encrypted; the gateway's state reads them on every reload.
  const secretKey = new SecretKeySource({ configured: config.gateway.secretKey, database: config.database, log: app.log });
  const credentials = new CredentialStore(secretKey, app.log);
  gateway.state.useCredentials(credentials.load);
  await app.register(async (api) => {
    api.addHook('onRequest', refuseForeignOrigin(config.auth));
    await api.register(authRoutes(auth));
    await api.register(
      async (admin) => {
        // onRequest, before the body is parsed and validated: no session, no say about the body.
        admin.addHook('onRequest', requireAdmin(auth));
        await admin.register(catalogRoutes(catalog));
        await admin.register(auditRoutes(deps.db));
        await admin.register(gatewayAdminRoutes({ db: deps.db, config, gateway, catalog, credentials, secretKey }));
      },
      { prefix: '/api/admin' },
    );
  });
  await app.register(panelRoutes());
  // The address `npm start` prints leads somewhere useful.
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin'));
  return app;
}

function isLoggerInstance(logger: AppDependencies['logger']): logger is FastifyBaseLogger {
  return typeof (logger as FastifyBaseLogger | undefined)?.child === 'function';
}
