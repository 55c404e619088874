import type { Alert } from '../../schema/alert.ts';
import { classifyIp } from '../../util/ip-class.ts';

/**
 * Which entity values may link alerts into one incident, and under what key. Values are compared
 * case-insensitively; users without their domain (`CORP\jdoe`, `jdoe@corp` → `jdoe`); hosts by their first
 * DNS label (`ws-07.corp.local` → `ws-07`).
 */

/**
 * Accounts that name no one in particular: placeholders, built-in and service identities, and the names every
 * scanner on the internet tries. They are shown and scored, never used to link alerts (`root` attacked from
 * two addresses is two attacks, not one).
 */
const GENERIC_USERS = new Set([
  '-', '?', 'unknown', 'n/a', 'na', 'none', 'null', '(null)', 'nil', 'empty', 'invalid', 'invalid user',
  'system', 'local system', 'localsystem', 'local service', 'network service', 'anonymous logon', 'anonymous',
  'root', 'administrator', 'admin', 'guest', 'nobody', 'daemon', 'www-data', 'apache', 'nginx', 'sshd',
  'user', 'test', 'default', 'defaultaccount', 'wdagutilityaccount', 'trustedinstaller',
]);
const GENERIC_USER_PREFIXES = ['dwm-', 'umfd-', 'font driver host', 'window manager'];
const GENERIC_HOSTS = new Set(['-', '?', 'unknown', 'localhost', 'localhost.localdomain', 'none', 'null', '(none)']);

export type KeyKind = 'ip' | 'user' | 'host';

export interface LinkKey {
  kind: KeyKind;
  /** `ip:203.0.113.5`, `user:jdoe`, `host:ws-07`. */
  key: string;
}

export function userKey(name: string): string | undefined {
  let bare = name.trim().toLowerCase();
  const slash = bare.lastIndexOf('\\');
  if (slash >= 0) bare = bare.slice(slash + 1);
  const at = bare.indexOf('@');
  if (at > 0) bare = bare.slice(0, at);
  if (bare === '' || GENERIC_USERS.has(bare) || bare.endsWith('$')) return undefined;
  if (GENERIC_USER_PREFIXES.some((p) => bare.startsWith(p))) return undefined;
  return `user:${bare}`;
}

export function hostKey(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  if (lower === '' || GENERIC_HOSTS.has(lower)) return undefined;
  if (classifyIp(lower) !== undefined) return `host:${lower}`;
  const dot = lower.indexOf('.');
  return `host:${dot > 0 ? lower.slice(0, dot) : lower}`;
}

/** A source address links unless it names no remote party (loopback, 0.0.0.0, `-`). */
export function ipKey(value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  if (lower === '' || lower === '-' || lower === 'unknown') return undefined;
  const cls = classifyIp(lower);
  if (cls === 'loopback' || cls === 'unspecified') return undefined;
  return `ip:${lower}`;
}

/** Every candidate link key of an alert (before the hub rule removes some user and host keys). */
export function linkKeys(alert: Alert): LinkKey[] {
  const out: LinkKey[] = [];
  const push = (kind: KeyKind, key: string | undefined) => {
    if (key !== undefined && !out.some((k) => k.key === key)) out.push({ kind, key });
  };
  for (const ip of alert.entities.source_ip) push('ip', ipKey(ip));
  for (const user of alert.entities.user) push('user', userKey(user));
  for (const host of alert.entities.host) push('host', hostKey(host));
  return out;
}
