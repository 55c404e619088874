import type { Db } from './database.ts';
import { cached } from './statements.ts';
import { LOW_MASK, MAX_KEY_MS, MIN_KEY_MS, UNTIMED_BELOW, msKeySql, untimedRowid } from './text-keys.ts';

/** Reading the time-keyed full-text index (text-keys.ts): matches in time order, and as SQL joins. */

export interface TimeKey {
  /** The key's millisecond. */
  t: number;
  low: number;
}

export interface EventKey {
  ts_ms: number | null;
  rowid: number;
}

/** Page order of events: timed ones by (time, rowid), then untimed ones by rowid. */
export function compareKeys(a: EventKey, b: EventKey): number {
  if (a.ts_ms !== b.ts_ms) {
    if (a.ts_ms === null) return 1;
    if (b.ts_ms === null) return -1;
    return a.ts_ms - b.ts_ms;
  }
  return a.rowid - b.rowid;
}

/** Whether any event is indexed in `events_fts_extra` (rarely: see text-keys.ts). */
export function hasExtraText(db: Db): boolean {
  return cached(db, 'SELECT EXISTS (SELECT 1 FROM events_fts_extra_docsize)', { pluck: true }).get() === 1;
}

/**
 * Up to `limit` keys of timed events matching `match` with a time in [lo, hi), newest first (`desc`) or
 * oldest first: FTS5 walks the doclists from that end and seeks to the bounds, reading no event row.
 */
export function matchingTimeKeys(db: Db, match: string, lo: number, hi: number, order: 'asc' | 'desc', limit: number): TimeKey[] {
  const from = Math.max(lo, MIN_KEY_MS);
  const to = Math.min(hi, MAX_KEY_MS);
  if (from >= to) return [];
  const upper = to === MAX_KEY_MS ? '' : ` AND rowid < ${msKeySql('?')}`;
  const sql = `SELECT rowid >> 21 AS t, rowid & ${String(LOW_MASK)} AS low FROM events_fts
    WHERE events_fts MATCH ? AND rowid >= ${msKeySql('?')}${upper} ORDER BY rowid ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  const params: unknown[] = [match, from];
  if (upper !== '') params.push(to);
  return cached(db, sql).all(...params, limit) as TimeKey[];
}

/**
 * The events of main-index keys. A key belongs to the first event (lowest rowid) of its millisecond with its
 * low bits; later ones with the same key are in the extra index. Found through the time index: all events
 * of the keys' milliseconds (a handful each, unless a log gives many events the same time).
 */
export function eventsOfKeys(db: Db, keys: readonly TimeKey[]): EventKey[] {
  if (keys.length === 0) return [];
  const times = [...new Set(keys.map((k) => k.t))];
  const rows = cached(db, 'SELECT e.ts_ms, e.rowid FROM events e WHERE e.ts_ms IN (SELECT value FROM json_each(?)) ORDER BY e.ts_ms, e.rowid').all(JSON.stringify(times)) as { ts_ms: number; rowid: number }[];
  const holder = new Map<string, EventKey>();
  for (const row of rows) {
    const id = `${String(row.ts_ms)}:${String(row.rowid % (LOW_MASK + 1))}`;
    if (!holder.has(id)) holder.set(id, row);
  }
  return keys.flatMap((k) => holder.get(`${String(k.t)}:${String(k.low)}`) ?? []);
}

/** Untimed events matching `match`, by rowid in `order`, after rowid `after` when given. */
export function matchingUntimed(db: Db, match: string, order: 'asc' | 'desc', after: number | undefined, limit: number, conditions: { where: string[]; params: unknown[] }): EventKey[] {
  const where = ['events_fts MATCH ?', `f.rowid < ${UNTIMED_BELOW}`, ...conditions.where];
  const params: unknown[] = [match, ...conditions.params];
  if (after !== undefined) {
    where.push(`e.rowid ${order === 'desc' ? '<' : '>'} ?`);
    params.push(after);
  }
  // The FTS5 rowid order is the event rowid order here: the join keeps it, no sort.
  const sql = `SELECT e.ts_ms, e.rowid FROM events_fts f CROSS JOIN events e ON e.rowid = ${untimedRowid('f.rowid')}
    WHERE ${where.join(' AND ')} ORDER BY f.rowid ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  return cached(db, sql).all(...params, limit) as EventKey[];
}

/**
 * Timed events of the extra index matching `match` and the conditions (over `events e`), in page order, at
 * most `limit`. The extra index is small (text-keys.ts), so its matches are sorted.
 */
export function matchingExtra(db: Db, match: string, order: 'asc' | 'desc', limit: number, conditions: { where: string[]; params: unknown[] }): EventKey[] {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const sql = `SELECT e.ts_ms, e.rowid FROM events_fts_extra x CROSS JOIN events e ON e.rowid = x.rowid
    WHERE ${['events_fts_extra MATCH ?', 'e.ts_ms IS NOT NULL', ...conditions.where].join(' AND ')} ORDER BY e.ts_ms ${dir}, e.rowid ${dir} LIMIT ?`;
  return cached(db, sql).all(match, ...conditions.params, limit) as EventKey[];
}

/**
 * The events matching `match` and the conditions (over `events e`), as a derived table of `rowid` and
 * `ts_ms` for SQL that aggregates over all of them (counts, timelines): the main index's timed keys joined
 * through the time index to their owners (the first event of the millisecond with the key's low bits: the
 * others are in the extra index), its untimed keys by rowid,
 * and the extra index. CROSS JOIN keeps the full-text index outside: with an entity condition the planner
 * would otherwise walk the entity's events and run the whole word query for each (seconds).
 */
export function matchingEventsTable(match: string, conditions: { where: string[]; params: unknown[] }, withRank = false): { sql: string; params: unknown[] } {
  const and = conditions.where.map((w) => ` AND ${w}`).join('');
  const rank = (alias: string) => (withRank ? `, ${alias}.rank` : '');
  const sql = `(
    SELECT e.rowid AS rowid, e.ts_ms AS ts_ms${withRank ? ', k.rank AS rank' : ''} FROM (
        SELECT (SELECT o.rowid FROM events o WHERE o.ts_ms = (f.rowid >> 21) AND (o.rowid & ${String(LOW_MASK)}) = (f.rowid & ${String(LOW_MASK)}) ORDER BY o.rowid LIMIT 1) AS r${withRank ? ', f.rank AS rank' : ''}
        FROM events_fts f WHERE events_fts MATCH ? AND f.rowid >= ${UNTIMED_BELOW}
      ) k CROSS JOIN events e ON e.rowid = k.r WHERE 1${and}
    UNION ALL
    SELECT e.rowid, e.ts_ms${rank('f')} FROM events_fts f CROSS JOIN events e ON e.rowid = ${untimedRowid('f.rowid')}
      WHERE events_fts MATCH ? AND f.rowid < ${UNTIMED_BELOW}${and}
    UNION ALL
    SELECT e.rowid, e.ts_ms${rank('x')} FROM events_fts_extra x CROSS JOIN events e ON e.rowid = x.rowid WHERE events_fts_extra MATCH ?${and}
  )`;
  return { sql, params: [match, ...conditions.params, match, ...conditions.params, match, ...conditions.params] };
}

/**
 * How many events match `match` (with a time in [since, until) when either is given), counting at most
 * `cap` + 1: keys of the main index in that range, then the extra index's matches.
 */
export function countMatching(db: Db, match: string, since: number | undefined, until: number | undefined, cap: number): number {
  const limit = `LIMIT ${String(cap + 1)}`;
  let main: number;
  if (since === undefined && until === undefined) {
    main = cached(db, `SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? ${limit})`, { pluck: true }).get(match) as number;
  } else {
    const from = Math.max(since ?? -Infinity, MIN_KEY_MS);
    const to = Math.min(until ?? Infinity, MAX_KEY_MS);
    const upper = to === MAX_KEY_MS ? '' : ` AND rowid < ${msKeySql('?')}`;
    const sql = `SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid >= ${msKeySql('?')}${upper} ${limit})`;
    main = from >= to ? 0 : (cached(db, sql, { pluck: true }).get(match, from, ...(upper === '' ? [] : [to])) as number);
  }
  if (main > cap || !hasExtraText(db)) return main;
  const where = ['events_fts_extra MATCH ?'];
  const params: unknown[] = [match];
  if (since !== undefined) {
    where.push('e.ts_ms >= ?');
    params.push(since);
  }
  if (until !== undefined) {
    where.push('e.ts_ms < ?');
    params.push(until);
  }
  const extra = `SELECT count(*) FROM (SELECT 1 FROM events_fts_extra x CROSS JOIN events e ON e.rowid = x.rowid WHERE ${where.join(' AND ')} ${limit})`;
  return main + (cached(db, extra, { pluck: true }).get(...params) as number);
}

/**
 * The `limit` events matching `match` with the best BM25 rank (ties: newest first), from the ranks of both
 * indexes alone; only the keys kept are mapped to events.
 */
export function rankedEvents(db: Db, match: string, limit: number): { rowid: number; rank: number }[] {
  const keys = cached(db, `SELECT rowid >> 21 AS t, rowid & ${String(LOW_MASK)} AS low, CASE WHEN rowid < ${UNTIMED_BELOW} THEN ${untimedRowid('rowid')} END AS untimed, rank
    FROM events_fts WHERE events_fts MATCH ? ORDER BY rank, rowid DESC LIMIT ?`).all(match, limit) as (TimeKey & { untimed: number | null; rank: number })[];
  const timed = keys.filter((k) => k.untimed === null);
  const events = eventsOfKeys(db, timed);
  const byKey = new Map(events.map((e) => [`${String(e.ts_ms)}:${String(e.rowid % (LOW_MASK + 1))}`, e]));
  const ranked: { rowid: number; ts: number | null; rank: number }[] = [];
  for (const k of keys) {
    if (k.untimed !== null) ranked.push({ rowid: k.untimed, ts: null, rank: k.rank });
    else {
      const event = byKey.get(`${String(k.t)}:${String(k.low)}`);
      if (event !== undefined) ranked.push({ rowid: event.rowid, ts: event.ts_ms, rank: k.rank });
    }
  }
  if (hasExtraText(db)) {
    const extra = cached(db, 'SELECT x.rowid, e.ts_ms AS ts, x.rank FROM events_fts_extra x CROSS JOIN events e ON e.rowid = x.rowid WHERE events_fts_extra MATCH ? ORDER BY x.rank LIMIT ?').all(match, limit) as { rowid: number; ts: number | null; rank: number }[];
    ranked.push(...extra);
  }
  ranked.sort((a, b) => a.rank - b.rank || compareKeys({ ts_ms: b.ts, rowid: b.rowid }, { ts_ms: a.ts, rowid: a.rowid }));
  return ranked.slice(0, limit).map(({ rowid, rank }) => ({ rowid, rank }));
}
