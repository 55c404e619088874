import type { Alert } from '../../schema/alert.ts';
import type { VigilEvent } from '../../schema/event.ts';
import type { CompiledRule, Correlator, RuleMatch } from '../types.ts';
import { Burst, burstAlert } from './burst.ts';
import { conditionHolds } from './condition.ts';
import { MinHeap } from './heap.ts';
import type { ChainFeed, CorrelationRuntime, Group, RuleFeed } from './runtime.ts';
import { keyOf, numberOf } from './values.ts';
import { GroupWindow, type Entry } from './window.ts';

/** A match on its way into one correlation. */
interface Input {
  timeMs: number;
  weight: number;
  indices: number[];
  groupValues: string[];
  value: string | number | undefined;
  event: VigilEvent | undefined;
  burst: Burst | undefined;
}

interface Scheduled {
  runtime: CorrelationRuntime;
  group: Group;
}

/**
 * Runs every correlation over the matches pushed in time order. Each group sits in a deadline heap once;
 * as time passes (any match moves the clock) the groups whose deadline went by close their burst (which
 * becomes an alert) or, idle for a whole timespan, are forgotten — memory follows the active groups only.
 */
export class CorrelationEngine implements Correlator {
  private nowMs = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private readonly heap = new MinHeap<Scheduled>();
  private out: Alert[] = [];

  constructor(private readonly feeds: ReadonlyMap<CompiledRule, readonly RuleFeed[]>) {}

  /** Groups held in memory across all correlations (each sits in the heap exactly once). */
  get liveGroups(): number {
    return this.heap.size;
  }

  push(match: RuleMatch): Alert[] {
    this.advance(match.timeMs);
    for (const feed of this.feeds.get(match.rule) ?? []) {
      const input = ruleInput(feed, match);
      if (input !== undefined) this.deliver(feed.target, input);
    }
    return this.drain();
  }

  flush(): Alert[] {
    const open: { deadline: number; scheduled: Scheduled }[] = [];
    for (let item = this.heap.pop(); item !== undefined; item = this.heap.pop()) {
      const { runtime, group } = item.value;
      runtime.groups.delete(group.key);
      if (group.burst !== undefined) open.push({ deadline: runtime.deadline(group), scheduled: item.value });
    }
    // Stable sort: equal deadlines keep heap order, which is deterministic.
    open.sort((a, b) => a.deadline - b.deadline);
    for (const { scheduled } of open) this.close(scheduled.runtime, scheduled.group);
    this.nowMs = Number.NEGATIVE_INFINITY;
    return this.drain();
  }

  private drain(): Alert[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Moves the clock; closes bursts and forgets groups whose deadline is now past, in deadline order. */
  private advance(timeMs: number): void {
    if (timeMs > this.nowMs) this.nowMs = timeMs;
    for (let top = this.heap.peek(); top !== undefined && top.key < this.nowMs; top = this.heap.peek()) {
      this.heap.pop();
      const { runtime, group } = top.value;
      let deadline = runtime.deadline(group);
      if (deadline > top.key) {
        this.heap.push(deadline, top.value);
        continue;
      }
      if (group.burst !== undefined) {
        this.close(runtime, group);
        deadline = runtime.deadline(group);
        if (deadline >= this.nowMs) {
          this.heap.push(deadline, top.value);
          continue;
        }
      }
      runtime.groups.delete(group.key);
    }
  }

  private close(runtime: CorrelationRuntime, group: Group): void {
    const burst = group.burst;
    if (burst === undefined) return;
    group.burst = undefined;
    if (runtime.correlation.generate) this.out.push(burstAlert(runtime.correlation, burst));
  }

  private deliver(runtime: CorrelationRuntime, input: Input): void {
    const group = this.groupFor(runtime, input);
    const { window } = group;
    window.expire(input.timeMs);
    const last = window.last;
    if (last !== undefined && sameStep(last, input)) {
      window.merge(last, input.indices);
    } else {
      const { timeMs, weight, indices, value, event, burst } = input;
      window.add({ timeMs, seq: this.seq++, weight, indices, value, event, burst } satisfies Entry);
    }
    group.lastEntryMs = Math.max(group.lastEntryMs, input.timeMs);
    const measured = window.measure(input.timeMs);
    if (conditionHolds(runtime.correlation.condition, measured)) this.extend(runtime, group, input.timeMs, measured);
  }

  /** The condition holds at `timeMs`: open the group's burst or extend it, and tell chained correlations. */
  private extend(runtime: CorrelationRuntime, group: Group, timeMs: number, measured: number): void {
    const fired = group.burst === undefined;
    const burst = group.burst ?? new Burst(group.values, timeMs);
    group.burst = burst;
    const fresh = fired ? group.window.since(group.window.startOfMeasure(timeMs)) : group.window.after(burst.lastSeq);
    for (const entry of fresh) burst.take(entry);
    burst.lastTrueMs = Math.max(burst.lastTrueMs, timeMs);
    burst.windowValue = measured;
    for (const feed of runtime.chainFeeds) {
      const input = chainInput(feed, burst, timeMs, fired);
      if (input !== undefined) this.deliver(feed.target, input);
    }
  }

  private groupFor(runtime: CorrelationRuntime, input: Input): Group {
    const given = input.groupValues;
    const key = given.length === 1 ? (given[0] ?? '') : JSON.stringify(given);
    let group = runtime.groups.get(key);
    if (group === undefined) {
      const c = runtime.correlation;
      const values: Record<string, string> = {};
      c.groupBy.forEach((name, i) => (values[name] = given[i] ?? ''));
      group = { key, values, window: new GroupWindow(c.type, c.timespanMs, c.ruleRefs.length), burst: undefined, lastEntryMs: input.timeMs };
      runtime.groups.set(key, group);
      this.heap.push(runtime.deadline(group), { runtime, group });
    }
    return group;
  }
}

/** The same event matched by a second rule of the correlation, or the same burst at the same moment. */
function sameStep(last: Entry, input: Input): boolean {
  if (last.timeMs !== input.timeMs) return false;
  if (input.burst !== undefined) return last.burst === input.burst;
  return input.event !== undefined && last.event !== undefined && last.event.id === input.event.id;
}

function ruleInput(feed: RuleFeed, match: RuleMatch): Input | undefined {
  const { event } = match;
  const groupValues: string[] = [];
  for (const get of feed.group) {
    const value = keyOf(get(event));
    if (value === undefined) return undefined;
    groupValues.push(value);
  }
  let value: string | number | undefined;
  if (feed.value !== undefined) {
    const raw = feed.value(event);
    value = feed.target.correlation.type === 'value_count' ? keyOf(raw) : numberOf(raw);
    if (value === undefined) return undefined;
  }
  return { timeMs: match.timeMs, weight: event.event.count ?? 1, indices: feed.indices, groupValues, value, event, burst: undefined };
}

function chainInput(feed: ChainFeed, burst: Burst, timeMs: number, fired: boolean): Input | undefined {
  const groupValues: string[] = [];
  for (const name of feed.groupNames) {
    const value = burst.group[name];
    if (value === undefined) return undefined;
    groupValues.push(value);
  }
  const value = feed.valueName === undefined ? undefined : burst.group[feed.valueName];
  if (feed.valueName !== undefined && value === undefined) return undefined;
  return { timeMs, weight: fired ? 1 : 0, indices: feed.indices, groupValues, value, event: undefined, burst };
}
