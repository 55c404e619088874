import { MAX_ALERT_EVIDENCE, type Alert } from '../../schema/alert.ts';
import type { VigilEvent } from '../../schema/event.ts';
import { buildAlert } from '../alert.ts';
import type { CompiledCorrelation } from '../types.ts';
import { onlyLowerBounds } from './condition.ts';
import type { Entry } from './window.ts';

const HALF = Math.floor(MAX_ALERT_EVIDENCE / 2);

export interface EvidenceItem {
  timeMs: number;
  event: VigilEvent;
}

/**
 * One alert in the making: a group's run of satisfying windows. It opens when the condition is first met,
 * takes in every window entry while the condition keeps holding, and closes once `timespan` has passed
 * without the condition holding. Evidence kept: the first and the last MAX_ALERT_EVIDENCE / 2 events.
 */
export class Burst {
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  /** Time of the last event at which the condition held. */
  lastTrueMs: number;
  /** Seq of the last window entry taken in. */
  lastSeq = -1;
  /** Direct events taken in, and the occurrences they stand for. */
  events = 0;
  occurrences = 0;
  /** The event_count measure over the whole burst. */
  weight = 0;
  /** The measure of the last window that met the condition. */
  windowValue = 0;
  readonly distinct = new Set<string>();
  sum = 0;
  /** Bursts of chained correlations this one builds on, in the order met. */
  readonly inner = new Set<Burst>();
  private readonly head: EvidenceItem[] = [];
  private tail: EvidenceItem[] = [];
  private tailNext = 0;

  constructor(
    readonly group: Readonly<Record<string, string>>,
    openedMs: number,
  ) {
    this.lastTrueMs = openedMs;
  }

  take(entry: Entry): void {
    this.lastSeq = entry.seq;
    this.weight += entry.weight;
    if (typeof entry.value === 'string') this.distinct.add(entry.value);
    if (typeof entry.value === 'number') this.sum += entry.value;
    if (entry.burst !== undefined) {
      this.inner.add(entry.burst);
      return;
    }
    this.firstMs = Math.min(this.firstMs, entry.timeMs);
    this.lastMs = Math.max(this.lastMs, entry.timeMs);
    this.events += 1;
    this.occurrences += entry.weight;
    if (entry.event !== undefined) this.keep({ timeMs: entry.timeMs, event: entry.event });
  }

  /** The kept evidence in time order. */
  kept(): EvidenceItem[] {
    return [...this.head, ...this.tail.slice(this.tailNext), ...this.tail.slice(0, this.tailNext)];
  }

  private keep(item: EvidenceItem): void {
    if (this.head.length < HALF) {
      this.head.push(item);
    } else if (this.tail.length < MAX_ALERT_EVIDENCE - HALF) {
      this.tail.push(item);
    } else {
      this.tail[this.tailNext] = item;
      this.tailNext = (this.tailNext + 1) % this.tail.length;
    }
  }
}

interface Evidence {
  items: EvidenceItem[];
  events: number;
  occurrences: number;
  firstMs: number;
  lastMs: number;
}

/** A burst's evidence with that of the chained bursts it builds on: distinct events, time order, capped. */
function evidenceOf(burst: Burst): Evidence {
  const out: Evidence = { items: burst.kept(), events: burst.events, occurrences: burst.occurrences, firstMs: burst.firstMs, lastMs: burst.lastMs };
  for (const inner of burst.inner) {
    const e = evidenceOf(inner);
    out.items.push(...e.items);
    out.events += e.events;
    out.occurrences += e.occurrences;
    out.firstMs = Math.min(out.firstMs, e.firstMs);
    out.lastMs = Math.max(out.lastMs, e.lastMs);
  }
  if (burst.inner.size === 0) return out;
  out.items.sort((a, b) => a.timeMs - b.timeMs || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
  const seen = new Set<string>();
  const items: EvidenceItem[] = [];
  for (const item of out.items) {
    if (seen.has(item.event.id)) continue;
    seen.add(item.event.id);
    items.push(item);
  }
  out.items = items.length <= MAX_ALERT_EVIDENCE ? items : [...items.slice(0, HALF), ...items.slice(items.length - (MAX_ALERT_EVIDENCE - HALF))];
  return out;
}

/**
 * The value an alert reports. With only lower bounds (gt/gte) on a count or sum, the whole burst: the
 * attempts of a brute force, the users of a spray. Otherwise (averages, temporal, upper bounds) the last
 * window that met the condition, so the value never contradicts the condition.
 */
function valueOf(c: CompiledCorrelation, burst: Burst): number {
  if (!onlyLowerBounds(c.condition)) return burst.windowValue;
  if (c.type === 'event_count') return burst.weight;
  if (c.type === 'value_count') return burst.distinct.size;
  if (c.type === 'value_sum') return burst.sum;
  return burst.windowValue;
}

export function burstAlert(c: CompiledCorrelation, burst: Burst): Alert {
  const evidence = evidenceOf(burst);
  const group = c.groupBy.length === 0 ? undefined : { ...burst.group };
  const alert = buildAlert(
    c.ref,
    c.type,
    evidence.items.map((i) => i.event),
    group === undefined ? { value: valueOf(c, burst) } : { value: valueOf(c, burst), group },
  );
  return {
    ...alert,
    ...(Number.isFinite(evidence.firstMs) ? { first_seen: new Date(evidence.firstMs).toISOString() } : {}),
    ...(Number.isFinite(evidence.lastMs) ? { last_seen: new Date(evidence.lastMs).toISOString() } : {}),
    count: Math.max(1, evidence.occurrences),
    event_total: evidence.events,
  };
}
