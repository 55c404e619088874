import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, lineShare, reject, stateless, type ParseOutcome } from '../format.ts';
import { compactOwned, int, ipOrDomain, setOwn, str } from '../values.ts';
import { combinedTail, splitAccessLine } from './web/access-line.ts';
import { parseRequestLine, requestFields, serverFields, statusOutcome, type RequestLine } from './web/http.ts';
import { unescapeServerText } from './web/server-escapes.ts';

/**
 * NCSA access logs as written by Apache httpd, nginx and Tomcat: common, combined, and the
 * `vhost[:port]`-prefixed variants, with any extra fields appended after the standard ones.
 */

/** `dd/Mmm/yyyy:HH:MM:SS ±zzzz`; Python's http.server and Werkzeug write `dd/Mmm/yyyy HH:MM:SS` without a zone. */
const TIME = /^\d{1,2}\/[A-Za-z]{3}\/\d{4}(?::\d{2}:\d{2}:\d{2}(?:\.\d{1,9})? [+-]\d{4}| \d{2}:\d{2}:\d{2})$/;
const KEY_VALUE = /^([A-Za-z_][A-Za-z0-9_.-]{0,40})=(.*)$/;
const EXTRA_TOKEN = /"(?:[^"\\]|\\.)*"|\S+/g;
const PLACEHOLDERS = /^(?:(?:-|"-"|"")(?: +|$))*$/;
const RESERVED_LABELS = new Set(['variant', 'ident', 'request', 'request_note', 'extra']);

interface Prefix {
  vhost?: string;
  client: string;
  ident?: string;
  user?: string;
}

/**
 * 2 tokens (client user), 3 (client ident user) or 4 (vhost client ident user), separated by single spaces
 * (an empty token makes it none of them). Cut at the spaces found with indexOf, without an array.
 */
export function splitPrefix(prefix: string): Prefix | undefined {
  const first = prefix.indexOf(' ');
  if (first <= 0) return undefined;
  const second = prefix.indexOf(' ', first + 1);
  if (second < 0) return first + 1 < prefix.length ? { client: prefix.slice(0, first), user: prefix.slice(first + 1) } : undefined;
  const third = prefix.indexOf(' ', second + 1);
  if (second === first + 1 || second + 1 === prefix.length || third === second + 1) return undefined;
  if (third < 0) return { client: prefix.slice(0, first), ident: prefix.slice(first + 1, second), user: prefix.slice(second + 1) };
  if (third + 1 === prefix.length || prefix.indexOf(' ', third + 1) >= 0) return undefined;
  // `nginx: 1.2.3.4 - - […]` is a program's tag in front of a line (a syslog line without its time), not a vhost.
  if (prefix.charCodeAt(first - 1) === 58) return undefined;
  return { vhost: prefix.slice(0, first), client: prefix.slice(first + 1, second), ident: prefix.slice(second + 1, third), user: prefix.slice(third + 1) };
}


/** Trailing fields after the standard ones: kept whole, and `key=value` tokens as their own labels. */
function extraLabels(tail: string): Record<string, string> {
  const extra = tail.trim();
  if (PLACEHOLDERS.test(extra)) return {};
  const labels: Record<string, string> = { extra };
  for (const token of extra.match(EXTRA_TOKEN) ?? []) {
    const kv = KEY_VALUE.exec(token);
    if (kv === null) continue;
    const key = kv[1] ?? '';
    let value = kv[2] ?? '';
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!RESERVED_LABELS.has(key) && str(value) !== undefined) setOwn(labels, key, value);
  }
  return labels;
}

function requestLabels(raw: string, request: RequestLine): Record<string, string> {
  if (request.problem === undefined) return {};
  return request.problem === 'empty' ? { request_note: 'empty' } : { request_note: 'malformed', request: raw };
}

function variantOf(prefix: Prefix, combined: boolean): string {
  const base = combined ? 'combined' : 'common';
  return prefix.vhost === undefined ? base : `vhost_${base}`;
}

export function parseAccessLine(text: string): ParseOutcome {
  // prefix (vhost? client ident user) [time] "request" status bytes tail
  const line = splitAccessLine(text);
  if (line === undefined) return reject('not an NCSA access log line');
  const { time, request: rawRequest, status: statusText, bytes: bytesText } = line;
  const prefix = splitPrefix(line.prefix);
  if (prefix === undefined) return reject('unexpected fields before the timestamp');
  const client = ipOrDomain(prefix.client);
  if (client.ip === undefined && client.domain === undefined) return reject('client is not an address or host name');
  if (!TIME.test(time)) return reject('timestamp is not dd/Mmm/yyyy:HH:MM:SS ±zzzz nor dd/Mmm/yyyy HH:MM:SS');
  const tail = combinedTail(text, line.restStart);
  const request = parseRequestLine(rawRequest);
  if (request.target !== undefined) request.target = unescapeServerText(request.target);
  const status = int(statusText);
  const { url, http } = requestFields(request);
  // Built by assignment rather than spreads (this runs for every line; spreads of many shapes are slow).
  const httpFields = http ?? {};
  httpFields.request = httpFields.request ?? {};
  httpFields.request.referrer = tail === undefined ? undefined : str(unescapeServerText(tail.referrer));
  httpFields.response = { status_code: status, bytes: int(bytesText) };
  const labels = extraLabels(text.slice(tail === undefined ? line.restStart : tail.restStart));
  Object.assign(labels, requestLabels(rawRequest, request));
  const ident = str(prefix.ident);
  if (ident !== undefined && ident !== '') labels.ident = ident;
  labels.variant = variantOf(prefix, tail !== undefined);
  const fields: EventFields = {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: client,
    destination: serverFields(prefix.vhost),
    user: { name: prefix.user === undefined ? undefined : str(unescapeServerText(prefix.user)) },
    url,
    http: httpFields,
    user_agent: { original: tail === undefined ? undefined : str(unescapeServerText(tail.agent)) },
    labels,
  };
  // Every object above is built for this line alone: compacted in place, not copied.
  return events({ time, dataset: 'web.access', fields: compactOwned(fields) });
}

export const webAccessFormat = defineFormat({
  id: 'web-access',
  title: 'Web server access log (NCSA common/combined)',
  description:
    'Apache httpd, nginx and Tomcat access logs in the NCSA common, combined and vhost_combined layouts, ' +
    'with IPv4, IPv6 or host-name clients and extra trailing fields.',
  framing: 'lines',
  sniff: (sample) => lineShare(sample, (line) => line.includes('] "') && parseAccessLine(line).kind === 'events'),
  createParser: stateless((record) => parseAccessLine(record.text)),
  logsources: [{ category: 'webserver' }],
  lineFallback: true,
});
