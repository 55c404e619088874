import { fieldClause, ftsQuery } from './search.ts';

/** Event filters as SQL over `events e` (and the full-text index when there are words to match). */

export interface EventFilter {
  /** Words that must all occur in the message or original record. */
  text?: string;
  /** Exact values of ECS paths (`source.ip`, `event.outcome`, any path of the event). */
  fields?: Readonly<Record<string, string>>;
  /** Inclusive lower and exclusive upper bound (UTC ms); either one leaves out events without a time. */
  sinceMs?: number;
  untilMs?: number;
}

export interface FilterWhere {
  where: string[];
  params: unknown[];
  match?: string;
}

export function filterClauses(filter: EventFilter): FilterWhere {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(filter.fields ?? {})) where.push(fieldClause(key, value, params));
  if (filter.sinceMs !== undefined) {
    where.push('e.ts_ms >= ?');
    params.push(filter.sinceMs);
  }
  if (filter.untilMs !== undefined) {
    where.push('e.ts_ms < ?');
    params.push(filter.untilMs);
  }
  const match = filter.text === undefined ? undefined : ftsQuery(filter.text);
  return match === undefined ? { where, params } : { where, params, match };
}

/**
 * FROM + WHERE parts. Full-text matches are joined: the cost grows with the number of matching events (a
 * word in 5 % of a million events: ~0.1 s). Walking the time index and testing each event against the
 * full-text index instead looked cheaper for common words, but takes seconds when the newest events hold
 * none of the words (measured: 12 s), so it is not used.
 */
export function filterSource(base: FilterWhere): { from: string; where: string[]; params: unknown[] } {
  if (base.match === undefined) return { from: 'events e', where: [...base.where], params: [...base.params] };
  return { from: 'events_fts f JOIN events e ON e.rowid = f.rowid', where: ['events_fts MATCH ?', ...base.where], params: [base.match, ...base.params] };
}

export function eventFilterSql(filter: EventFilter): { from: string; where: string[]; params: unknown[] } {
  return filterSource(filterClauses(filter));
}

/** Fields with an index of their own (store/indexes.ts): filters on them stay fast at any store size. */
export const INDEXED_FIELDS: ReadonlySet<string> = new Set(['source.ip', 'user.name', 'host.name', 'event.action', 'event.dataset']);

/** Whether answering may take long on a big store: words to match, or a field without an index. */
export function isHeavyFilter(filter: EventFilter): boolean {
  return filter.text !== undefined || Object.keys(filter.fields ?? {}).some((key) => !INDEXED_FIELDS.has(key));
}
