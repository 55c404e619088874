import { defaultIndexEmbedder, updateVectorIndex, type Embedder, type VectorUpdateOptions, type VectorUpdateReport } from '../assist/retrieve/index.ts';
import type { Store } from '../store/index.ts';
import { errorMessage } from '../util/errors.ts';

export interface VectorOutcome {
  vectors?: VectorUpdateReport;
  /** The vector index could not be updated; the events are stored and full-text search has them. */
  vectorError?: string;
}

/** After an ingest: brings the vector index up to date (docs/assist-retrieval.md); a failure is reported, not thrown. */
export async function updateVectorsAfterIngest(
  store: Store, options: { embedder?: Embedder | false; actor: string; now?: () => Date }, assigned?: VectorUpdateOptions['assigned'],
): Promise<VectorOutcome> {
  if (options.embedder === false) return {};
  try {
    const embedder = options.embedder ?? defaultIndexEmbedder(store.db);
    return { vectors: await updateVectorIndex(store, embedder, { actor: options.actor, now: options.now, assigned }) };
  } catch (error) {
    return { vectorError: errorMessage(error) };
  }
}
