import type { Db } from '../../store/index.ts';
import { matchingEventsTable, rankedEvents } from '../../store/text-match.ts';
import { filterClause } from './filters.ts';
import type { RetrievalFilters } from './types.ts';

/**
 * The full-text half of retrieval: BM25 over message and original text, with the structured filters.
 * FTS5 scores every row a query matches before it can sort, so a term found in COMMON_DOCS events or more
 * (`event`, `account`, `root` in a million-event store) costs most of the time and weighs least in BM25 (low
 * IDF): such terms are left out while a rarer term remains, and AND-ed when all terms are that common.
 */

const STOP_WORDS = new Set(
  'a an and are any all as at be by can did do does for from has have how i in is it its me of on or our the there these this to was were what when where which who why with my you your give list show tell about'.split(' '),
);

export const COMMON_DOCS = 5000;

/** Question words, lower-cased and de-duplicated, stop words dropped (at most 32). */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}_.:@/-]{2,}/gu) ?? [];
  return [...new Set(words.map((w) => w.replace(/^[.:/-]+|[.:/-]+$/g, '')).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)))].slice(0, 32);
}

export interface FtsHit {
  rowid: number;
  id: string;
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** The FTS5 query for the terms (quoted: never read as FTS syntax): rare terms OR-ed, or common ones AND-ed. */
export function ftsQueryFor(db: Db, terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  const probe = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ${COMMON_DOCS})`).pluck();
  const rare = terms.filter((term) => (probe.get(quote(term)) as number) < COMMON_DOCS);
  return rare.length > 0 ? rare.map(quote).join(' OR ') : terms.map(quote).join(' AND ');
}

/**
 * Events matching the question's terms, best BM25 first (ties: newest first). Without filters the ranking
 * needs no event row: the best keys of the time-keyed index (and of its small extra index) are ranked, and
 * only those kept are mapped to events; with filters the rows are joined.
 */
export function ftsSearch(db: Db, terms: readonly string[], filters: RetrievalFilters | undefined, limit: number): FtsHit[] {
  const query = ftsQueryFor(db, terms);
  if (query === undefined) return [];
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  if (where !== '') {
    const table = matchingEventsTable(query, { where: [where], params }, true);
    return db
      .prepare(`SELECT m.rowid AS rowid, lower(hex(e.id)) AS id FROM ${table.sql} m JOIN events e ON e.rowid = m.rowid ORDER BY m.rank, m.ts_ms DESC, m.rowid DESC LIMIT ?`)
      .all(...table.params, limit) as FtsHit[];
  }
  const ranked = rankedEvents(db, query, limit);
  const ids = new Map(
    db.prepare('SELECT rowid, lower(hex(id)) FROM events WHERE rowid IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ranked.map((r) => r.rowid))) as [number, string][],
  );
  return ranked.map(({ rowid }) => ({ rowid, id: ids.get(rowid) ?? '' }));
}
