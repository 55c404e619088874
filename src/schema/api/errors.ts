import { z } from 'zod';

/** Stable error codes of the HTTP API, with the status each is sent with (docs/api.md). */
export const API_ERRORS = {
  E_VALIDATION: 400,
  E_AUTH: 401,
  E_FORBIDDEN: 403,
  E_CSRF: 403,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_TOO_LARGE: 413,
  E_UNSUPPORTED_MEDIA: 415,
  E_RATE_LIMIT: 429,
  E_INTERNAL: 500,
  E_UNAVAILABLE: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export const ApiErrorCodeSchema = z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]);

/** Every error response has this one shape. */
export const ApiErrorBodySchema = z.object({
  error: z.object({ code: ApiErrorCodeSchema, message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
