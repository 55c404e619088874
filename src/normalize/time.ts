import { VigilError } from '../util/errors.ts';
import { isoString } from './iso-time.ts';
import { epochMillis, parseEpochText, parseTimeText, type TimeParts } from './time-layouts.ts';

export interface TimeInfo {
  source: 'record' | 'assumed_zone' | 'none';
  timezone?: string;
  year_from?: 'option' | 'file_mtime' | 'ingest_time';
  raw?: string;
}

export interface ResolvedTime {
  timestamp?: string;
  info: TimeInfo;
}

export interface TimeOptions {
  /** IANA zone name or fixed offset (`+02:00`) for times that carry no zone. */
  tz: string;
  /** Year of the first year-less timestamp; later ones roll over at year boundaries. */
  year?: number;
}

const DAY = 86_400_000;
const HALF_YEAR_MONTHS = 6;

/** Transitions fall on quarter hours of UTC (St. John's at 04:30Z, Chatham at :45), so offsets are cached per quarter. */
const OFFSET_SLOT = 900_000;
/** Half a day either side of a wall time: a zone changes its offset at most once in that span. */
const HALF_DAY = 43_200_000;
/** How much more a step back in a log's time weighs than a step forward, where a wall time names two instants. */
const BACKWARD_WEIGHT = 3;

/** Offset (minutes east of UTC) of an IANA zone at a UTC instant, cached per quarter hour. */
class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  at(utcMillis: number): number {
    const slot = Math.floor(utcMillis / OFFSET_SLOT);
    const cached = this.cache.get(slot);
    if (cached !== undefined) return cached;
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(slot * OFFSET_SLOT))) parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    const offset = Math.round((wall - slot * OFFSET_SLOT) / 60_000);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(slot, offset);
    return offset;
  }
}

function fixedOffset(tz: string): number | undefined {
  if (/^(utc|z|gmt)$/i.test(tz)) return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(tz);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const mins = Number(m[3] ?? '0');
  if (hours > 14 || mins > 59) return undefined;
  const minutes = hours * 60 + mins;
  return m[1] === '-' ? -minutes : minutes;
}

/** Validates a `--tz` value; throws a VigilError for an unknown zone. */
export function checkTimeZone(tz: string): void {
  if (fixedOffset(tz) !== undefined) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new VigilError('E_CONFIG', `unknown time zone: ${tz} (use an IANA name such as Europe/Paris, or an offset such as +02:00)`);
  }
}

/**
 * Resolves raw timestamps of one input file to UTC. Stateful: year-less stamps given `--year` roll over
 * when the month goes back by half a year or more (December → January).
 */
export class TimeResolver {
  private readonly fixed: number | undefined;
  private readonly zone: ZoneOffsets | undefined;
  private readonly referenceYear: number;
  private rolloverYear: number | undefined;
  private lastMonth = 0;
  /** The instant this file's previous zone-less time resolved to (fromWallClock). */
  private lastAssumed: number | undefined;

  constructor(
    private readonly options: TimeOptions,
    /** The file's modification time (ms), or undefined for stdin (then ingest time is used). */
    private readonly referenceMillis: number | undefined,
    private readonly nowMillis: number,
  ) {
    this.fixed = fixedOffset(options.tz);
    this.zone = this.fixed === undefined ? new ZoneOffsets(options.tz) : undefined;
    this.rolloverYear = options.year;
    this.referenceYear = new Date(referenceMillis ?? nowMillis).getUTCFullYear();
  }

  /** Consecutive records very often share a timestamp text (same second): resolve it once. */
  private last: { raw: string | number; isUtc: boolean; result: ResolvedTime } | undefined;

  resolve(raw: string | number | undefined, isUtc = false): ResolvedTime {
    if (raw === undefined || raw === '') return { info: { source: 'none' } };
    const last = this.last;
    if (last !== undefined && last.raw === raw && last.isUtc === isUtc) return last.result;
    const result = this.resolveUncached(raw, isUtc);
    this.last = { raw, isUtc, result };
    return result;
  }

  /** The wrapper time last resolved (a Splunk export's rows alternate it with their records' own). */
  private lastFallback: { raw: string; result: ResolvedTime } | undefined;

  /**
   * The record's own time when it is an instant (it names its zone and year, or is an epoch); else a wrapper's time
   * for the record when that is one, or when it writes the year the record's own leaves out (a Kibana export's
   * `Nov 24, 2026 @ 08:16:02.123` for a syslog line; both in `--tz`); else the own time as `--tz` and the year
   * inference make it.
   */
  resolveOrFallback(raw: string | number | undefined, isUtc: boolean, fallback: string): ResolvedTime {
    const own = this.resolve(raw, isUtc);
    if (isInstant(own)) return own;
    let wrapper = this.lastFallback?.raw === fallback ? this.lastFallback.result : undefined;
    if (wrapper === undefined) {
      wrapper = fallback === '' ? { info: { source: 'none' } } : this.resolveUncached(fallback, false);
      this.lastFallback = { raw: fallback, result: wrapper };
    }
    const writesYear = wrapper.timestamp !== undefined && wrapper.info.year_from === undefined && own.info.year_from !== undefined;
    return isInstant(wrapper) || own.timestamp === undefined || writesYear ? wrapper : own;
  }

  private resolveUncached(raw: string | number, isUtc: boolean): ResolvedTime {
    if (typeof raw === 'number') return this.fromEpoch(epochMillis(raw), String(raw));
    const epoch = parseEpochText(raw);
    if (epoch !== undefined) return this.fromEpoch(epoch, raw);
    const parts = parseTimeText(raw);
    if (parts === undefined) return { info: { source: 'none', raw } };
    const info: TimeInfo = { source: 'record' };
    if (parts.year === undefined) {
      const { year, from } = this.inferYear(parts);
      parts.year = year;
      info.year_from = from;
    }
    let millis: number;
    if (parts.offsetMinutes !== undefined || isUtc) {
      millis = wallMillis(parts) - (parts.offsetMinutes ?? 0) * 60_000;
    } else {
      millis = this.fromWallClock(wallMillis(parts));
      info.source = 'assumed_zone';
      info.timezone = this.options.tz;
    }
    if (!Number.isFinite(millis)) return { info: { source: 'none', raw } };
    return { timestamp: isoString(millis), info };
  }

  private fromEpoch(millis: number | undefined, raw: string): ResolvedTime {
    if (millis === undefined) return { info: { source: 'none', raw } };
    return { timestamp: isoString(millis), info: { source: 'record' } };
  }

  private fromWallClock(wall: number): number {
    if (this.fixed !== undefined) return wall - this.fixed * 60_000;
    const zone = this.zone!;
    const first = wall - zone.at(wall) * 60_000;
    let instant = wall - zone.at(first) * 60_000;
    const before = zone.at(wall - HALF_DAY);
    const after = zone.at(wall + HALF_DAY);
    if (before !== after) instant = this.inRepeatedHour(zone, wall, before, after) ?? instant;
    this.lastAssumed = instant;
    return instant;
  }

  /**
   * Near a transition: when clocks fall back, the wall times of the hour before repeat, and one names two instants
   * (`01:30` in New York on 2024-11-03 is 05:30Z and 06:30Z). A log goes forward: of the two, the one nearer the
   * instant this file's previous zone-less time resolved to, a step back counting three times a step forward. So
   * the repeated hour follows the first (forward gaps of up to 45 minutes), and a line up to 15 minutes late in the
   * first hour stays in it. Without a previous time, the earlier. Undefined when the wall time is not a repeated one.
   */
  private inRepeatedHour(zone: ZoneOffsets, wall: number, before: number, after: number): number | undefined {
    const early = wall - before * 60_000;
    const late = wall - after * 60_000;
    if (late <= early || zone.at(early) !== before || zone.at(late) !== after) return undefined;
    const last = this.lastAssumed;
    if (last === undefined) return early;
    const distance = (instant: number) => (instant >= last ? instant - last : (last - instant) * BACKWARD_WEIGHT);
    return distance(late) < distance(early) ? late : early;
  }

  private inferYear(parts: TimeParts): { year: number; from: 'option' | 'file_mtime' | 'ingest_time' } {
    if (this.rolloverYear !== undefined) {
      if (this.lastMonth - parts.month >= HALF_YEAR_MONTHS) this.rolloverYear++;
      this.lastMonth = parts.month;
      return { year: this.rolloverYear, from: 'option' };
    }
    const reference = this.referenceMillis ?? this.nowMillis;
    let year = this.referenceYear;
    // A stamp later than the reference (plus a day of clock slack) belongs to the previous year.
    if (Date.UTC(year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millis) > reference + DAY) year--;
    // Feb 29 of a year without one is the last leap year's.
    while (parts.month === 2 && parts.day === 29 && !isLeapYear(year)) year--;
    return { year, from: this.referenceMillis === undefined ? 'ingest_time' : 'file_mtime' };
  }
}

/** A time the record wrote whole: its zone and year (or an epoch), nothing assumed or inferred. */
function isInstant(resolved: ResolvedTime): boolean {
  return resolved.timestamp !== undefined && resolved.info.source === 'record' && resolved.info.year_from === undefined;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function wallMillis(parts: TimeParts): number {
  return Date.UTC(parts.year ?? 1970, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millis);
}
