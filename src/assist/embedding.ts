import type { LlmConfig } from '../schema/assist.ts';
import type { Db } from '../store/index.ts';
import { providerEmbedder, type Embedder } from './retrieve/embedder.ts';
import { readIndexState } from './retrieve/index-state.ts';
import type { LlmProvider } from './providers/types.ts';

/**
 * The provider's embedder when the configuration gives it an embedding model (`llm.embedModel`; for llama-cpp
 * the embedding or chat model file), else undefined: the built-in deterministic embedder is used.
 */
export function configuredEmbedder(provider: LlmProvider, config: LlmConfig): Embedder | undefined {
  const model = provider.id === 'llama-cpp' ? (config.embedModelPath ?? config.modelPath) : config.embedModel;
  return model === undefined ? undefined : providerEmbedder(provider, model);
}

/** The embedder to embed questions with: the provider's only when it built the store's vector index. */
export function questionEmbedder(db: Db, embedder: Embedder | undefined): Embedder | undefined {
  if (embedder === undefined) return undefined;
  return readIndexState(db)?.embedder === embedder.id ? embedder : undefined;
}
