import { z } from 'zod';
import { TimeBoundSchema, limitSchema } from './common.ts';

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
});

export const AuditFilterQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  since: TimeBoundSchema.optional(),
  until: TimeBoundSchema.optional(),
});

export const AuditQuerySchema = AuditFilterQuerySchema.extend({
  limit: limitSchema(1000, 100),
  before: z.coerce.number().int().min(1).optional().describe('the `next` value of the previous page: entries older than this sequence number'),
}).strict();

export const AuditPageSchema = z.object({
  /** Newest first. */
  entries: z.array(AuditEntrySchema),
  next: z.number().int().nullable(),
});

export const AuditExportQuerySchema = AuditFilterQuerySchema.extend({ format: z.enum(['csv', 'jsonl']).default('csv') }).strict();

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
