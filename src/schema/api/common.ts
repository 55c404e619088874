import { z } from 'zod';

/** Query-string building blocks: every value arrives as text (or a list of texts when repeated). */

export const limitSchema = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const OrderSchema = z.enum(['asc', 'desc']);

export const TimeBoundSchema = z
  .string()
  .min(1)
  .max(40)
  .describe('ISO-8601 time (UTC when it has no zone) or a duration back from now: 90m, 24h, 7d');

export const BooleanQuerySchema = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A parameter that may be given once or repeated. */
export const StringListSchema = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const HexIdSchema = z.string().regex(/^[0-9a-f]{4,64}$/i, 'an id is 4 to 64 hex digits');

export const OkSchema = z.object({ ok: z.boolean() });
