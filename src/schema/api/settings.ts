import { z } from 'zod';
import { AnalysisModeSchema, ProviderIdSchema } from '../assist.ts';
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

/**
 * The editable settings as they are in effect (configuration file, then what was saved from the API). The API
 * key is write-only: only whether one is set inline is shown.
 */
export const ConfigViewSchema = z.object({
  llm: z.object({
    provider: ProviderIdSchema,
    /** Without credentials, query or trailing slash. */
    baseUrl: z.string().nullable(),
    model: z.string().nullable(),
    embedModel: z.string().nullable(),
    timeoutMs: z.number().int().nullable(),
    apiKeyEnv: z.string().nullable(),
    apiKeySet: z.boolean(),
    /** False when questions and their evidence leave this machine (a hosted API, a server elsewhere). */
    local: z.boolean(),
  }),
  defaultMode: AnalysisModeSchema,
  /** The keys saved from the API (they win over the configuration file), when and by whom; null if none. */
  saved: z.object({ keys: z.array(z.string()), updatedAt: z.string(), updatedBy: z.string() }).nullable(),
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
  config: ConfigViewSchema,
});

export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

export { SettingsChangeSchema } from '../settings.ts';
