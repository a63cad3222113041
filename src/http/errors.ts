import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import type { SchemaSnapshot } from '../migrate/schema-state.js';
import { translateDatabaseError } from './database-errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

/** The one translation point from thrown errors to the error contract. */
export function registerErrorHandling(app: FastifyInstance, describeSchema: () => Promise<SchemaSnapshot>): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const appError = await toAppError(error, describeSchema);
    if (appError.status >= 500) {
      request.log.error({ err: error, requestId: request.id }, 'request failed');
    }
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
        ...(appError.status >= 500 ? { requestId: String(request.id) } : {}),
      },
    };
    return reply.status(appError.status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `There is no ${request.method} ${request.url.split('?')[0]}.` } });
  });
}

async function toAppError(error: FastifyError, describeSchema: () => Promise<SchemaSnapshot>): Promise<AppError> {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError(
      'validation_failed',
      undefined,
      error.validation.map((issue) => ({
        field: String(issue.instancePath).split('/').filter(Boolean).join('.') || fieldFromMessage(issue),
        in: error.validationContext,
        message: issue.message,
      })),
    );
  }
  const fromDatabase = await translateDatabaseError(error, describeSchema);
  if (fromDatabase) return fromDatabase;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type');
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError('rate_limited', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Framework-level client errors (malformed URL encoding, bad headers) keep their status.
    return Object.assign(new AppError('validation_failed', error.message), { status: error.statusCode });
  }
  return new AppError('internal', ERROR_CATALOGUE.internal.message, undefined, { cause: error });
}

/** Unknown keys are reported on the object itself; name them so the panel can point at them. */
function fieldFromMessage(issue: { params?: unknown }): string {
  const keys = (issue.params as { keys?: string[] } | undefined)?.keys;
  return keys && keys.length > 0 ? keys.join(',') : '';
}
