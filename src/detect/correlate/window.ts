import { MAX_ALERT_EVIDENCE } from '../../schema/alert.ts';
import type { VigilEvent } from '../../schema/event.ts';
import type { CompiledCorrelation } from '../types.ts';
import type { Burst } from './burst.ts';

/** One match inside a group's window. */
export interface Entry {
  timeMs: number;
  /** Arrival order inside the correlator: tells a burst which window entries it already holds. */
  seq: number;
  /**
   * What the entry adds to event_count: the event's occurrences (`event.count`, else 1); for a chained
   * correlation, 1 when its burst fires and 0 when that burst merely continues.
   */
  weight: number;
  /** The positions in the correlation's rule list that this match fills, highest first. */
  indices: number[];
  /** The value_count key or the value_sum / value_avg number. */
  value: string | number | undefined;
  /** The event; dropped (undefined) once MAX_ALERT_EVIDENCE newer entries are in the window. */
  event: VigilEvent | undefined;
  /** The burst of a chained correlation that this entry stands for. */
  burst: Burst | undefined;
}

/**
 * The sliding window of one group: the entries of the last `timespan` milliseconds (both ends inclusive:
 * an entry at `t - timespan` still counts at `t`) and the measures over them, kept up to date as entries
 * come and go so that measuring costs nothing per event.
 */
export class GroupWindow {
  private entries: Entry[] = [];
  private head = 0;
  private weightSum = 0;
  private sum = 0;
  private numbers = 0;
  /** value_count: how many window entries hold each value (allocated on the first value). */
  private valueCounts: Map<string, number> | undefined;
  /** temporal types: how many window entries fill each rule position. */
  private readonly indexCounts: number[];
  private distinctIndices = 0;
  /** temporal_ordered: the latest start time of a chain that has reached each position, in order. */
  private readonly chainStart: (number | undefined)[];
  private readonly temporal: boolean;

  constructor(
    private readonly type: CompiledCorrelation['type'],
    private readonly spanMs: number,
    ruleCount: number,
  ) {
    this.temporal = type === 'temporal' || type === 'temporal_ordered';
    this.indexCounts = this.temporal ? new Array<number>(ruleCount).fill(0) : [];
    this.chainStart = type === 'temporal_ordered' ? new Array<number | undefined>(ruleCount).fill(undefined) : [];
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  get last(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  add(entry: Entry): void {
    this.entries.push(entry);
    this.weightSum += entry.weight;
    if (typeof entry.value === 'string') {
      this.valueCounts ??= new Map<string, number>();
      this.valueCounts.set(entry.value, (this.valueCounts.get(entry.value) ?? 0) + 1);
    }
    if (typeof entry.value === 'number') {
      this.sum += entry.value;
      this.numbers += 1;
    }
    this.countIndices(entry.indices, entry.timeMs, 1);
    const unheld = this.entries[this.entries.length - 1 - MAX_ALERT_EVIDENCE];
    if (unheld !== undefined && this.entries.length - 1 - MAX_ALERT_EVIDENCE >= this.head) unheld.event = undefined;
  }

  /** The same event (or burst step) matched more rules of this correlation: it fills more positions. */
  merge(entry: Entry, indices: readonly number[]): void {
    const fresh = indices.filter((i) => !entry.indices.includes(i)).sort((a, b) => b - a);
    entry.indices = [...entry.indices, ...fresh].sort((a, b) => b - a);
    this.countIndices(fresh, entry.timeMs, 1);
  }

  /** Drops the entries older than `timespan` before `nowMs`. */
  expire(nowMs: number): void {
    const oldest = nowMs - this.spanMs;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry === undefined || entry.timeMs >= oldest) break;
      this.remove(entry);
      this.head += 1;
    }
    // Expired entries are cut off once they are the majority: amortised O(1), at most max(32, size) of them.
    if (this.head > 32 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The measured value over the window as of `nowMs` (after expire). */
  measure(nowMs: number): number {
    switch (this.type) {
      case 'event_count':
        return this.weightSum;
      case 'value_count':
        return this.valueCounts?.size ?? 0;
      case 'value_sum':
        return this.sum;
      case 'value_avg':
        return this.numbers === 0 ? 0 : this.sum / this.numbers;
      case 'temporal':
        return this.distinctIndices;
      case 'temporal_ordered':
        return this.orderedLength(nowMs);
    }
  }

  /** The entries from a time on, in arrival order. */
  *since(fromMs: number): Generator<Entry> {
    for (let i = this.head; i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      if (entry !== undefined && entry.timeMs >= fromMs) yield entry;
    }
  }

  /** The entries that arrived after `seq`, in arrival order (found from the newest end: usually one step). */
  *after(seq: number): Generator<Entry> {
    let i = this.entries.length;
    while (i > this.head && (this.entries[i - 1]?.seq ?? seq) > seq) i -= 1;
    for (; i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      if (entry !== undefined) yield entry;
    }
  }

  /** When the measured ordered chain started (temporal_ordered), else the window's start. */
  startOfMeasure(nowMs: number): number {
    if (this.type !== 'temporal_ordered') return nowMs - this.spanMs;
    const length = this.orderedLength(nowMs);
    return length === 0 ? nowMs : (this.chainStart[length - 1] ?? nowMs);
  }

  private orderedLength(nowMs: number): number {
    const oldest = nowMs - this.spanMs;
    for (let k = this.chainStart.length; k > 0; k -= 1) {
      const start = this.chainStart[k - 1];
      if (start !== undefined && start >= oldest) return k;
    }
    return 0;
  }

  private countIndices(indices: readonly number[], timeMs: number, delta: 1 | -1): void {
    if (!this.temporal) return;
    for (const i of indices) {
      const before = this.indexCounts[i] ?? 0;
      this.indexCounts[i] = before + delta;
      if (before === 0 && delta === 1) this.distinctIndices += 1;
      if (before === 1 && delta === -1) this.distinctIndices -= 1;
      if (delta === 1 && this.type === 'temporal_ordered') this.extendChain(i, timeMs);
    }
  }

  /** Highest position first, so one event never both ends one step and starts the next. */
  private extendChain(i: number, timeMs: number): void {
    if (i === 0) {
      this.chainStart[0] = timeMs;
      return;
    }
    const previous = this.chainStart[i - 1];
    if (previous === undefined || previous < timeMs - this.spanMs) return;
    const current = this.chainStart[i];
    this.chainStart[i] = current === undefined ? previous : Math.max(current, previous);
  }

  private remove(entry: Entry): void {
    this.weightSum -= entry.weight;
    if (typeof entry.value === 'string' && this.valueCounts !== undefined) {
      const n = (this.valueCounts.get(entry.value) ?? 1) - 1;
      if (n === 0) this.valueCounts.delete(entry.value);
      else this.valueCounts.set(entry.value, n);
    }
    if (typeof entry.value === 'number') {
      this.numbers -= 1;
      // An empty window restarts from an exact zero rather than from accumulated rounding.
      this.sum = this.numbers === 0 ? 0 : this.sum - entry.value;
    }
    this.countIndices(entry.indices, entry.timeMs, -1);
  }
}
