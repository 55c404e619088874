import type { Alert } from '../../schema/alert.ts';
import { hubKeys, type Placed } from './hubs.ts';
import { linkKeys } from './keys.ts';
import { UnionFind } from './union-find.ts';

export { HOST_HUB_SOURCES, HOST_HUB_USERS, USER_HUB_SOURCES } from './hubs.ts';
export { hostKey, ipKey, userKey } from './keys.ts';

/**
 * Alerts → groups (future incidents), union-find over entity values. Alerts are taken in time order; an
 * alert joins the incident that a link key last led to: a source address if the alert starts within `gapMs`
 * of that incident's span, a user or host (unless generic or a hub, see keys.ts and hubs.ts) if it starts
 * within `gapMs` of that value's previous appearance. A key that went quiet for longer than the gap starts
 * afresh, so the same address on two days makes two incidents. Alerts without a time are grouped among
 * themselves by the same keys, with no window. Output: groups in the order of their first alert, each in
 * (start, id) order; the same input in any order gives the same groups.
 */
export function groupAlerts(alerts: readonly Alert[], gapMs: number): Alert[][] {
  const timed: (Placed & { alert: Alert })[] = [];
  const untimed: (Placed & { alert: Alert })[] = [];
  for (const alert of alerts) {
    const start = alert.first_seen === undefined ? NaN : Date.parse(alert.first_seen);
    const last = alert.last_seen === undefined ? start : Date.parse(alert.last_seen);
    const keys = linkKeys(alert);
    if (Number.isNaN(start)) untimed.push({ alert, start: 0, end: 0, keys });
    else timed.push({ alert, start, end: Number.isNaN(last) ? start : Math.max(start, last), keys });
  }
  const order = (a: Placed & { alert: Alert }, b: Placed & { alert: Alert }) => a.start - b.start || compare(a.alert.id, b.alert.id);
  timed.sort(order);
  untimed.sort(order);
  return [...link(timed, gapMs), ...link(untimed, Infinity)];
}

/**
 * A source address links to the incident it last joined if the alert starts within the gap of that incident's
 * span. A user or host links only within its own session (its previous appearance ended within the gap): the
 * same stretch over which hubs.ts judged it, so a user met once an hour by different long-running attackers
 * does not chain them together.
 */
function link(placed: readonly (Placed & { alert: Alert })[], gapMs: number): Alert[][] {
  const removed = hubKeys(placed, gapMs);
  const sets = new UnionFind(placed.map((p) => p.end));
  const lastOwner = new Map<string, number>();
  const keyEnd = new Map<string, number>();
  placed.forEach((p, i) => {
    const skip = removed.get(i);
    for (const { kind, key } of p.keys) {
      const owner = lastOwner.get(key);
      const previousEnd = keyEnd.get(key) ?? -Infinity;
      keyEnd.set(key, Math.max(previousEnd, p.end));
      if (skip?.has(key) === true) continue;
      if (owner !== undefined) {
        const root = sets.find(owner);
        const end = kind === 'ip' ? sets.end[root]! : previousEnd;
        if (p.start <= end + gapMs) sets.union(root, i);
      }
      lastOwner.set(key, i);
    }
  });
  const groups = new Map<number, Alert[]>();
  placed.forEach((p, i) => {
    const root = sets.find(i);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [p.alert]);
    else group.push(p.alert);
  });
  return [...groups.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
