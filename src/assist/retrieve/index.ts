import type { Db } from '../../store/index.ts';
import type { RetrieveOptions, RetrievedEvent, RetrievalFilters } from './types.ts';

const STOP_WORDS = new Set(
  'a an and are any all as at be by can did do does for from has have how i in is it its me of on or show the there these this to was were what when where which who why with my our you your give list tell about'.split(' '),
);

/** Question words as an FTS5 OR-query of quoted terms (no input is read as FTS syntax). */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}_.:@/-]{2,}/gu) ?? [];
  return [...new Set(words.map((w) => w.replace(/^[.:/-]+|[.:/-]+$/g, '')).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)))].slice(0, 32);
}

export function filterClause(filters: RetrievalFilters | undefined, params: unknown[], alias = 'e'): string {
  const where: string[] = [];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (filters?.sinceMs !== undefined) add(`${alias}.ts_ms >= ?`, filters.sinceMs);
  if (filters?.untilMs !== undefined) add(`${alias}.ts_ms < ?`, filters.untilMs);
  if (filters?.sourceIp !== undefined) add(`${alias}.source_ip = ?`, filters.sourceIp);
  if (filters?.user !== undefined) add(`${alias}.user_name = ?`, filters.user);
  if (filters?.host !== undefined) add(`${alias}.host_name = ?`, filters.host);
  if (filters?.dataset !== undefined) add(`${alias}.dataset = ?`, filters.dataset);
  if (filters?.outcome !== undefined) add(`${alias}.outcome = ?`, filters.outcome);
  return where.join(' AND ');
}

/**
 * Events most relevant to a free question. For now full-text (BM25) only, with the structured filters;
 * the vector half and the fusion are added by the retrieval work (issue 4).
 */
export function retrieve(db: Db, question: string, options: RetrieveOptions = {}): Promise<RetrievedEvent[]> {
  const terms = questionTerms(question);
  if (terms.length === 0) return Promise.resolve([]);
  const params: unknown[] = [terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ')];
  const filters = filterClause(options.filters, params);
  params.push(Math.max(1, Math.min(options.limit ?? 20, 1000)));
  const rows = db
    .prepare(
      `SELECT e.rowid AS rowid, lower(hex(e.id)) AS id, bm25(events_fts) AS rank FROM events_fts f JOIN events e ON e.rowid = f.rowid
       WHERE events_fts MATCH ? ${filters === '' ? '' : `AND ${filters}`} ORDER BY rank LIMIT ?`,
    )
    .all(...params) as { rowid: number; id: string; rank: number }[];
  return Promise.resolve(rows.map((r, i) => ({ id: r.id, rowid: r.rowid, score: 1 / (60 + i + 1), ranks: { fts: i + 1 } })));
}

export type { RetrieveOptions, RetrievedEvent, RetrievalFilters };
