import { isIP } from 'node:net';
import type { EventFields } from '../schema/event.ts';
import { strictIpv4Value } from '../util/ip-parse.ts';
import { isObject } from './format.ts';

/** Small, total conversions from untrusted record values to schema values. */

const EMPTY = new Set(['', '-', '(null)', 'null', 'NULL', 'N/A', 'n/a', '(none)']);
/** The longest placeholder: longer strings skip the set (hashing a long fresh string costs more than the lookup). */
const EMPTY_MAX = 6;

/**
 * The text of a string body written with JSON's escapes, the quotes left out (Go's `%q` and `%#v` write these, but
 * for `\x` and `\a`-style escapes): decoded, or as written when it is not a valid one.
 */
export function jsonStringBody(body: string): string {
  if (!body.includes('\\')) return body;
  try {
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === 'string' ? value : body;
  } catch {
    return body;
  }
}

/** A trimmed non-empty string, or undefined for empty/placeholder values (`-`, `(null)` …). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed.length <= EMPTY_MAX && EMPTY.has(trimmed) ? undefined : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The sum of two counts (bytes sent and received), undefined only when neither is known. */
export function sumOfKnown(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

export function int(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.trunc(value);
  const s = str(value);
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const s = str(value);
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

export function port(value: unknown): number | undefined {
  const n = int(value);
  return n !== undefined && n >= 0 && n <= 65535 ? n : undefined;
}

/** A hexadecimal id such as `0x1F4` or a plain integer, as a number. */
export function hexOrInt(value: unknown): number | undefined {
  const s = str(value);
  if (s !== undefined && /^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  return int(value);
}

/** A valid IPv4/IPv6 address (brackets, zone ids and `::ffff:` prefixes removed), else undefined. */
export function ip(value: unknown): string | undefined {
  let s = str(value);
  if (s === undefined) return undefined;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone > 0) s = s.slice(0, zone);
  // Host names are the common case: one look at the characters spares them net.isIP's regexes.
  if (!ipCharactersOnly(s)) return undefined;
  if (strictIpv4Value(s) >= 0) return s;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s)) s = s.slice(7);
  const kind = isIP(s);
  if (kind === 4) return s;
  if (kind === 6) return canonicalIpv6(s);
  return undefined;
}

const MAC = /^[0-9A-Fa-f]{2}(?:[-:.]?[0-9A-Fa-f]{2}){5}$/;

/** A MAC address written `aa:bb:…`, `AA-BB-…`, `aabb.ccdd.eeff` or bare, as `aa:bb:cc:dd:ee:ff`; else undefined. */
export function macAddress(value: unknown): string | undefined {
  const s = str(value);
  if (s === undefined || !MAC.test(s)) return undefined;
  const hex = s.replace(/[-:.]/g, '').toLowerCase();
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

/** Only hex digits, colons and dots: what an address without its zone id is written with. */
function ipCharactersOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 48 && code <= 58) || code === 46 || ((code | 0x20) >= 97 && (code | 0x20) <= 102))) return false;
  }
  return true;
}

/** RFC 5952 text form (lowercase, zeros compressed), so the same address always compares equal. */
function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

const BRACKETED_PORT = /^\[([^\]]+)\]:(\d{1,5})$/;
const PORT_DIGITS = /^\d{1,5}$/;

/**
 * An address and its port as logs write them: `203.0.113.7:51234`, `[2001:db8::7]:443`, and with `bareIpv6WithPort`
 * (AWS load balancers write IPv6 without brackets) `2001:db8::7:40000`; a bare address has no port. Empty when the
 * text holds no address.
 */
export function ipPort(text: string | undefined, bareIpv6WithPort = false): { ip?: string; port?: number } {
  if (text === undefined) return {};
  const bracketed = BRACKETED_PORT.exec(text);
  if (bracketed !== null) {
    const address = ip(bracketed[1]);
    const number = port(bracketed[2]);
    return address === undefined || number === undefined ? {} : { ip: address, port: number };
  }
  const colon = text.lastIndexOf(':');
  if (colon > 0 && (bareIpv6WithPort || text.indexOf(':') === colon) && PORT_DIGITS.test(text.slice(colon + 1))) {
    const address = ip(text.slice(0, colon));
    const number = port(text.slice(colon + 1));
    if (address !== undefined && number !== undefined) return { ip: address, port: number };
  }
  const bare = ip(text);
  return bare === undefined ? {} : { ip: bare };
}

/** An IP goes to `ip`, anything else that looks like a host name goes to `domain`. */
export function ipOrDomain(value: unknown): { ip?: string; domain?: string } {
  const s = str(value);
  if (s === undefined) return {};
  const address = ip(s);
  if (address !== undefined) return { ip: address };
  return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(s) ? { domain: s.toLowerCase() } : {};
}

/**
 * Keys of objects built from log content are attacker-chosen: a plain `obj[key]` reads Object.prototype
 * members (`constructor`, `toString`) for keys the object lacks, and `obj['__proto__'] = v` replaces the
 * prototype instead of storing a field. These two helpers read and write own data properties only.
 */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The `str` of an own property, or undefined (a key named like an `Object.prototype` member reads nothing inherited). */
export function ownStr(obj: Readonly<Record<string, unknown>>, key: string): string | undefined {
  return Object.hasOwn(obj, key) ? str(obj[key]) : undefined;
}

/** A value written back as JSON text; undefined for one that cannot be (nested too deep for `JSON.stringify`). */
export function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Stores `value` under `key` as an own data property, `__proto__` included (it stays a field, serialised as such). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Reads a dotted path (`a.b.c`) from nested objects; a flat key containing dots wins. Own properties only. */
export function pick(obj: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(obj, path)) return obj[path];
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = ownValue(current, part);
  }
  return current;
}

/** The first path that has a usable (non-placeholder) value. */
export function first(obj: Record<string, unknown>, paths: readonly string[]): unknown {
  for (const path of paths) {
    const value = pick(obj, path);
    if (value !== undefined && value !== null && (typeof value !== 'string' || str(value) !== undefined)) return value;
  }
  return undefined;
}

/** The last path segment of a Windows or POSIX path (`C:\a\b.exe` → `b.exe`). */
export function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const name = cut >= 0 ? path.slice(cut + 1) : path;
  return name === '' ? undefined : name;
}

/** The program a command line runs: its first word, or the quoted path it starts with (`"C:\a b\x.exe" -y` → `C:\a b\x.exe`). */
export function commandProgram(commandLine: string | undefined): string | undefined {
  if (commandLine === undefined) return undefined;
  const text = commandLine.trimStart();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    return end > 1 ? text.slice(1, end) : undefined;
  }
  return str(text.split(/\s/, 1)[0]);
}

/** Removes keys whose value is undefined, recursively, and drops objects left empty. */
export function compact<T>(value: T): T {
  if (Array.isArray(value) || !isObject(value)) return value;
  return (compactObject(value) ?? {}) as T;
}

/** The hot path of every parser: a plain loop, no intermediate arrays; undefined when nothing is left. */
function compactObject(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    let inner = value[key];
    if (inner === undefined) continue;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      inner = compactObject(inner as Record<string, unknown>);
      if (inner === undefined) continue;
    }
    out ??= {};
    setOwn(out, key, inner);
  }
  return out;
}

/**
 * compact() for a tree built for one record in which every object is fresh and appears once (shared with
 * nothing, no constants): objects with nothing to drop are kept instead of copied, only those holding
 * undefined values or emptied children are rebuilt. The result equals compact()'s; use it only where the
 * builder guarantees that ownership (compact() copies, so it also protects shared objects).
 */
export function compactOwned<T>(value: T): T {
  if (Array.isArray(value) || !isObject(value)) return value;
  return (compactOwnedObject(value) ?? {}) as T;
}

function compactOwnedObject(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let drop = false;
  let keep = false;
  for (const key in value) {
    const inner = value[key];
    if (inner === undefined) {
      drop = true;
      continue;
    }
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const done = compactOwnedObject(inner as Record<string, unknown>);
      if (done !== inner) {
        // In place: the key keeps its position (undefined when emptied, dropped by the rebuild below).
        setOwn(value, key, done);
        if (done === undefined) {
          drop = true;
          continue;
        }
      }
    }
    keep = true;
  }
  if (!keep) return undefined;
  if (!drop) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const inner = value[key];
    if (inner !== undefined) setOwn(out, key, inner);
  }
  return out;
}

/** Stringifies the scalar values of a flat object (for `winlog.event_data`, `labels`). */
export function stringMap(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'string') setOwn(out, key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') setOwn(out, key, String(value));
  }
  return out;
}

const DOMAIN_USER = /^([^\\]+)\\(.+)$/;

/** A user as Windows-side logs write it, `DOMAIN\user` split into its domain and name (IIS, PAN-OS). */
export function domainUser(value: string | undefined): EventFields['user'] {
  if (value === undefined) return undefined;
  const m = DOMAIN_USER.exec(value);
  return m === null ? { name: value } : { domain: m[1], name: m[2] };
}
