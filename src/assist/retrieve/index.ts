import type { Db } from '../../store/index.ts';
import type { Embedder } from './embedder.ts';
import { ftsSearch, questionTerms } from './fts.ts';
import { fuseRankings } from './fusion.ts';
import { readIndexState } from './index-state.ts';
import type { RetrieveOptions, RetrievedEvent, RetrievalFilters } from './types.ts';
import { defaultIndexEmbedder } from './vector-index.ts';
import { vectorSearch, type VectorResult } from './vector-search.ts';

/**
 * Hybrid retrieval (docs/assist-retrieval.md): BM25 full-text hits and vector hits (nearest message
 * templates, expanded to their events), both under the structured filters, fused by reciprocal rank.
 * Either half may be empty: no vector index (or another embedder's) gives full-text only; a question whose
 * words occur nowhere gives vector hits only.
 */

export interface RetrievalReport {
  events: RetrievedEvent[];
  fts: { terms: string[]; hits: number };
  vector: { status: VectorResult['status']; detail?: string; embedder?: string; hits: number };
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** Each half returns this many candidates per result asked for (at least 50) before fusion. */
const CANDIDATES_PER_RESULT = 3;

export async function retrieveWithReport(db: Db, question: string, options: RetrieveOptions = {}): Promise<RetrievalReport> {
  const limit = Math.max(1, Math.min(Math.floor(options.limit ?? DEFAULT_LIMIT), MAX_LIMIT));
  const candidates = Math.min(MAX_LIMIT, Math.max(50, limit * CANDIDATES_PER_RESULT));
  const terms = questionTerms(question);
  const fts = ftsSearch(db, terms, options.filters, candidates);
  const embedder = options.embedder ?? defaultIndexEmbedder(db);
  const vector = embedder === undefined ? undefined : await vectorHalf(db, question, embedder, options, candidates);
  const report: RetrievalReport = {
    events: fuseRankings(fts, vector?.hits ?? [], limit),
    fts: { terms, hits: fts.length },
    vector: vector === undefined ? { status: 'embedder-mismatch', detail: readIndexState(db)?.embedder ?? undefined, hits: 0 } : { status: vector.status, hits: vector.hits.length },
  };
  if (vector?.detail !== undefined) report.vector.detail = vector.detail;
  if (embedder !== undefined) report.vector.embedder = embedder.id;
  return report;
}

/** Events most relevant to a free question (see `retrieveWithReport` for what each half contributed). */
export async function retrieve(db: Db, question: string, options: RetrieveOptions = {}): Promise<RetrievedEvent[]> {
  return (await retrieveWithReport(db, question, options)).events;
}

/** A failing provider costs the vector half, not the answer; an abort is passed on. */
async function vectorHalf(db: Db, question: string, embedder: Embedder, options: RetrieveOptions, candidates: number): Promise<VectorResult> {
  try {
    return await vectorSearch(db, question, embedder, { filters: options.filters, limit: candidates, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return { status: 'failed', detail: error instanceof Error ? error.message : String(error), hits: [] };
  }
}

export { questionTerms } from './fts.ts';
export { filterClause } from './filters.ts';
export { updateVectorIndex, defaultIndexEmbedder, type VectorUpdateOptions, type VectorUpdateReport } from './vector-index.ts';
export { TemplatesAsWritten } from './templates-as-written.ts';
export { hashedEmbedder, builtInEmbedder, HashedEmbedder } from './hashed-embedder.ts';
export { providerEmbedder, type Embedder, type EmbeddingSource } from './embedder.ts';
export type { RetrieveOptions, RetrievedEvent, RetrievalFilters };
