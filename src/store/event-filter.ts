import type { Db } from './database.ts';
import { ENTITY_COLUMNS, entityRanges, NARROWING } from './entity-ranges.ts';
import { fieldClause, ftsQuery } from './field-sql.ts';
import { matchingEventsTable } from './text-match.ts';

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
  /** Field conditions, then time bounds, over `events e`. */
  where: string[];
  params: unknown[];
  /** The field conditions alone (the first of `where`). */
  fields: { where: string[]; params: unknown[] };
  match?: string;
}

export function filterClauses(filter: EventFilter): FilterWhere {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(filter.fields ?? {})) where.push(fieldClause(key, value, params));
  const fields = { where: [...where], params: [...params] };
  if (filter.sinceMs !== undefined) {
    where.push('e.ts_ms >= ?');
    params.push(filter.sinceMs);
  }
  if (filter.untilMs !== undefined) {
    where.push('e.ts_ms < ?');
    params.push(filter.untilMs);
  }
  const match = filter.text === undefined ? undefined : ftsQuery(filter.text);
  return match === undefined ? { where, params, fields } : { where, params, fields, match };
}

/**
 * FROM + WHERE parts for SQL over all matching events (`e`). With words, `e` is the derived table of the
 * matching events' rowid and ts_ms (text-match.ts), the field conditions inside it, the time bounds outside:
 * reading all matches, as aggregates must. Pages do not use this for words (event-page.ts walks in order).
 */
export function filterSource(base: FilterWhere): { from: string; where: string[]; params: unknown[] } {
  if (base.match === undefined) return { from: 'events e', where: [...base.where], params: [...base.params] };
  const table = matchingEventsTable(base.match, base.fields);
  return { from: `${table.sql} e`, where: base.where.slice(base.fields.where.length), params: [...table.params, ...base.params.slice(base.fields.params.length)] };
}

export function eventFilterSql(filter: EventFilter): { from: string; where: string[]; params: unknown[] } {
  return filterSource(filterClauses(filter));
}

const isEntity = (key: string) => Object.hasOwn(ENTITY_COLUMNS, key);
const isNarrowing = (key: string) => Object.hasOwn(NARROWING, key);

/**
 * Whether a page may take long on a big store (the server answers those on its slower, lower-priority
 * readers). Bounded, whatever the store size (event-page.ts): no filter or a time range (the time index);
 * words alone (the time-keyed full-text index, walked from one end); an account, host or source IP, narrowed
 * or not by action, outcome and dataset (the merge of its index ranges). Heavy: words with any field, an
 * action, outcome or dataset without an entity (SQLite sorts its matches), any other field (rows are read),
 * and, when the store is given to look it up, an entity with more combinations than are merged.
 */
export function isHeavyFilter(filter: EventFilter, db?: Db): boolean {
  const fields = filter.fields ?? {};
  const keys = Object.keys(fields);
  if (filter.text !== undefined) return keys.length > 0;
  if (keys.some((key) => !isEntity(key) && !isNarrowing(key))) return true;
  if (keys.length === 0) return false;
  if (!keys.some(isEntity)) return true;
  // An entity with too many (action, outcome, dataset) combinations to merge is sorted by SQLite instead.
  return db !== undefined && entityRanges(db, fields) === undefined;
}
