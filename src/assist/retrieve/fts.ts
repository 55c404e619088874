import type { Db } from '../../store/index.ts';
import { filterClause } from './filters.ts';
import type { RetrievalFilters } from './types.ts';

/** The full-text half of retrieval: BM25 over message and original text, with the structured filters. */

const STOP_WORDS = new Set(
  'a an and are any all as at be by can did do does for from has have how i in is it its me of on or our the there these this to was were what when where which who why with my you your give list show tell about'.split(' '),
);

/** Question words, lower-cased and de-duplicated, stop words dropped (at most 32). */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}_.:@/-]{2,}/gu) ?? [];
  return [...new Set(words.map((w) => w.replace(/^[.:/-]+|[.:/-]+$/g, '')).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)))].slice(0, 32);
}

export interface FtsHit {
  rowid: number;
  id: string;
}

/** Events matching any question term, best BM25 first (ties: newest first); terms are quoted, never FTS syntax. */
export function ftsSearch(db: Db, terms: readonly string[], filters: RetrievalFilters | undefined, limit: number): FtsHit[] {
  if (terms.length === 0) return [];
  const params: unknown[] = [terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ')];
  const where = filterClause(filters, params);
  return db
    .prepare(
      `SELECT e.rowid AS rowid, lower(hex(e.id)) AS id FROM events_fts f JOIN events e ON e.rowid = f.rowid
       WHERE events_fts MATCH ? ${where === '' ? '' : `AND ${where}`} ORDER BY f.rank, e.rowid DESC LIMIT ?`,
    )
    .all(...params, limit) as FtsHit[];
}
