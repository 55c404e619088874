import type { z } from 'zod';
import { PROVIDER_BOUND_KEYS, type LlmConfig, type ProviderId } from '../../schema/assist.ts';
import { VigilError } from '../../util/errors.ts';
import { anthropicProvider } from './anthropic.ts';
import { noneProvider } from './none.ts';
import { ollamaProvider } from './ollama.ts';
import { openAiCompatibleProvider } from './openai-compatible.ts';
import type { LlmProvider, ProviderDefinition, ProviderDeps } from './types.ts';
import { llamaCppProvider } from './llama-cpp.ts';

/** The one list of LLM providers (`vigil llm status`, `--llm`, docs/assist-providers.md follow it). */
const PROVIDERS: readonly ProviderDefinition[] = [
  noneProvider,
  ollamaProvider,
  openAiCompatibleProvider,
  llamaCppProvider,
  anthropicProvider,
];

export function providerDefinitions(): readonly ProviderDefinition[] {
  return PROVIDERS;
}

export interface ProviderOverrides {
  /** `--llm <id>`: wins over `llm.provider`. */
  provider?: ProviderId;
  /** `--model <name>`: wins over `llm.model`. */
  model?: string;
}

export function effectiveLlmConfig(config: LlmConfig, overrides: ProviderOverrides = {}): LlmConfig & { provider: ProviderId } {
  const provider = overrides.provider ?? config.provider ?? 'none';
  const switched = config.provider !== undefined && config.provider !== provider;
  const bound = new Set<string>(PROVIDER_BOUND_KEYS);
  const kept = switched ? (Object.fromEntries(Object.entries(config).filter(([key]) => !bound.has(key))) as LlmConfig) : config;
  return { ...kept, provider, ...(overrides.model === undefined ? {} : { model: overrides.model }) };
}

/**
 * The provider the configuration (and command-line overrides) name, validated by its own schema. Creating one
 * never connects anywhere. A missing or invalid key is a VigilError('E_CONFIG') naming it.
 */
export function createProvider(config: LlmConfig, overrides: ProviderOverrides = {}, deps: Partial<ProviderDeps> = {}): LlmProvider {
  const effective = effectiveLlmConfig(config, overrides);
  const definition = PROVIDERS.find((p) => p.id === effective.provider);
  if (definition === undefined) {
    throw new VigilError('E_CONFIG', `llm.provider: "${effective.provider}" is not available in this build (available: ${PROVIDERS.map((p) => p.id).join(', ')})`);
  }
  const parsed = definition.configSchema.safeParse(effective);
  if (!parsed.success) throw new VigilError('E_CONFIG', `invalid llm configuration for ${definition.id}: ${describeIssues(parsed.error)}`);
  return definition.create(parsed.data, { env: deps.env ?? process.env, fetch: deps.fetch ?? globalThis.fetch });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `llm.${issue.path.map(String).join('.')} ${issue.message}`).join('; ');
}
