import type { Db } from './database.ts';
import { entityEvents, type EntityRanges } from './entity-ranges.ts';
import { cached } from './statements.ts';
import { compareKeys, eventsOfKeys, matchingTimeKeys, type EventKey, type TimeKey } from './text-match.ts';
import { LOW_MASK } from './text-keys.ts';

/**
 * The timed events of a page found in time order from up to two sources that each deliver their matches in
 * time order: the time-keyed full-text index (words) and an entity's index ranges (entity-ranges.ts). Both
 * are read in chunks from the page's end of the time range; a chunk is complete for every millisecond before
 * its last one, so the part of the range both chunks cover completely is settled (intersected when both
 * sources are given) and the walk moves past it. The work is the entries read from both sources over the
 * time span the page needs, not over all matches.
 */

export interface WalkRequest {
  order: 'asc' | 'desc';
  /** Time range still to walk, ms: [lo, hi). */
  lo: number;
  hi: number;
  /** Only events after this position (in `order`) are wanted. */
  after?: EventKey;
  want: number;
  match?: string;
  ranges?: EntityRanges;
  /** Conditions over `events e` the events must meet as well (with `ranges`, applied in its range queries). */
  conditions: { where: string[]; params: unknown[] };
  /** Whether the extra full-text index holds events (then entity events need a check, see below). */
  extraText: boolean;
}

interface Chunk<T> {
  items: T[];
  /** The walk is settled up to here (exclusive when walking down, inclusive bound of the rest when up). */
  reach: number;
}

const FIRST_CHUNK = 64;
const MAX_CHUNK = 8192;


function textChunk(db: Db, request: WalkRequest, match: string, lo: number, hi: number, size: number): Chunk<TimeKey> {
  const items = matchingTimeKeys(db, match, lo, hi, request.order, size);
  const last = items[items.length - 1];
  if (items.length < size || last === undefined) return { items, reach: request.order === 'desc' ? lo : hi };
  return { items, reach: request.order === 'desc' ? last.t + 1 : last.t };
}

function entityChunk(db: Db, request: WalkRequest, ranges: EntityRanges, lo: number, hi: number, size: number): Chunk<EventKey> {
  const desc = request.order === 'desc';
  const merged = entityEvents(db, ranges, lo, hi, request.order, size, request.conditions).flat();
  merged.sort((a, b) => (desc ? compareKeys(b, a) : compareKeys(a, b)));
  // Fewer than `size` events of any range before the size-th of the merge: every range is complete up to it.
  const last = merged[size - 1];
  if (last === undefined) return { items: merged, reach: desc ? lo : hi };
  return { items: merged, reach: desc ? last.ts_ms! + 1 : last.ts_ms! };
}

/** Drops the entity events that share their key with an older event: those are in the extra index. */
function keyOwners(db: Db, events: EventKey[], extraText: boolean): EventKey[] {
  if (!extraText || events.length === 0) return events;
  const extra = new Set(cached(db, 'SELECT id FROM events_fts_extra_docsize WHERE id IN (SELECT value FROM json_each(?))', { pluck: true }).all(JSON.stringify(events.map((e) => e.rowid))) as number[]);
  return events.filter((e) => !extra.has(e.rowid));
}

function meetingConditions(db: Db, events: EventKey[], conditions: { where: string[]; params: unknown[] }): EventKey[] {
  if (conditions.where.length === 0 || events.length === 0) return events;
  const sql = `SELECT e.rowid FROM events e WHERE e.rowid IN (SELECT value FROM json_each(?)) AND ${conditions.where.join(' AND ')}`;
  const kept = new Set(cached(db, sql, { pluck: true }).all(JSON.stringify(events.map((e) => e.rowid)), ...conditions.params) as number[]);
  return events.filter((e) => kept.has(e.rowid));
}

/** The first `want` timed events of the request's range in its order (fewer when there are no more). */
export function walkTimed(db: Db, request: WalkRequest): EventKey[] {
  const desc = request.order === 'desc';
  const found: EventKey[] = [];
  let { lo, hi } = request;
  let size = Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, request.want));
  const isAfter = (e: EventKey) => request.after === undefined || (desc ? compareKeys(e, request.after) < 0 : compareKeys(e, request.after) > 0);
  while (found.length < request.want && lo < hi) {
    const text = request.match === undefined ? undefined : textChunk(db, request, request.match, lo, hi, size);
    // Every remaining word match is in hand: testing them is cheaper than walking the entity's ranges.
    const textOnly = text !== undefined && (desc ? text.reach === lo : text.reach === hi);
    const entity = request.ranges === undefined || textOnly ? undefined : entityChunk(db, request, request.ranges, lo, hi, size);
    const reaches = [text?.reach, entity?.reach].filter((r) => r !== undefined);
    const reach = desc ? Math.max(...reaches) : Math.min(...reaches);
    const settled = (t: number) => (desc ? t >= reach : t < reach);
    let events: EventKey[];
    if (text !== undefined && entity !== undefined) {
      const keys = new Set(text.items.filter((k) => settled(k.t)).map((k) => `${String(k.t)}:${String(k.low)}`));
      const candidates = entity.items.filter((e) => settled(e.ts_ms!) && keys.has(`${String(e.ts_ms)}:${String(e.rowid % (LOW_MASK + 1))}`));
      events = keyOwners(db, candidates, request.extraText);
    } else if (text !== undefined) {
      events = meetingConditions(db, eventsOfKeys(db, text.items.filter((k) => settled(k.t))), request.conditions);
    } else {
      events = entity!.items.filter((e) => settled(e.ts_ms!));
    }
    events.sort((a, b) => (desc ? compareKeys(b, a) : compareKeys(a, b)));
    found.push(...events.filter(isAfter));
    const stuck = reach === (desc ? hi : lo);
    if (desc) hi = reach;
    else lo = reach;
    // Sparse matches: read further at a time; a millisecond holding more than a chunk: read all of it.
    size = stuck ? size * 2 : Math.min(MAX_CHUNK, size * 2);
  }
  return found.slice(0, request.want);
}
