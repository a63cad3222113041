import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { gatewayRoutes } from './routes.js';
import { GatewayState } from './state.js';
import { Upstreams } from './upstream.js';
import type { UsageSink } from './usage/types.js';
import { UsageWriter } from './usage/writer.js';
import { VideoPoller } from './videos/service.js';
import { watchGatewayChanges } from './watcher.js';

export interface Gateway {
  db: Database;
  videoPollMs: number;
  ssePingMs: number;
  state: GatewayState;
  upstreams: Upstreams;
  usage: UsageSink;
  usageWriter: UsageWriter;
  videoPoller: VideoPoller;
  /** How changes from other instances arrive: LISTEN/NOTIFY, or polling behind a transaction pooler. */
  watchMode: 'listen' | 'poll' | 'stopped';
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
  const usageWriter = new UsageWriter(db, {
    flushMs: config.gateway.usageFlushMs,
    retentionDays: config.gateway.usageRetentionDays,
    log: app.log,
  });
  const videoPoller = new VideoPoller(db, state, upstreams, { pollMs: config.gateway.videoPollMs, log: app.log });
  const gateway: Gateway = { db, videoPollMs: config.gateway.videoPollMs, ssePingMs: config.gateway.ssePingMs, state, upstreams, usage: usageWriter, usageWriter, videoPoller, watchMode: 'stopped' };
  app.decorate('gateway', gateway);

  let stopWatching: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    // Listen first, then load: a change made in between is then reloaded, never missed.
    const watcher = await watchGatewayChanges(db, state, { pollMs: config.gateway.cachePollMs, log: app.log });
    gateway.watchMode = watcher.mode;
    if (watcher.mode === 'poll') {
      app.log.info(`no LISTEN connection (a transaction pooler without DATABASE_DIRECT_URL): polling for catalog and key changes every ${config.gateway.cachePollMs} ms`);
    }
    stopWatching = watcher.stop;
    await state.reload();
    usageWriter.start();
    videoPoller.start();
  });
  app.addHook('onClose', async () => {
    await stopWatching?.();
    gateway.watchMode = 'stopped';
    await videoPoller.stop();
    await upstreams.close();
    await usageWriter.stop();
  });
  await app.register(gatewayRoutes(gateway), { prefix: '/v1' });
  return gateway;
}
