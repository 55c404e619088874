import { z } from 'zod';
import { ProviderIdSchema } from '../assist.ts';
import { RatePolicySchema } from './server-config.ts';

/** The LLM provider's state, as `provider.status()` reports it. */
export const ProviderStatusSchema = z.object({
  provider: ProviderIdSchema,
  configured: z.boolean(),
  reachable: z.boolean(),
  local: z.boolean(),
  endpoint: z.string().optional(),
  model: z.string().optional(),
  modelAvailable: z.boolean().optional(),
  models: z.array(z.string()).optional(),
  embedModel: z.string().optional(),
  error: z.string().optional(),
});

export const SettingsSchema = z.object({
  version: z.string(),
  store: z.object({
    path: z.string(),
    sizeBytes: z.number().int(),
    schemaVersion: z.number().int(),
    events: z.number().int(),
    alerts: z.number().int(),
    incidents: z.number().int(),
    ingestRuns: z.number().int(),
    analyses: z.number().int(),
    auditRecords: z.number().int(),
  }),
  uploads: z.object({ maxFileBytes: z.number().int(), maxFiles: z.number().int() }),
  session: z.object({ ttlSeconds: z.number().int(), secureCookie: z.boolean() }),
  rateLimits: z.record(RatePolicySchema, z.object({ max: z.number().int(), windowSeconds: z.number() })),
  llm: ProviderStatusSchema,
});

export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) });
