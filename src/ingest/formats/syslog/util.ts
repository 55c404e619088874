import type { EventFields } from '../../../schema/event.ts';
import { isObject } from '../../format.ts';
import { ipOrDomain, port, setOwn } from '../../values.ts';

/** A user name as logged: trimmed (`invalid user  0101` → `0101`), empty → undefined. Never a placeholder. */
export function userName(raw: string | undefined): string | undefined {
  const name = raw?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** A remote end written as an IP or a host name, with an optional port. */
export function endpoint(host: string | undefined, portText?: string): { ip?: string; domain?: string; port?: number } {
  return { ...ipOrDomain(host), port: port(portText) };
}

/** `key=value` words (PAM, netfilter, useradd): the first occurrence of a key wins. */
export function keyValues(text: string, separator: RegExp = /\s+/): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of text.split(separator)) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const key = word.slice(0, eq).trim();
    if (!Object.hasOwn(out, key)) setOwn(out, key, word.slice(eq + 1).trim());
  }
  return out;
}

/** Deep merge of plain objects; `over` wins, arrays are replaced whole, undefined never overwrites. */
export function mergeFields(base: EventFields, over: EventFields): EventFields {
  return mergeObjects(base, over);
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key in over) {
    const value = over[key];
    if (value === undefined) continue;
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    setOwn(out, key, isObject(current) && isObject(value) ? mergeObjects(current, value) : value);
  }
  return out;
}

/** Labels without the undefined/empty values. */
export function labelsOf(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') setOwn(out, key, value);
  return out;
}
