import type { Db } from './database.ts';
import { combinationEvents, type Combination, type EntityRanges } from './entity-ranges.ts';
import { cached } from './statements.ts';
import { compareKeys, countMatching, eventsOfKeys, matchingTimeKeys, type EventKey, type TimeKey } from './text-match.ts';
import { LOW_MASK, MAX_KEY_MS, MIN_KEY_MS } from './text-keys.ts';

/**
 * The timed events of a page, found in time order from sources that each deliver their matches in time
 * order: the time-keyed full-text index (words) and an entity's index ranges, one per (action, outcome,
 * dataset) (entity-ranges.ts). Each source is read in chunks from the page's end of the time range and knows
 * how far it is complete (its frontier: a chunk is complete for every millisecond before its last one). The
 * part of the range every source has covered is settled: its matches (the intersection, with words and an
 * entity) are final, and the source that has covered the least is read next. The work is the entries read
 * from the sources over the time span the page needs, not over all matches.
 */

export interface WalkRequest {
  order: 'asc' | 'desc';
  /** Time range to walk, ms: [lo, hi). */
  lo: number;
  hi: number;
  /** Only events after this position (in `order`) are wanted. */
  after?: EventKey;
  want: number;
  match?: string;
  ranges?: EntityRanges;
  /** Conditions over `events e` the events must meet as well (with `ranges`, applied in its range queries). */
  conditions: { where: string[]; params: unknown[] };
  /** Whether the extra full-text index holds events (an entity event found there does not own its key). */
  extraText: boolean;
  /** How words and an entity are combined, instead of the choice by counts (tests, benchmarks). */
  combine?: Combine;
}

const FIRST_CHUNK = 64;
const MAX_CHUNK = 8192;

/** A source read in chunks; `frontier`: every match from the walk's start up to it (exclusive) is fetched. */
class Source<T> {
  buffer: T[] = [];
  frontier: number;
  exhausted = false;
  private size: number;

  constructor(
    private readonly desc: boolean,
    private readonly range: { lo: number; hi: number },
    private readonly time: (item: T) => number,
    private readonly read: (lo: number, hi: number, limit: number) => T[],
    size: number,
  ) {
    this.frontier = desc ? range.hi : range.lo;
    this.size = size;
  }

  /** Reads the next chunk; the matches of its last millisecond are read again with the next one. */
  advance(): void {
    const { lo, hi } = this.desc ? { lo: this.range.lo, hi: this.frontier } : { lo: this.frontier, hi: this.range.hi };
    const items = lo < hi ? this.read(lo, hi, this.size) : [];
    const last = items[items.length - 1];
    if (items.length < this.size || last === undefined) {
      this.buffer.push(...items);
      this.exhausted = true;
      this.frontier = this.desc ? this.range.lo : this.range.hi;
      return;
    }
    const edge = this.desc ? this.time(last) + 1 : this.time(last);
    // A millisecond holding more than a chunk: read it whole next time.
    if (edge === this.frontier) this.size *= 2;
    else this.size = Math.min(MAX_CHUNK, this.size * 2);
    this.buffer.push(...items.filter((item) => (this.desc ? this.time(item) >= edge : this.time(item) < edge)));
    this.frontier = edge;
  }

  /** Removes and returns the buffered matches of the settled part of the range. */
  take(reach: number): T[] {
    const settled = (t: number) => (this.desc ? t >= reach : t < reach);
    const taken = this.buffer.filter((item) => settled(this.time(item)));
    this.buffer = this.buffer.filter((item) => !settled(this.time(item)));
    return taken;
  }
}

/** The entity's events: its combinations' sources together, complete up to the least advanced one. */
class EntitySource {
  private readonly parts: Source<EventKey>[];

  constructor(
    private readonly desc: boolean,
    private readonly range: { lo: number; hi: number },
    make: (combination: Combination) => Source<EventKey>,
    combinations: readonly Combination[],
  ) {
    this.parts = combinations.map(make);
    if (this.parts.length === 0) this.parts.push(new Source<EventKey>(desc, range, (e) => e.ts_ms!, () => [], 1));
  }

  get frontier(): number {
    const open = this.parts.filter((p) => !p.exhausted).map((p) => p.frontier);
    if (open.length === 0) return this.desc ? this.range.lo : this.range.hi;
    return this.desc ? Math.max(...open) : Math.min(...open);
  }

  get exhausted(): boolean {
    return this.parts.every((p) => p.exhausted);
  }

  get buffered(): number {
    return this.parts.reduce((n, p) => n + p.buffer.length, 0);
  }

  advance(): void {
    const frontier = this.frontier;
    for (const part of this.parts) if (!part.exhausted && part.frontier === frontier) part.advance();
  }

  take(reach: number): EventKey[] {
    return this.parts.flatMap((p) => p.take(reach));
  }
}

/** Drops the entity events that do not own their key: out of the keys' range, or in the extra index. */
function keyOwners(db: Db, events: EventKey[], extraText: boolean): EventKey[] {
  const inRange = events.filter((e) => e.ts_ms! >= MIN_KEY_MS && e.ts_ms! < MAX_KEY_MS);
  if (!extraText || inRange.length === 0) return inRange;
  const extra = new Set(cached(db, 'SELECT id FROM events_fts_extra_docsize WHERE id IN (SELECT value FROM json_each(?))', { pluck: true }).all(JSON.stringify(inRange.map((e) => e.rowid))) as number[]);
  return inRange.filter((e) => !extra.has(e.rowid));
}

function meetingConditions(db: Db, events: EventKey[], conditions: { where: string[]; params: unknown[] }): EventKey[] {
  if (conditions.where.length === 0 || events.length === 0) return events;
  const sql = `SELECT e.rowid FROM events e WHERE e.rowid IN (SELECT value FROM json_each(?)) AND ${conditions.where.join(' AND ')}`;
  const kept = new Set(cached(db, sql, { pluck: true }).all(JSON.stringify(events.map((e) => e.rowid)), ...conditions.params) as number[]);
  return events.filter((e) => kept.has(e.rowid));
}

/** The events (owners of their keys) whose keys the word query matches: one FTS5 lookup each (~10-30 µs). */
function holdingWords(db: Db, match: string, events: EventKey[]): EventKey[] {
  if (events.length === 0) return events;
  const sql = `SELECT rowid >> 21 AS t, rowid & ${String(LOW_MASK)} AS low FROM events_fts
    WHERE events_fts MATCH ? AND rowid IN (SELECT (j.value ->> 0) * ${String(LOW_MASK + 1)} + (j.value ->> 1) FROM json_each(?) j)`;
  const keys = byTime(cached(db, sql).all(match, JSON.stringify(events.map((e) => [e.ts_ms, e.rowid % (LOW_MASK + 1)]))) as TimeKey[]);
  return events.filter((e) => hasKey(keys, e));
}

function byTime(keys: readonly TimeKey[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const k of keys) {
    const lows = map.get(k.t);
    if (lows === undefined) map.set(k.t, [k.low]);
    else lows.push(k.low);
  }
  return map;
}

const hasKey = (keys: Map<number, number[]>, e: EventKey) => keys.get(e.ts_ms!)?.includes(e.rowid % (LOW_MASK + 1)) === true;

/**
 * How words and an entity are combined: by testing the entity's events against the full-text index when
 * it has few (`probe`), by testing the word matches' events when they are few next to the entity's, else by
 * walking both in time order (`merge`).
 */
export type Combine = 'text' | 'probe' | 'merge';
type Mode = Combine | 'entity';

const PROBE_EVENTS = 1024;
const FEW_WORD_MATCHES = 4096;

function chooseMode(db: Db, request: WalkRequest): Mode {
  if (request.match === undefined) return 'entity';
  if (request.ranges === undefined) return 'text';
  if (request.combine !== undefined) return request.combine;
  if (request.ranges.events <= PROBE_EVENTS) return 'probe';
  // Testing a word match's event reads its row (~15 µs); merging reads index entries (well under 1 µs).
  const matches = countMatching(db, request.match, finite(request.lo), finite(request.hi), FEW_WORD_MATCHES);
  return matches <= FEW_WORD_MATCHES && matches * 30 < request.ranges.events ? 'text' : 'merge';
}

const finite = (ms: number) => (Number.isFinite(ms) ? ms : undefined);

/** The first `want` timed events of the request's range in its order (fewer when there are no more). */
export function walkTimed(db: Db, request: WalkRequest): EventKey[] {
  const desc = request.order === 'desc';
  const mode = chooseMode(db, request);
  const range = { lo: request.lo, hi: request.hi };
  const size = Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, request.want));
  const match = request.match;
  const ranges = request.ranges;
  const perRange = Math.max(16, Math.ceil(size / Math.max(1, ranges?.combinations.length ?? 1)));
  const text =
    (mode === 'text' || mode === 'merge') && match !== undefined
      ? new Source<TimeKey>(desc, range, (k) => k.t, (lo, hi, limit) => matchingTimeKeys(db, match, lo, hi, request.order, limit), size)
      : undefined;
  const entity =
    mode !== 'text' && ranges !== undefined
      ? new EntitySource(desc, range, (c) => new Source<EventKey>(desc, range, (e) => e.ts_ms!, (lo, hi, limit) => combinationEvents(db, ranges, c, lo, hi, request.order, limit, request.conditions), perRange), ranges.combinations)
      : undefined;
  const found: EventKey[] = [];
  const isAfter = (e: EventKey) => request.after === undefined || (desc ? compareKeys(e, request.after) < 0 : compareKeys(e, request.after) > 0);
  const settle = (events: EventKey[]) => {
    events.sort((a, b) => (desc ? compareKeys(b, a) : compareKeys(a, b)));
    found.push(...events.filter(isAfter));
  };
  while (found.length < request.want) {
    if (text !== undefined && entity !== undefined) {
      // Merge: read the source that has covered less; once the word matches are all read, test them instead.
      if (text.exhausted) {
        settle(meetingConditions(db, eventsOfKeys(db, text.take(desc ? -Infinity : Infinity)), request.conditions));
        break;
      }
      if (desc ? text.frontier >= entity.frontier : text.frontier <= entity.frontier) text.advance();
      else entity.advance();
      const reach = desc ? Math.max(text.frontier, entity.frontier) : Math.min(text.frontier, entity.frontier);
      const keys = byTime(text.take(reach));
      settle(keyOwners(db, entity.take(reach).filter((e) => hasKey(keys, e)), request.extraText));
      if (entity.exhausted && entity.buffered === 0) break;
    } else if (text !== undefined) {
      if (text.exhausted && text.buffer.length === 0) break;
      text.advance();
      settle(meetingConditions(db, eventsOfKeys(db, text.take(text.frontier)), request.conditions));
    } else if (entity !== undefined) {
      if (entity.exhausted && entity.buffered === 0) break;
      entity.advance();
      const events = entity.take(entity.frontier);
      settle(mode === 'probe' ? holdingWords(db, match!, keyOwners(db, events, request.extraText)) : events);
    } else break;
  }
  return found.slice(0, request.want);
}
