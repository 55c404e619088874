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

type Row = StoredRow & { ts_ms: number | null; rowid: number };
type Key = { ts_ms: number | null; rowid: number };

/**
 * The page's rows, in the keys' order. The keys are found first (sorting only times and rowids, not the
 * records' text, which can be kilobytes each), then the rows are read by rowid.
 */
function rowsOf(db: Db, keys: readonly Key[]): Row[] {
  if (keys.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${storedEventColumns()}, ts_ms, rowid FROM events WHERE rowid IN (${keys.map(() => '?').join(',')})`)
    .all(...keys.map((k) => k.rowid)) as Row[];
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  return keys.flatMap((k) => byRowid.get(k.rowid) ?? []);
}

function timedKeys(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Key[] {
  const { from, where, params } = filterSource(base);
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
    .prepare(`SELECT e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.ts_ms ${dir}, e.rowid ${dir} LIMIT ?`)
    .all(...params, limit) as Key[];
}

function untimedKeys(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Key[] {
  if (request.filter.sinceMs !== undefined || request.filter.untilMs !== undefined || limit <= 0) return [];
  const { from, where, params } = filterSource(base);
  where.push('e.ts_ms IS NULL');
  const after = request.after;
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  if (after?.ts === null) {
    where.push(`e.rowid ${request.order === 'desc' ? '<' : '>'} ?`);
    params.push(after.rowid);
  }
  return db
    .prepare(`SELECT e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.rowid ${dir} LIMIT ?`)
    .all(...params, limit) as Key[];
}

function countMatches(db: Db, base: FilterWhere): { count: number; exact: boolean } {
  let count: number;
  if (base.where.length === 0 && base.match === undefined) {
    // Events are never deleted, so the highest rowid is the count (and instant).
    count = db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number;
    return { count, exact: true };
  }
  if (base.where.length === 0) {
    // Words only: the full-text index alone knows how many events hold them (no event row is read).
    count = cappedCount(db, 'SELECT rowid FROM events_fts WHERE events_fts MATCH ?', [base.match]);
  } else {
    const { from, where, params } = filterSource(base);
    count = cappedCount(db, `SELECT 1 FROM ${from} WHERE ${where.join(' AND ')}`, params);
  }
  return count > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count, exact: true };
}

export function eventPage(db: Db, request: EventPageRequest): EventPage {
  const base = filterClauses(request.filter);
  const wanted = request.limit + 1;
  const keys = timedKeys(db, base, request, wanted);
  if (keys.length < wanted) keys.push(...untimedKeys(db, base, request, wanted - keys.length));
  const more = keys.length > request.limit;
  const page = rowsOf(db, keys.slice(0, request.limit));
  const last = page[page.length - 1];
  const result: EventPage = {
    events: page.map(rowToEvent),
    next: more && last !== undefined ? { ts: last.ts_ms, rowid: last.rowid } : null,
  };
  if (request.count === true) result.total = countMatches(db, base);
  return result;
}
