import { z } from 'zod';

/** What an answer covers (docs/assist-modes.md says exactly what each changes). */
export const ANALYSIS_MODES = ['basic', 'advanced', 'forensic'] as const;
export const AnalysisModeSchema = z.enum(ANALYSIS_MODES);
export type AnalysisMode = z.infer<typeof AnalysisModeSchema>;

export const PROVIDER_IDS = ['none', 'ollama', 'openai-compatible', 'llama-cpp', 'anthropic'] as const;
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/**
 * The `llm:` block of vigil.config.yml. Every key is optional; each provider reads the keys it needs and says
 * which one is missing. No provider other than `none` is ever used unless named here or with `--llm`.
 */
export const LlmConfigSchema = z
  .object({
    provider: ProviderIdSchema.optional(),
    /** Chat model: an Ollama tag, an OpenAI-compatible model name, an Anthropic model id. */
    model: z.string().min(1).optional(),
    /** Embedding model served by the same provider (Ollama, OpenAI-compatible). */
    embedModel: z.string().min(1).optional(),
    /** Server base URL (`http://127.0.0.1:11434` for Ollama, `http://host:8000/v1` for OpenAI-compatible). */
    baseUrl: z.url().optional(),
    /** API key given inline, or the name of the environment variable holding it (preferred). */
    apiKey: z.string().min(1).optional(),
    apiKeyEnv: z.string().min(1).optional(),
    /** llama-cpp: GGUF chat model file, and optionally a GGUF embedding model file. */
    modelPath: z.string().min(1).optional(),
    embedModelPath: z.string().min(1).optional(),
    /** llama-cpp: CPU threads (default: the machine's cores); GPU off unless set. */
    threads: z.number().int().positive().optional(),
    gpu: z.boolean().optional(),
    /** Per call: time limit, context window to budget evidence against, answer length, safe retries. */
    timeoutMs: z.number().int().positive().optional(),
    contextTokens: z.number().int().min(512).optional(),
    maxAnswerTokens: z.number().int().positive().optional(),
    retries: z.number().int().min(0).max(5).optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

/**
 * Keys that belong to one provider's server or account. When the provider changes (`--llm`, or the settings
 * saved from the API), they are not carried over: an Ollama model name is not sent to Anthropic, and an API key
 * is never sent to a server it was not configured for.
 */
export const PROVIDER_BOUND_KEYS = ['model', 'embedModel', 'baseUrl', 'apiKey', 'apiKeyEnv', 'modelPath', 'embedModelPath', 'contextTokens'] as const satisfies readonly (keyof LlmConfig)[];

/** The `assist:` block: answer cache (in-memory LRU by default, Redis when `redisUrl` is set). */
export const AssistConfigSchema = z
  .object({
    cache: z
      .object({
        enabled: z.boolean().optional(),
        size: z.number().int().positive().optional(),
        ttlSeconds: z.number().int().positive().optional(),
        redisUrl: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** The analysis mode of a question that names none (`vigil ask`/`chat` without `-m`, the API and web chat). */
    defaultMode: AnalysisModeSchema.optional(),
  })
  .strict();
export type AssistConfig = z.infer<typeof AssistConfigSchema>;

/** Event ids are 32 hex digits; alert and incident ids are content hashes too. */
export const CitationsSchema = z.object({
  events: z.array(z.string()),
  /** How many events support the fact in all; `events` may list fewer (mode caps), never more. */
  eventCount: z.number().int().min(0),
  alerts: z.array(z.string()),
  incidents: z.array(z.string()),
});
export type Citations = z.infer<typeof CitationsSchema>;

export const ENTITY_KINDS = ['ip', 'user', 'host', 'technique', 'process', 'domain', 'url', 'hash'] as const;
export const EntityRefSchema = z.object({ kind: z.enum(ENTITY_KINDS), value: z.string() });
export type EntityRef = z.infer<typeof EntityRefSchema>;

/**
 * One fact computed over all matching events (not a sample): a deterministic sentence, the numbers behind it,
 * the entities it names (the grounding check's allow-list) and the ids of what supports it.
 */
export const FactSchema = z.object({
  /** `F1`, `F2`… within one answer, so prose can cite `[F3]`. */
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
  entities: z.array(EntityRefSchema),
  citations: CitationsSchema,
});
export type Fact = z.infer<typeof FactSchema>;

export const CitationSchema = z.object({ kind: z.enum(['event', 'alert', 'incident']), id: z.string() });
export type Citation = z.infer<typeof CitationSchema>;

/**
 * What the grounding check flags in an LLM answer: an entity (name, IP, user, host, technique…) the evidence
 * does not contain, a citation of a fact that does not exist, or a severity the evidence does not state.
 */
export const FLAGGED_CLAIM_KINDS = [...ENTITY_KINDS, 'citation', 'severity'] as const;
export const FlaggedClaimSchema = z.object({
  kind: z.enum(FLAGGED_CLAIM_KINDS),
  value: z.string(),
  reason: z.string(),
});
export type FlaggedClaim = z.infer<typeof FlaggedClaimSchema>;

export const INTENTS = ['threats', 'suspicious-ips', 'failed-logins', 'timeline', 'most-critical', 'brute-force', 'external', 'entity', 'software', 'free'] as const;
export const IntentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof IntentSchema>;

/** `vigil ask --json` and the API's answer: stable shape (docs/cli.md). */
export const AnswerSchema = z.object({
  question: z.string(),
  mode: AnalysisModeSchema,
  intent: IntentSchema,
  answer: z.string(),
  facts: z.array(FactSchema),
  citations: z.array(CitationSchema),
  flagged: z.array(FlaggedClaimSchema),
  provider: ProviderIdSchema,
  model: z.string().nullable(),
  /** Why the deterministic answer was given although a provider is configured (error, timeout…), else null. */
  fallback: z.string().nullable(),
  cached: z.boolean(),
  /** The store's data revision the answer was computed on (cache key part). */
  revision: z.string(),
  elapsed_ms: z.number(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** Structured filters of a plan (the same keys as retrieval's filters): one value per kind at most. */
export const PlanFiltersSchema = z.object({
  sinceMs: z.number().optional(),
  untilMs: z.number().optional(),
  sourceIp: z.string().optional(),
  user: z.string().optional(),
  host: z.string().optional(),
});
export type PlanFilters = z.infer<typeof PlanFiltersSchema>;

/**
 * A time phrase of the question. Relative phrases ("last 24 hours", "today") count back from the store's
 * latest event, not from now: `lastMs` (or `day`) is resolved into `sinceMs`/`untilMs` once that is known.
 */
export const TimeScopeSchema = z.object({
  phrase: z.string(),
  lastMs: z.number().positive().optional(),
  /** Calendar day (UTC) counted back from the latest event's day: 0 = that day, 1 = the day before. */
  dayOffset: z.number().int().min(0).optional(),
  sinceMs: z.number().optional(),
  untilMs: z.number().optional(),
  /** False until relative phrases are resolved against the latest event time. */
  resolved: z.boolean(),
});
export type TimeScope = z.infer<typeof TimeScopeSchema>;

/** What `planQuestion` makes of a question: the intent, the entities and time it names, the queries to run. */
export const PlanSchema = z.object({
  question: z.string(),
  mode: AnalysisModeSchema,
  intent: IntentSchema,
  /** The phrases that decided the intent (empty for `free`). */
  matched: z.array(z.string()),
  entities: z.array(EntityRefSchema),
  filters: PlanFiltersSchema,
  time: TimeScopeSchema.optional(),
  /** The queries it will run, for people (shown in forensic mode). */
  steps: z.array(z.string()),
});
export type Plan = z.infer<typeof PlanSchema>;
