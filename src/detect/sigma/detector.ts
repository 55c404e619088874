import type { Alert, RuleRef } from '../../schema/alert.ts';
import type { VigilEvent } from '../../schema/event.ts';
import { buildAlert } from '../alert.ts';
import { createCorrelator } from '../correlate/index.ts';
import type { CompiledRule, Correlator, FieldResolver, RuleProblem, RuleSetLoad } from '../types.ts';
import { Prefilter } from './prefilter/index.ts';
import { logsourceKey, SigmaRule } from './rule.ts';

type Test = (event: VigilEvent) => boolean;

interface Slot {
  index: number;
  rule: CompiledRule;
  /** The condition alone when the group's logsource test already ran, else the rule's full `matches`. */
  test: Test;
}

interface Group {
  selects: Test;
  slots: Slot[];
  /** Which slots an event can match; built once the group is complete. */
  prefilter: Prefilter;
}

export interface DetectorStats {
  events: number;
  /** Alerts returned so far (rule matches that generate alerts, and correlation alerts). */
  alerts: number;
  /** Matches per rule, in rule order (rules that never matched included, with 0). */
  matches: { rule: RuleRef; count: number }[];
}

export interface Detector {
  /**
   * Events must come in time order (events without a time last). Returns the alerts this event completed:
   * match alerts in rule order, then correlation alerts. The array is shared and frozen when empty: do not
   * mutate it.
   */
  push(event: VigilEvent): Alert[];
  flush(): Alert[];
  stats(): DetectorStats;
  /** Problems the correlator found when it resolved the correlations' rule references. */
  problems: readonly RuleProblem[];
}

const NO_ALERTS: Alert[] = Object.freeze([]) as unknown as Alert[];

/**
 * Rules are grouped by logsource: each distinct logsource's predicate runs once per event, and only the
 * rules of the groups that select the event run their conditions, and of those only the ones the event can
 * match (prefilter/: the literals and numbers a rule needs, found for the whole group in one pass per field).
 * Alerts of one event come in rule order (the load order: files sorted, documents in file order), then the
 * correlation alerts.
 */
export function createDetector(set: RuleSetLoad, resolver: FieldResolver): Detector {
  const { correlator, problems } = createCorrelator(set.correlations, set.rules, resolver);
  const groups = groupByLogsource(set.rules);
  const counts = new Array<number>(set.rules.length).fill(0);
  const matched: number[] = [];
  let events = 0;
  let alertCount = 0;
  const push = (event: VigilEvent): Alert[] => {
    events++;
    matched.length = 0;
    for (const group of groups) if (group.selects(event)) runGroup(group, event, matched);
    if (matched.length === 0) return NO_ALERTS;
    if (matched.length > 1) matched.sort((a, b) => a - b);
    const alerts = emit(matched, set.rules, event, counts, correlator);
    alertCount += alerts.length;
    return alerts.length === 0 ? NO_ALERTS : alerts;
  };
  return {
    push,
    flush: () => {
      const alerts = correlator.flush();
      alertCount += alerts.length;
      return alerts;
    },
    stats: () => ({ events, alerts: alertCount, matches: set.rules.map((rule, i) => ({ rule: rule.ref, count: counts[i] ?? 0 })) }),
    problems,
  };
}

function emit(matched: readonly number[], rules: readonly CompiledRule[], event: VigilEvent, counts: number[], correlator: Correlator): Alert[] {
  const alerts: Alert[] = [];
  const correlated: Alert[] = [];
  const time = event['@timestamp'];
  const timeMs = time === undefined ? NaN : Date.parse(time);
  for (const index of matched) {
    const rule = rules[index]!;
    counts[index] = (counts[index] ?? 0) + 1;
    if (rule.generate) alerts.push(buildAlert(rule.ref, 'match', [event]));
    if (!Number.isNaN(timeMs)) correlated.push(...correlator.push({ rule, event, timeMs }));
  }
  return correlated.length === 0 ? alerts : alerts.concat(correlated);
}

/** The rule indexes of the group's slots that match the event, appended to `matched` (in no set order). */
function runGroup(group: Group, event: VigilEvent, matched: number[]): void {
  const { slots, prefilter } = group;
  const always = prefilter.always;
  for (let i = 0; i < always.length; i++) {
    const slot = slots[always[i]!]!;
    if (slot.test(event)) matched.push(slot.index);
  }
  const candidates = prefilter.candidates(event);
  const list = candidates.list;
  for (let i = 0; i < candidates.size; i++) {
    const slot = slots[list[i]!]!;
    if (slot.test(event)) matched.push(slot.index);
  }
}

function groupByLogsource(rules: readonly CompiledRule[]): Group[] {
  const byKey = new Map<string, { selects: Test; slots: Slot[]; needs: SigmaRule['need'][] }>();
  const always: Test = () => true;
  rules.forEach((rule, index) => {
    const sigma = rule instanceof SigmaRule ? rule : undefined;
    const key = sigma === undefined ? `#${index}` : logsourceKey(rule.logsource);
    let group = byKey.get(key);
    if (group === undefined) {
      group = { selects: sigma === undefined ? always : sigma.selects, slots: [], needs: [] };
      byKey.set(key, group);
    }
    group.slots.push({ index, rule, test: sigma === undefined ? (event) => rule.matches(event) : sigma.condition });
    group.needs.push(sigma?.need);
  });
  return [...byKey.values()].map(({ selects, slots, needs }) => ({ selects, slots, prefilter: new Prefilter(needs) }));
}
