import type { LinkKey } from './keys.ts';

/**
 * The hub rule. Source addresses come first and always link: one address is one party, however many
 * accounts or hosts it touches. A user or host value that several parties share within a stretch of
 * activity (a log's own host name, a server many clients reach, a name every dictionary attack tries) must
 * not glue them together. For every user and host value, its alerts are cut into sessions (the next alert
 * starts within the gap of the session's span); in a session where the value is a hub, it links nothing:
 *  - a user or host is a hub when its alerts come from two or more distinct source addresses (so users
 *    and hosts never bridge two addresses: an attacker who changes address gives two incidents that share
 *    an account, which is safer than one incident hiding two attackers);
 *  - a host is also a hub when its alerts name HOST_HUB_USERS or more distinct (non-generic) users.
 * Measured on loghub OpenSSH_2k: with users bridging two addresses, two unrelated scanners trying the same
 * dictionary names within the hour became one incident.
 */
export const HOST_HUB_SOURCES = 2;
export const HOST_HUB_USERS = 3;
export const USER_HUB_SOURCES = 2;

export interface Placed {
  start: number;
  end: number;
  keys: LinkKey[];
}

/** For each alert (by position), the user and host keys the hub rule takes away. */
export function hubKeys(placed: readonly Placed[], gapMs: number): Map<number, Set<string>> {
  const byKey = new Map<string, number[]>();
  placed.forEach((p, i) => {
    for (const k of p.keys) {
      if (k.kind === 'ip') continue;
      const list = byKey.get(k.key);
      if (list === undefined) byKey.set(k.key, [i]);
      else list.push(i);
    }
  });
  const removed = new Map<number, Set<string>>();
  for (const [key, indices] of byKey) {
    for (const session of sessions(indices, placed, gapMs)) {
      if (!isHub(key, session, placed)) continue;
      for (const i of session) {
        const set = removed.get(i) ?? new Set<string>();
        set.add(key);
        removed.set(i, set);
      }
    }
  }
  return removed;
}

/** Indices (in start order) cut where the next alert starts more than the gap after the session's end. */
function sessions(indices: readonly number[], placed: readonly Placed[], gapMs: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let end = -Infinity;
  for (const i of indices) {
    const p = placed[i]!;
    if (current.length > 0 && p.start > end + gapMs) {
      out.push(current);
      current = [];
      end = -Infinity;
    }
    current.push(i);
    end = Math.max(end, p.end);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function isHub(key: string, session: readonly number[], placed: readonly Placed[]): boolean {
  const sources = new Set<string>();
  const users = new Set<string>();
  for (const i of session) {
    for (const k of placed[i]!.keys) {
      if (k.kind === 'ip') sources.add(k.key);
      else if (k.kind === 'user') users.add(k.key);
    }
  }
  if (key.startsWith('user:')) return sources.size >= USER_HUB_SOURCES;
  return sources.size >= HOST_HUB_SOURCES || users.size >= HOST_HUB_USERS;
}
