import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from './events.ts';
import { filterClauses, filterSource, type EventFilter, type FilterWhere } from './event-filter.ts';

/**
 * Keyset pagination over events: timed events in (ts_ms, rowid) order, then events without a time by rowid
 * (in both directions: they have no place in time). A page continues strictly after the position of the
 * last event of the previous one, so events inserted meanwhile never shift or repeat what was already seen.
 */

export interface PagePosition {
  ts: number | null;
  rowid: number;
}

export interface EventPageRequest {
  filter: EventFilter;
  order: 'asc' | 'desc';
  limit: number;
  after?: PagePosition;
  /** Count the matches too (capped at COUNT_CAP): for a first page. */
  count?: boolean;
}

export interface EventPage {
  events: VigilEvent[];
  /** Where the next page starts; null on the last page. */
  next: PagePosition | null;
  total?: { count: number; exact: boolean };
}

export const COUNT_CAP = 10_000;

export type { EventFilter };

function cappedCount(db: Db, sql: string, params: readonly unknown[]): number {
  return db.prepare(`SELECT count(*) FROM (${sql} LIMIT ${COUNT_CAP + 1})`).pluck().get(...params) as number;
}

/**
 * How to combine full-text matches with the time order. Few matches: fetch them all and sort (cost grows with
 * the matches). Many: walk the time index and test each event against the index (cost grows with the events
 * walked, about limit × total / matches), which only pays off without other filters to narrow the walk.
 */
function textStrategy(db: Db, base: FilterWhere): 'join' | 'probe' {
  if (base.match === undefined) return 'join';
  if (base.where.length > 0) return 'join';
  const matches = cappedCount(db, 'SELECT rowid FROM events_fts WHERE events_fts MATCH ?', [base.match]);
  return matches > COUNT_CAP ? 'probe' : 'join';
}

type Row = StoredRow & { ts_ms: number | null; rowid: number };

function timedRows(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Row[] {
  const { from, where, params } = filterSource(base, textStrategy(db, base));
  where.push('e.ts_ms IS NOT NULL');
  const after = request.after;
  if (after !== undefined) {
    if (after.ts === null) return [];
    const [cmp, strict] = request.order === 'desc' ? ['<=', '<'] : ['>=', '>'];
    where.push(`e.ts_ms ${cmp} ? AND (e.ts_ms ${strict} ? OR e.rowid ${strict} ?)`);
    params.push(after.ts, after.ts, after.rowid);
  }
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  return db
    .prepare(`SELECT ${storedEventColumns('e')}, e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.ts_ms ${dir}, e.rowid ${dir} LIMIT ?`)
    .all(...params, limit) as Row[];
}

function untimedRows(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Row[] {
  if (request.filter.sinceMs !== undefined || request.filter.untilMs !== undefined || limit <= 0) return [];
  const { from, where, params } = filterSource(base, 'join');
  where.push('e.ts_ms IS NULL');
  const after = request.after;
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  if (after?.ts === null) {
    where.push(`e.rowid ${request.order === 'desc' ? '<' : '>'} ?`);
    params.push(after.rowid);
  }
  return db
    .prepare(`SELECT ${storedEventColumns('e')}, e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.rowid ${dir} LIMIT ?`)
    .all(...params, limit) as Row[];
}

function countMatches(db: Db, base: FilterWhere): { count: number; exact: boolean } {
  const { from, where, params } = filterSource(base, 'join');
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // Events are never deleted, so the highest rowid is the count (and instant).
  const count = base.match === undefined && where.length === 0
    ? (db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number)
    : cappedCount(db, `SELECT 1 FROM ${from} ${clause}`, params);
  return count > COUNT_CAP && (base.match !== undefined || where.length > 0) ? { count: COUNT_CAP, exact: false } : { count, exact: true };
}

export function eventPage(db: Db, request: EventPageRequest): EventPage {
  const base = filterClauses(request.filter);
  const wanted = request.limit + 1;
  const rows = timedRows(db, base, request, wanted);
  if (rows.length < wanted) rows.push(...untimedRows(db, base, request, wanted - rows.length));
  const more = rows.length > request.limit;
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  const result: EventPage = {
    events: page.map(rowToEvent),
    next: more && last !== undefined ? { ts: last.ts_ms, rowid: last.rowid } : null,
  };
  if (request.count === true) result.total = countMatches(db, base);
  return result;
}
