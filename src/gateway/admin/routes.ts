import type { FastifyPluginAsync } from 'fastify';
import type { CatalogService } from '../../catalog/service.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { SecretKeySource } from '../credentials/secret-key.js';
import type { CredentialStore } from '../credentials/store.js';
import type { Gateway } from '../plugin.js';
import { findLastUseByKey } from '../usage/queries.js';
import { apiKeyRoutes } from './keys-routes.js';
import { createApiKeyAdminService } from './keys-service.js';
import { gatewayModelRoutes } from './models-routes.js';
import { providerRoutes } from './providers-routes.js';
import { createProviderAdminService } from './providers-service.js';
import { usageRoutes } from './usage-routes.js';
import { createUsageAdminService } from './usage-service.js';

export interface GatewayAdminDeps {
  db: Database;
  config: Config;
  gateway: Pick<Gateway, 'state' | 'upstreams'>;
  catalog: CatalogService;
  credentials: CredentialStore;
  secretKey: SecretKeySource;
}

/** The gateway's administration under /api/admin: keys, providers, model tests, the import and usage. */
export const gatewayAdminRoutes =
  (deps: GatewayAdminDeps): FastifyPluginAsync =>
  async (app) => {
    const probe = { state: deps.gateway.state, upstreams: deps.gateway.upstreams };
    await app.register(apiKeyRoutes(createApiKeyAdminService(deps.db, deps.gateway.state, () => findLastUseByKey(deps.db))));
    await app.register(
      providerRoutes(createProviderAdminService({ db: deps.db, settings: deps.config.gateway, credentials: deps.credentials, secretKey: deps.secretKey, probe })),
    );
    await app.register(gatewayModelRoutes({ ...probe, db: deps.db, catalog: deps.catalog }));
    await app.register(usageRoutes(createUsageAdminService(deps.db)));
  };
