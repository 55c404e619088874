import { z } from 'zod';
import { AnalysisModeSchema, LlmConfigSchema } from './assist.ts';

/**
 * Settings an admin changes from the API (`PATCH /api/settings`): the LLM provider's connection and the default
 * analysis mode. They are kept in the store and win over the configuration file, for `vigil serve` and the CLI
 * alike (src/config/settings.ts). Each key is validated by the `llm:` block's own schema.
 */
export const EDITABLE_LLM_KEYS = ['provider', 'baseUrl', 'model', 'embedModel', 'timeoutMs', 'apiKey', 'apiKeyEnv'] as const;
export type EditableLlmKey = (typeof EDITABLE_LLM_KEYS)[number];

const llm = LlmConfigSchema.shape;

/** A key given a value sets it; `null` unsets it (the configuration file's value too); an absent key is left as it is. */
export const LlmSettingsSchema = z
  .object({
    provider: llm.provider,
    baseUrl: llm.baseUrl
      .unwrap()
      .refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL')
      .nullable()
      .optional(),
    model: llm.model.unwrap().max(200).nullable().optional(),
    embedModel: llm.embedModel.unwrap().max(200).nullable().optional(),
    timeoutMs: llm.timeoutMs.unwrap().max(3_600_000).nullable().optional(),
    /** Write-only: never returned by the API, never written to the audit log. */
    apiKey: llm.apiKey.unwrap().max(1000).nullable().optional(),
    apiKeyEnv: llm.apiKeyEnv.unwrap().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name').nullable().optional(),
  })
  .strict();
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;

export const SettingsChangeSchema = z
  .object({
    llm: LlmSettingsSchema.optional(),
    defaultMode: AnalysisModeSchema.optional(),
  })
  .strict();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

/** What the store keeps (`store_state`, key `settings`): the saved keys, when and by whom. */
export const StoredSettingsSchema = z.object({
  llm: LlmSettingsSchema.default({}),
  defaultMode: AnalysisModeSchema.optional(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;
