import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthSettings } from '../config.js';
import { AppError } from '../errors.js';
import type { Admin } from './schemas.js';
import type { AuthService } from './service.js';

export const SESSION_COOKIE = 'switchboard_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in admin; set by requireAdmin. */
    admin?: Admin;
  }
}

/** onRequest hook for every /api/admin route: a live session or 401. */
export function requireAdmin(auth: AuthService) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    const admin = token ? await auth.authenticate(token) : undefined;
    if (!admin) throw new AppError('unauthorized', 'Sign in first: this needs an admin session.');
    request.admin = admin;
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing request whose Origin is not the server's own, so another site
 * cannot drive an admin's browser session (SameSite=Strict is the first line; this is the second).
 */
export function refuseForeignOrigin(settings: AuthSettings) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!STATE_CHANGING.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const own = `${request.protocol}://${request.host}`;
    if (origin === own || settings.allowedOrigins.includes(origin)) return;
    throw new AppError('forbidden', `Requests from ${origin} may not change anything here.`);
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}
