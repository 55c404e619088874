import { MAX_ALERT_EVIDENCE, type Alert, type AlertType, type Entities, type RuleRef } from '../schema/alert.ts';
import type { VigilEvent } from '../schema/event.ts';
import { contentHash } from '../util/hash.ts';

export interface AlertExtras {
  value?: number;
  group?: Record<string, string>;
}

/**
 * Builds an alert from its evidence (in time order). The id hashes the rule, the type, the group and every
 * evidence id, so the same data and rules give the same alert ids in every run.
 */
export function buildAlert(rule: RuleRef, type: AlertType, events: readonly VigilEvent[], extras: AlertExtras = {}): Alert {
  const ids = events.map((e) => e.id);
  const group = extras.group;
  const groupKey = group === undefined ? '' : Object.keys(group).sort().map((k) => `${k}=${group[k] ?? ''}`).join('\u0001');
  const times = events.map((e) => e['@timestamp']).filter((t): t is string => t !== undefined).sort();
  return {
    id: contentHash([rule.id, type, groupKey, ...ids]),
    rule,
    type,
    first_seen: times[0],
    last_seen: times[times.length - 1],
    count: Math.max(1, events.reduce((n, e) => n + (e.event.count ?? 1), 0)),
    ...(extras.value === undefined ? {} : { value: extras.value }),
    ...(group === undefined ? {} : { group }),
    entities: entitiesOf(events),
    event_ids: ids.slice(0, MAX_ALERT_EVIDENCE),
    event_total: ids.length,
  };
}

/** The source IPs, destination IPs, users (acting and target) and hosts of a set of events. */
export function entitiesOf(events: readonly VigilEvent[]): Entities {
  const sets = { source_ip: new Set<string>(), destination_ip: new Set<string>(), user: new Set<string>(), host: new Set<string>() };
  for (const e of events) {
    add(sets.source_ip, e.source?.ip);
    add(sets.destination_ip, e.destination?.ip);
    add(sets.user, e.user?.name);
    add(sets.user, e.user?.target?.name);
    add(sets.host, e.host?.name);
  }
  return {
    source_ip: [...sets.source_ip].sort(),
    destination_ip: [...sets.destination_ip].sort(),
    user: [...sets.user].sort(),
    host: [...sets.host].sort(),
  };
}

function add(set: Set<string>, value: string | undefined): void {
  if (value !== undefined && value !== '' && value !== '-') set.add(value);
}
