import { PROVIDER_BOUND_KEYS, type LlmConfig } from '../schema/assist.ts';
import type { VigilConfig } from '../schema/config.ts';
import type { LlmSettings, StoredSettings } from '../schema/settings.ts';

/**
 * The configuration with the settings saved from the API applied over it: each saved key wins over the file
 * (a saved `null` removes the file's value). When the saved provider is not the file's, the file's keys bound to
 * its provider (model, server, key…) are dropped, so they never reach another provider. `vigil serve` and every
 * CLI verb read the configuration this way, so both use the same provider.
 */
export function withStoredSettings(config: VigilConfig, stored: StoredSettings | undefined): VigilConfig {
  if (stored === undefined) return config;
  const result: VigilConfig = { ...config };
  if (Object.keys(stored.llm).length > 0) result.llm = applyLlmSettings(config.llm ?? {}, stored.llm);
  if (stored.defaultMode !== undefined) result.assist = { ...config.assist, defaultMode: stored.defaultMode };
  return result;
}

export function applyLlmSettings(file: LlmConfig, saved: LlmSettings): LlmConfig {
  const switched = saved.provider !== undefined && file.provider !== undefined && saved.provider !== file.provider;
  const bound = new Set<string>(switched ? PROVIDER_BOUND_KEYS : []);
  const kept = Object.entries(file).filter(([key]) => !bound.has(key) && !(key in saved));
  const set = Object.entries(saved).filter(([, value]) => value !== null && value !== undefined);
  return Object.fromEntries([...kept, ...set]);
}

/**
 * The saved settings after a change: its keys replace the saved ones. When it changes the provider, the saved
 * keys bound to the previous provider that the change does not give again are forgotten (a key saved for one
 * server is never sent to another).
 */
export function changedSettings(previous: StoredSettings | undefined, change: { llm?: LlmSettings; defaultMode?: StoredSettings['defaultMode'] }, current: LlmConfig, at: string, by: string): StoredSettings {
  const next = change.llm ?? {};
  const switched = next.provider !== undefined && next.provider !== (current.provider ?? 'none');
  const forgotten = new Set<string>(switched ? PROVIDER_BOUND_KEYS : []);
  const kept = Object.entries(previous?.llm ?? {}).filter(([key]) => !forgotten.has(key) && !(key in next));
  const given = Object.entries(next).filter(([, value]) => value !== undefined);
  const llm = Object.fromEntries([...kept, ...given]) as LlmSettings;
  const defaultMode = change.defaultMode ?? previous?.defaultMode;
  return { llm, ...(defaultMode === undefined ? {} : { defaultMode }), updatedAt: at, updatedBy: by };
}
