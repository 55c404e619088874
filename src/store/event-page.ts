import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { cached } from './statements.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from './events.ts';
import { filterClauses, filterSource, type EventFilter, type FilterWhere } from './event-filter.ts';
import { entityRanges, type EntityRanges } from './entity-ranges.ts';
import { walkTimed, type Combine } from './event-walk.ts';
import { compareKeys, countMatching, hasExtraText, matchingExtra, matchingUntimed } from './text-match.ts';

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
  /**
   * Oldest first with the untimed events before the timed ones (where SQL sorts a NULL time): `vigil search`
   * lists them so. First pages only: a cursor continues in the API's order.
   */
  untimedFirst?: boolean;
  /** With words and an entity field: how to combine them, instead of the choice by counts (event-walk.ts). */
  combine?: Combine;
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
  return cached(db, `SELECT count(*) FROM (${sql} LIMIT ${COUNT_CAP + 1})`, { pluck: true }).get(...params) as number;
}

type Row = StoredRow & { ts_ms: number | null; rowid: number };
type Key = { ts_ms: number | null; rowid: number };

/**
 * The page's rows, in the keys' order. The keys are found first (sorting only times and rowids, not the
 * records' text, which can be kilobytes each), then the rows are read by rowid.
 */
function rowsOf(db: Db, keys: readonly Key[]): Row[] {
  if (keys.length === 0) return [];
  const rows = cached(db, `SELECT ${storedEventColumns()}, ts_ms, rowid FROM events WHERE rowid IN (${keys.map(() => '?').join(',')})`).all(...keys.map((k) => k.rowid)) as Row[];
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  return keys.flatMap((k) => byRowid.get(k.rowid) ?? []);
}

/** Timed keys without words or an entity field: the time index, filtered (bounded only without fields). */
function timedKeys(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Key[] {
  const { from, where, params } = filterSource(base);
  where.push('e.ts_ms IS NOT NULL');
  const after = request.after;
  if (after !== undefined) {
    if (after.ts === null) return [];
    where.push(afterClause(request.order));
    params.push(after.ts, after.ts, after.rowid);
  }
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  return cached(db, `SELECT e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.ts_ms ${dir}, e.rowid ${dir} LIMIT ?`).all(...params, limit) as Key[];
}

/** Events strictly after a timed position (three parameters: ts, ts, rowid). */
function afterClause(order: 'asc' | 'desc'): string {
  const [cmp, strict] = order === 'desc' ? ['<=', '<'] : ['>=', '>'];
  return `e.ts_ms ${cmp} ? AND (e.ts_ms ${strict} ? OR e.rowid ${strict} ?)`;
}

/**
 * Timed keys of a filter with words or an entity field, found in time order (event-walk.ts) without
 * reading every match; the few events of the extra full-text index (text-keys.ts) are merged in.
 */
function walkedKeys(db: Db, base: FilterWhere, ranges: EntityRanges | undefined, request: EventPageRequest, limit: number): Key[] {
  const after = request.after;
  if (after?.ts === null) return [];
  const desc = request.order === 'desc';
  let lo = request.filter.sinceMs ?? -Infinity;
  let hi = request.filter.untilMs ?? Infinity;
  if (after !== undefined) {
    if (desc) hi = Math.min(hi, after.ts + 1);
    else lo = Math.max(lo, after.ts);
  }
  const extraText = base.match !== undefined && hasExtraText(db);
  const keys = walkTimed(db, { order: request.order, lo, hi, after: after === undefined ? undefined : { ts_ms: after.ts, rowid: after.rowid }, want: limit, match: base.match, ranges, conditions: base.fields, extraText, combine: request.combine });
  if (base.match === undefined || !extraText) return keys;
  const conditions = { where: [...base.where], params: [...base.params] };
  if (after !== undefined) {
    conditions.where.push(afterClause(request.order));
    conditions.params.push(after.ts, after.ts, after.rowid);
  }
  const merged = [...keys, ...matchingExtra(db, base.match, request.order, limit, conditions)];
  merged.sort((a, b) => (desc ? compareKeys(b, a) : compareKeys(a, b)));
  return merged.slice(0, limit);
}

function untimedKeys(db: Db, base: FilterWhere, request: EventPageRequest, limit: number): Key[] {
  if (request.filter.sinceMs !== undefined || request.filter.untilMs !== undefined || limit <= 0) return [];
  const after = request.after;
  if (base.match !== undefined) return matchingUntimed(db, base.match, request.order, after?.ts === null ? after.rowid : undefined, limit, base.fields);
  const { from, where, params } = filterSource(base);
  where.push('e.ts_ms IS NULL');
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  if (after?.ts === null) {
    where.push(`e.rowid ${request.order === 'desc' ? '<' : '>'} ?`);
    params.push(after.rowid);
  }
  return cached(db, `SELECT e.ts_ms, e.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.rowid ${dir} LIMIT ?`).all(...params, limit) as Key[];
}

function capped(count: number): { count: number; exact: boolean } {
  return count > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count, exact: true };
}

function countMatches(db: Db, base: FilterWhere, request: EventPageRequest, ranges: EntityRanges | undefined): { count: number; exact: boolean } {
  if (base.where.length === 0 && base.match === undefined) {
    // Events are never deleted, so the highest rowid is the count (and instant).
    return { count: cached(db, 'SELECT coalesce(max(rowid), 0) FROM events', { pluck: true }).get() as number, exact: true };
  }
  if (base.match !== undefined && base.fields.where.length === 0) return capped(countMatching(db, base.match, request.filter.sinceMs, request.filter.untilMs, COUNT_CAP));
  // Words and an entity with fewer word matches: testing each match's row costs less than walking both.
  const textFirst = base.match !== undefined && ranges !== undefined && countMatching(db, base.match, request.filter.sinceMs, request.filter.untilMs, Math.min(ranges.events, 4 * COUNT_CAP)) < Math.min(ranges.events, 4 * COUNT_CAP);
  if (base.match === undefined || ranges === undefined || textFirst) {
    // Streams until one past the cap; with words and fields, each word match's event is joined and tested.
    const { from, where, params } = filterSource(base);
    return capped(cappedCount(db, `SELECT 1 FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`, params));
  }
  // Words and an entity: the matches found the way a page finds them, up to one past the cap.
  const first: EventPageRequest = { filter: request.filter, order: 'desc', limit: COUNT_CAP + 1 };
  const timed = walkedKeys(db, base, ranges, first, COUNT_CAP + 1);
  return capped(timed.length + untimedKeys(db, base, first, COUNT_CAP + 1 - timed.length).length);
}

export function eventPage(db: Db, request: EventPageRequest): EventPage {
  const base = filterClauses(request.filter);
  const ranges = request.filter.fields === undefined ? undefined : entityRanges(db, request.filter.fields);
  const wanted = request.limit + 1;
  const timed = (limit: number) => (base.match === undefined && ranges === undefined ? timedKeys(db, base, request, limit) : walkedKeys(db, base, ranges, request, limit));
  let keys: Key[];
  if (request.untimedFirst === true && request.order === 'asc' && request.after === undefined) {
    keys = untimedKeys(db, base, request, wanted);
    if (keys.length < wanted) keys.push(...timed(wanted - keys.length));
  } else {
    keys = timed(wanted);
    if (keys.length < wanted) keys.push(...untimedKeys(db, base, request, wanted - keys.length));
  }
  const more = keys.length > request.limit;
  const page = rowsOf(db, keys.slice(0, request.limit));
  const last = page[page.length - 1];
  const result: EventPage = {
    events: page.map(rowToEvent),
    next: more && last !== undefined ? { ts: last.ts_ms, rowid: last.rowid } : null,
  };
  if (request.count === true) result.total = countMatches(db, base, request, ranges);
  return result;
}
