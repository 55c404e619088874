import type { z } from 'zod';
import { Assistant, type AnswerRecorder } from '../assist/assistant.ts';
import type { AnswerCache } from '../assist/cache.ts';
import { configuredEmbedder } from '../assist/embedding.ts';
import { createProvider, effectiveLlmConfig } from '../assist/providers/registry.ts';
import { displayUrl } from '../assist/providers/settings.ts';
import type { LlmProvider } from '../assist/providers/types.ts';
import { changedSettings, withStoredSettings } from '../config/settings.ts';
import type { ConfigViewSchema } from '../schema/api/settings.ts';
import type { AnalysisMode, LlmConfig } from '../schema/assist.ts';
import type { VigilConfig } from '../schema/config.ts';
import type { SettingsChange } from '../schema/settings.ts';
import type { Store } from '../store/index.ts';
import { readSettings, writeSettings } from '../store/settings.ts';
import { VigilError } from '../util/errors.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './errors.ts';

export type ConfigView = z.input<typeof ConfigViewSchema>;

/** The assistant over the configured provider (creating it never connects), sharing the server's answer cache. */
export function serverAssistant(llm: LlmConfig, reads: Store, cache: AnswerCache, recorder: AnswerRecorder, provider: LlmProvider = createProvider(llm)): Assistant {
  return new Assistant(reads, provider, cache, { actor: 'server', embedder: configuredEmbedder(provider, effectiveLlmConfig(llm)), recorder });
}

export function defaultModeOf(config: VigilConfig): AnalysisMode {
  return config.assist?.defaultMode ?? 'basic';
}

/** The editable settings in effect; the API key only as set or not. */
export function configView(vigil: ServerContext): ConfigView {
  const llm = effectiveLlmConfig(vigil.config.llm ?? {});
  const saved = readSettings(vigil.reads.db);
  return {
    llm: {
      provider: llm.provider,
      baseUrl: llm.baseUrl === undefined ? null : displayUrl(llm.baseUrl),
      model: llm.model ?? null,
      embedModel: llm.embedModel ?? null,
      timeoutMs: llm.timeoutMs ?? null,
      apiKeyEnv: llm.apiKeyEnv ?? null,
      apiKeySet: llm.apiKey !== undefined,
      local: vigil.assistants.current.provider.local,
    },
    defaultMode: defaultModeOf(vigil.config),
    saved: saved === undefined ? null : { keys: savedKeys(saved.llm, saved.defaultMode), updatedAt: saved.updatedAt, updatedBy: saved.updatedBy },
  };
}

function savedKeys(llm: object, defaultMode: unknown): string[] {
  return [...Object.keys(llm).map((key) => `llm.${key}`), ...(defaultMode === undefined ? [] : ['defaultMode'])];
}

/**
 * Saves a settings change (an admin's): validated against the provider's own schema first, then written to
 * the store with an audit record naming the keys (never their values), then in effect at once: the next
 * question goes to the new provider, with no restart.
 */
export async function changeSettings(vigil: ServerContext, change: SettingsChange, actor: string): Promise<ConfigView> {
  const keys = savedKeys(change.llm ?? {}, change.defaultMode);
  if (keys.length === 0) throw new ApiError('E_VALIDATION', 'no setting to change was given');
  let provider: LlmProvider | undefined;
  const config = await vigil.writes.run((store) => {
    // A busy store runs this again: the provider of the previous try is not used.
    void provider?.close();
    const saved = changedSettings(readSettings(store.db), change, vigil.config.llm ?? {}, vigil.clock().toISOString(), actor);
    const next = withStoredSettings(vigil.fileConfig, saved);
    try {
      provider = createProvider(next.llm ?? {});
    } catch (error) {
      if (error instanceof VigilError) throw new ApiError('E_VALIDATION', error.message);
      throw error;
    }
    writeSettings(store.db, saved);
    store.audit.append({ actor, action: 'settings-change', target: 'settings', details: { keys, provider: provider.id, local: provider.local } });
    return next;
  }).catch(async (error: unknown) => {
    await provider?.close();
    throw error;
  });
  vigil.config = config;
  vigil.assistants.replace(serverAssistant(config.llm ?? {}, vigil.reads, vigil.assistants.current.cache, vigil.recorder, provider));
  return configView(vigil);
}
