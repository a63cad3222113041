import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { gatewayRoutes } from './routes.js';
import { GatewayState } from './state.js';
import { Upstreams } from './upstream.js';
import { discardUsage, type UsageSink } from './usage/types.js';

export interface Gateway {
  state: GatewayState;
  upstreams: Upstreams;
  usage: UsageSink;
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: Gateway;
  }
}

/**
 * Wires the gateway into the app: the in-memory state (loaded when the app is ready), the
 * upstream pools, and the /v1 routes. Everything it starts is stopped when the app closes.
 */
export async function registerGateway(app: FastifyInstance, config: Config, db: Database): Promise<Gateway> {
  const state = new GatewayState(db, config.gateway);
  const upstreams = new Upstreams(config.gateway);
  const gateway: Gateway = { state, upstreams, usage: discardUsage };
  app.decorate('gateway', gateway);

  app.addHook('onReady', async () => {
    await state.reload();
  });
  app.addHook('onClose', async () => {
    await upstreams.close();
  });
  await app.register(gatewayRoutes(gateway), { prefix: '/v1' });
  return gateway;
}
