import type { RetrievedEvent } from './types.ts';

/** Reciprocal rank fusion (Cormack et al. 2009): score = Σ 1 / (k + rank) over the lists that hold an event. */

export const RRF_K = 60;

interface Ranked {
  rowid: number;
  id: string;
}

/**
 * Fuses the full-text and vector lists (each best first). Ties are broken by the best single rank, then the
 * full-text rank, then the newest event, so the same inputs always give the same order.
 */
export function fuseRankings(fts: readonly Ranked[], vector: readonly Ranked[], limit: number, k = RRF_K): RetrievedEvent[] {
  const fused = new Map<number, RetrievedEvent>();
  const add = (list: readonly Ranked[], which: 'fts' | 'vector') => {
    list.forEach((hit, i) => {
      const entry = fused.get(hit.rowid) ?? { id: hit.id, rowid: hit.rowid, score: 0, ranks: {} };
      if (entry.ranks[which] !== undefined) return;
      entry.ranks[which] = i + 1;
      entry.score += 1 / (k + i + 1);
      fused.set(hit.rowid, entry);
    });
  };
  add(fts, 'fts');
  add(vector, 'vector');
  return [...fused.values()].sort(byFusedScore).slice(0, limit);
}

function bestRank(e: RetrievedEvent): number {
  return Math.min(e.ranks.fts ?? Infinity, e.ranks.vector ?? Infinity);
}

function byFusedScore(a: RetrievedEvent, b: RetrievedEvent): number {
  return b.score - a.score || bestRank(a) - bestRank(b) || (a.ranks.fts ?? Infinity) - (b.ranks.fts ?? Infinity) || b.rowid - a.rowid;
}
