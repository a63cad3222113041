import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../catalog/schemas.js';
import { AppError } from '../errors.js';
import { clearSessionCookie, requireAdmin, SESSION_COOKIE, setSessionCookie } from './hooks.js';
import { loginBody, sessionResponse } from './schemas.js';
import type { AuthService } from './service.js';

/** /api/auth: sign in, sign out, and who is signed in. */
export const authRoutes = (auth: AuthService): FastifyPluginAsyncZod =>
  async function (app) {
    app.post(
      '/api/auth/login',
      { schema: { tags: ['auth'], body: loginBody, response: { 200: sessionResponse, 401: errorBodySchema, 429: errorBodySchema } } },
      async (request, reply) => {
        try {
          const session = await auth.login({
            ...request.body,
            address: request.ip,
            userAgent: request.headers['user-agent'] ?? '',
          });
          setSessionCookie(request, reply, session.token, session.expiresAt);
          return { admin: session.admin };
        } catch (error) {
          if (error instanceof AppError && error.code === 'rate_limited') {
            void reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
          }
          throw error;
        }
      },
    );

    app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null() } } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    });

    app.get(
      '/api/auth/me',
      { onRequest: requireAdmin(auth), schema: { tags: ['auth'], response: { 200: sessionResponse, 401: errorBodySchema } } },
      async (request) => ({ admin: request.admin! }),
    );
  };
