import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as a fake provider saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

/**
 * Handles one request instead of the fake's normal behaviour; return false to fall through.
 * Tests queue these to inject faults (a 429, a reset, a hang) for the next requests.
 */
export type Interceptor = (request: SeenRequest, response: ServerResponse, socket: Socket) => boolean | void | Promise<boolean | void>;

export type Handler = (request: SeenRequest, response: ServerResponse, fake: FakeServer) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  /** Faults for the next requests, consumed first-in first-out. */
  interceptors: Interceptor[];
  /** Resolves when a socket from the gateway closes; used to observe aborts. */
  socketClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A fake provider on loopback (127.0.0.1, a free port). */
export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const closeWaiters: (() => void)[] = [];
  const fake: FakeServer = {
    url: '',
    requests: [],
    interceptors: [],
    socketClosed: () => new Promise((resolve) => closeWaiters.push(resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = body && req.headers['content-type']?.includes('json') ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body, json };
    fake.requests.push(seen);
    const interceptor = fake.interceptors.shift();
    if (interceptor && (await interceptor(seen, res, req.socket)) !== false) return;
    try {
      await handler(seen, res, fake);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      for (const resolve of closeWaiters.splice(0)) resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function bearerOf(request: SeenRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^(?:Bearer|Token) (.+)$/.exec(header) : null;
  return match?.[1];
}

/** Writes SSE frames one at a time, waiting for drain like a well-behaved server. */
export async function writeFrames(response: ServerResponse, frames: string[], gapMs = 0): Promise<void> {
  for (const frame of frames) {
    if (response.destroyed) return;
    if (!response.write(frame)) await new Promise((resolve) => response.once('drain', resolve));
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

/** Common faults, to push onto `interceptors`. */
export const faults = {
  status:
    (status: number, body: unknown, headers: Record<string, string> = {}): Interceptor =>
    (_request, response) =>
      sendJson(response, status, body, headers),
  /** Accepts the request and never answers: a first-byte timeout. */
  hang: (): Interceptor => () => true,
  /** Drops the connection before answering. */
  reset: (): Interceptor => (_request, _response, socket) => {
    socket.destroy();
  },
};
