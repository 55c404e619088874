import { transportName } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { setOwn, str } from '../values.ts';
import { decodeCefEscapes } from '../../util/cef-escapes.ts';
import { parseRelayHeader, type RelayHeader } from './relay-header.ts';

/** Pieces shared by the CEF and LEEF readers: header splitting, the relay prefix, common value maps. */

export interface Located {
  /** The syslog header before the marker, if any. */
  relay: RelayHeader;
  /** The text from the marker (`CEF:` / `LEEF:`) on. */
  body: string;
}

/** Finds `marker` at the start of the line or after a space / `>` / `:` (syslog header in front). */
export function locate(text: string, marker: string): Located | undefined {
  let at = text.indexOf(marker);
  while (at >= 0) {
    const before = at === 0 ? ' ' : text[at - 1];
    if (before === ' ' || before === '>' || before === ':' || before === '\t') {
      return { relay: at === 0 ? {} : parseRelayHeader(text.slice(0, at)), body: text.slice(at) };
    }
    at = text.indexOf(marker, at + 1);
  }
  return undefined;
}

/**
 * Splits `count` pipe-separated header fields off `text` (`\|` and `\\` escaped) and returns them with
 * the rest of the line after the last pipe consumed, or undefined when there are fewer pipes.
 */
export function splitHeader(text: string, count: number): { fields: string[]; rest: string } | undefined {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (c === '\\' && (next === '|' || next === '\\')) {
      current += next;
      i++;
    } else if (c === '|') {
      fields.push(current);
      current = '';
      if (fields.length === count) return { fields, rest: text.slice(i + 1) };
    } else {
      current += c;
    }
  }
  return undefined;
}

const DENY = /\b(?:block(?:ed)?|den(?:y|ied)|drop(?:ped)?|reject(?:ed)?|quarantin\w*|prevent(?:ed)?)\b/i;
const ALLOW = /\b(?:allow(?:ed)?|accept(?:ed)?|permit(?:ted)?|pass(?:ed)?)\b/i;
const NON_WORD = /[^a-z0-9]+/g;
/** scheme, host (without user info or port), then path+query (the fragment dropped). */
const ABSOLUTE_URL = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\/(?:[^@/?#]*@)?(\[[^\]/]*\]|[^:/?#]*)(?::\d*)?([^#]*)/;
const PAIR_KEY = /(?:^|\s)([A-Za-z0-9_.\-[\]]{1,64})=/g;
const EDGE = /^[-_]+|[-_]+$/g;

/** A vendor action as our kebab-case verb (`Blocked` → `blocked`). */
export function actionSlug(action: string | undefined): string | undefined {
  if (action === undefined) return undefined;
  const slug = action.toLowerCase().replace(NON_WORD, '-').replace(EDGE, '').slice(0, 64);
  return slug === '' ? undefined : slug;
}

export function actionType(action: string | undefined): string[] | undefined {
  if (action === undefined) return undefined;
  if (DENY.test(action)) return ['denied'];
  if (ALLOW.test(action)) return ['allowed'];
  return undefined;
}

/**
 * The category of a record whose action is a verdict between addresses: a firewall's (or proxy's) decision on a
 * connection, which the firewall logsource and the scan rules count.
 */
export function verdictCategory(type: string[] | undefined, source: string | undefined, destination: string | undefined): string[] | undefined {
  return type !== undefined && (source !== undefined || destination !== undefined) ? ['network'] : undefined;
}

/** `cef.` / `leef.` plus the product name in lower snake case. */
export function datasetName(prefix: string, product: string): string {
  const clean = product.toLowerCase().replace(NON_WORD, '_').replace(EDGE, '').slice(0, 64);
  return clean === '' ? prefix : `${prefix}.${clean}`;
}

/** A transport name in lower case; IANA numbers become names. */
export function transport(value: string | undefined): string | undefined {
  return transportName(str(value));
}

/** Splits a URL (absolute or a bare path) into the url.* fields, keeping the text as sent (no normalising). */
export function urlFields(value: string | undefined): EventFields['url'] {
  const original = str(value);
  if (original === undefined) return undefined;
  const absolute = ABSOLUTE_URL.exec(original);
  if (absolute !== null) {
    const rest = absolute[3] ?? '';
    const cut = rest.indexOf('?');
    const path = cut < 0 ? rest : rest.slice(0, cut);
    return {
      original, scheme: absolute[1]?.toLowerCase(), domain: str(absolute[2]?.toLowerCase()),
      path: path === '' ? undefined : path, query: cut < 0 ? undefined : rest.slice(cut + 1),
    };
  }
  if (!original.startsWith('/')) return { original };
  const cut = original.indexOf('?');
  return { original, path: cut < 0 ? original : original.slice(0, cut), query: cut < 0 ? undefined : original.slice(cut + 1) };
}

/**
 * CEF-style `key=value key2=value with spaces` pairs (`\=`, `\\`, `\n` escapes); later duplicates of a key
 * are ignored.
 */
export function parseSpacedPairs(ext: string): Map<string, string> {
  const map = new Map<string, string>();
  const keys = [...ext.matchAll(PAIR_KEY)];
  keys.forEach((m, index) => {
    const key = m[1] ?? '';
    const start = m.index + m[0].length;
    const end = keys[index + 1]?.index ?? ext.length;
    if (!map.has(key)) map.set(key, decodeCefEscapes(ext.slice(start, end)).trim());
  });
  return map;
}

export function stringRecord(map: ReadonlyMap<string, string>, skip: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of map) if (!skip.has(key) && value !== '') setOwn(out, key, value);
  return out;
}
