import type { Embedder } from './embedder.ts';

/** Structured filters applied with every retrieval (and by fact queries). */
export interface RetrievalFilters {
  sinceMs?: number;
  untilMs?: number;
  sourceIp?: string;
  user?: string;
  host?: string;
  dataset?: string;
  outcome?: string;
}

export interface RetrievedEvent {
  /** Event id, 32 hex digits. */
  id: string;
  rowid: number;
  /** Fused score (higher is better) and the 1-based rank each retriever gave it, where it found it. */
  score: number;
  ranks: { fts?: number; vector?: number };
}

export interface RetrieveOptions {
  filters?: RetrievalFilters;
  limit?: number;
  signal?: AbortSignal;
  /**
   * Embeds the question for the vector half. It must be the embedder that built the store's vector index
   * (else the vector half is skipped); by default the built-in embedder when it built the index.
   */
  embedder?: Embedder;
}
