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

export function filterSource(base: FilterWhere, strategy: 'join' | 'probe'): { from: string; where: string[]; params: unknown[] } {
  if (base.match === undefined) return { from: 'events e', where: [...base.where], params: [...base.params] };
  if (strategy === 'join') return { from: 'events_fts f JOIN events e ON e.rowid = f.rowid', where: ['events_fts MATCH ?', ...base.where], params: [base.match, ...base.params] };
  return { from: 'events e', where: [...base.where, 'EXISTS (SELECT 1 FROM events_fts WHERE events_fts MATCH ? AND rowid = e.rowid)'], params: [...base.params, base.match] };
}

/** The filter as FROM + WHERE parts, full-text matches joined (fine for aggregates over all matches). */
export function eventFilterSql(filter: EventFilter): { from: string; where: string[]; params: unknown[] } {
  return filterSource(filterClauses(filter), 'join');
}
