import type { EventFields } from '../../../schema/event.ts';
import { isObject } from '../../format.ts';
import { ipOrDomain, port, setOwn } from '../../values.ts';
import { isSpace } from '../../../util/space.ts';

/** A user name as logged: trimmed (`invalid user  0101` → `0101`), empty → undefined. Never a placeholder. */
export function userName(raw: string | undefined): string | undefined {
  const name = raw?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** A remote end written as an IP or a host name, with an optional port. */
export function endpoint(host: string | undefined, portText?: string): { ip?: string; domain?: string; port?: number } {
  const out: { ip?: string; domain?: string; port?: number } = ipOrDomain(host);
  out.port = port(portText);
  return out;
}

const WHITESPACE = /\s+/;

/**
 * The value of `key` among whitespace-separated `key=value` words, read in place: the same as
 * `keyValues(text)[key]` (the first word whose text before its first `=` is `key`) without building the
 * object of every pair. `key` must be non-empty and hold no `=` or whitespace.
 */
export function wordValue(text: string, key: string): string | undefined {
  const probe = `${key}=`;
  for (let at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, at + 1)) {
    if (at > 0 && !isSpace(text.charCodeAt(at - 1))) continue;
    const start = at + probe.length;
    let end = start;
    while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    return text.slice(start, end);
  }
  return undefined;
}

/** `key=value` words (PAM, netfilter, useradd): the first occurrence of a key wins. */
export function keyValues(text: string, separator: RegExp = WHITESPACE): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of text.split(separator)) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const key = word.slice(0, eq).trim();
    if (!Object.hasOwn(out, key)) setOwn(out, key, word.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Deep merge of plain objects INTO `base`, which is returned: `over` wins, arrays are replaced whole,
 * undefined never overwrites. In place because copying objects of many shapes is slow in V8: `base` and
 * its nested objects must belong to the record being decoded (built for it, shared with nothing); `over`
 * is not changed, but its objects may end up in `base`.
 */
export function mergeFields(base: EventFields, over: EventFields): EventFields {
  return mergeInto(base, over);
}

function mergeInto(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const key in over) {
    const value = over[key];
    if (value === undefined) continue;
    const current = Object.hasOwn(base, key) ? base[key] : undefined;
    // Merged into the object `base` already holds: nothing to store back.
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else setOwn(base, key, value);
  }
  return base;
}

/** Labels without the undefined/empty values. */
export function labelsOf(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined && value !== '') setOwn(out, key, value);
  }
  return out;
}
