import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { API_ERRORS, type ApiErrorBody, type ApiErrorCode } from '../schema/api/errors.ts';
import { VigilError, errorMessage } from '../util/errors.ts';

/** The one error type of the API: it knows its HTTP status from its stable code. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get statusCode(): number {
    return API_ERRORS[this.code];
  }
}

export const notFound = (what: string): ApiError => new ApiError('E_NOT_FOUND', `${what} not found`);

function zodMessage(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(value)'}: ${i.message}`)
    .join('; ');
}

/** Fastify's own error codes that are the caller's fault, with the API code they map to. */
const FASTIFY_CODES: Readonly<Record<string, ApiErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'E_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'E_TOO_LARGE',
  FST_PARTS_LIMIT: 'E_TOO_LARGE',
  FST_FILES_LIMIT: 'E_TOO_LARGE',
  FST_FIELDS_LIMIT: 'E_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'E_UNSUPPORTED_MEDIA',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'E_UNSUPPORTED_MEDIA',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'E_VALIDATION',
  FST_ERR_CTP_INVALID_JSON_BODY: 'E_VALIDATION',
  FST_ERR_VALIDATION: 'E_VALIDATION',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'E_VALIDATION',
};

/** Maps anything thrown to the API code and a message safe to show (never a stack or an internal detail). */
export function classify(error: unknown): { code: ApiErrorCode; message: string; internal: boolean } {
  if (error instanceof ApiError) return { code: error.code, message: error.message, internal: false };
  if (error instanceof ZodError) {
    const part = (error as { validationContext?: unknown }).validationContext;
    return { code: 'E_VALIDATION', message: `${typeof part === 'string' ? `${part}: ` : ''}${zodMessage(error)}`, internal: false };
  }
  if (error instanceof VigilError && (error.code === 'E_USAGE' || error.code === 'E_INPUT' || error.code === 'E_FORMAT')) {
    return { code: 'E_VALIDATION', message: error.message, internal: false };
  }
  const fastify = error as Partial<FastifyError> | null;
  const mapped = typeof fastify?.code === 'string' ? FASTIFY_CODES[fastify.code] : undefined;
  if (mapped !== undefined) {
    return { code: mapped, message: errorMessage(error), internal: false };
  }
  const status = fastify?.statusCode;
  if (status === 429) return { code: 'E_RATE_LIMIT', message: 'too many requests; retry later', internal: false };
  if (status === 404) return { code: 'E_NOT_FOUND', message: 'not found', internal: false };
  if (status !== undefined && status >= 400 && status < 500) return { code: 'E_VALIDATION', message: errorMessage(error), internal: false };
  return { code: 'E_INTERNAL', message: 'internal error (the server log has the details)', internal: true };
}

export function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

export function sendError(reply: FastifyReply, code: ApiErrorCode, message: string): FastifyReply {
  return reply.code(API_ERRORS[code]).type('application/json; charset=utf-8').send(errorBody(code, message));
}

/** One error format for every route, 404s included; internal errors are logged, never shown. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { code, message, internal } = classify(error);
    if (internal) request.log.error({ err: error }, 'request failed');
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return sendError(reply, code, internal ? `${message}; request ${request.id}` : message);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => sendError(reply, 'E_NOT_FOUND', `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`));
}
