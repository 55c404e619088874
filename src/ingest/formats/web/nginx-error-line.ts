import type { EventFields } from '../../../schema/event.ts';
import { events, reject, type ParseOutcome } from '../../format.ts';
import { compact, int, ipOrDomain, str } from '../../values.ts';
import { withLoginClaim } from '../login-text.ts';
import { errorEvent, severityOf } from './error-common.ts';
import { hostOf, labelsOf, parseRequestLine, requestFields } from './http.ts';
import { withWafAlert } from './modsecurity.ts';

/**
 * nginx error log lines: `yyyy/mm/dd HH:MM:SS [level] pid#tid: *conn message, client: a, server: b,
 * request: "GET / HTTP/1.1", host: "h"`. The context after the message is only taken when it parses
 * completely, so a `, client: ` inside the message text cannot inject fields.
 */

const HEAD = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}) \[([a-z]{4,6})\] (\d{1,10})#(\d{1,24}): (?:\*(\d{1,20}) )?(.*)$/;
const KEY = /^([a-z][a-z/ ]{0,30}?): ?/;
const CONTEXT_START = ', client: ';
const CONTEXT_KEYS = new Set([
  'client',
  'server',
  'request',
  'subrequest',
  'upstream',
  'host',
  'referrer',
  'login',
  'bytes from/to client',
  'bytes from/to upstream',
]);
const MAX_KEYS = 12;
// Bounds the work on hostile lines full of `, client: ` and quotes.
const MAX_CANDIDATES = 16;
const KEY_WINDOW = 40;

type Context = Map<string, string>;

function contextKey(text: string): { key: string; length: number } | undefined {
  const m = KEY.exec(text);
  const key = m?.[1];
  return m !== null && key !== undefined && CONTEXT_KEYS.has(key) ? { key, length: m[0].length } : undefined;
}

/** A quoted value ends at a quote followed by the end or by the next known key. */
function readValue(text: string): { value: string; rest: string } | undefined {
  if (text.startsWith('"')) {
    for (let at = text.indexOf('"', 1); at >= 0; at = text.indexOf('"', at + 1)) {
      const next = text.slice(at + 1, at + 1 + KEY_WINDOW);
      if (at + 1 === text.length || (next.startsWith(', ') && contextKey(next.slice(2)) !== undefined)) {
        return { value: text.slice(1, at), rest: text.slice(at + 1) };
      }
    }
    return undefined;
  }
  const end = text.indexOf(', ');
  const value = end < 0 ? text : text.slice(0, end);
  return value.includes('"') ? undefined : { value, rest: end < 0 ? '' : text.slice(end) };
}

function parseContext(text: string): Context | undefined {
  const context: Context = new Map();
  let rest = text;
  for (let i = 0; i < MAX_KEYS; i++) {
    const key = contextKey(rest);
    if (key === undefined || context.has(key.key)) return undefined;
    const value = readValue(rest.slice(key.length));
    if (value === undefined) return undefined;
    context.set(key.key, value.value);
    if (value.rest === '') return context;
    if (!value.rest.startsWith(', ')) return undefined;
    rest = value.rest.slice(2);
  }
  return undefined;
}

function splitContext(text: string): { message: string; context: Context } {
  let tries = 0;
  for (let at = text.indexOf(CONTEXT_START); at >= 0 && tries < MAX_CANDIDATES; at = text.indexOf(CONTEXT_START, at + 1)) {
    tries++;
    const context = parseContext(text.slice(at + 2));
    if (context !== undefined) return { message: text.slice(0, at), context };
  }
  return { message: text, context: new Map() };
}

function contextFields(context: Context): EventFields {
  const rawRequest = context.get('request');
  const request = rawRequest === undefined ? undefined : parseRequestLine(rawRequest);
  const { url, http } = request === undefined ? { url: undefined, http: undefined } : requestFields(request);
  return {
    source: ipOrDomain(context.get('client')?.split(' ')[0]),
    url: { ...url, domain: hostOf(str(context.get('host'))) ?? url?.domain },
    http: { ...http, request: { ...http?.request, referrer: str(context.get('referrer')) } },
    user: { name: str(context.get('login')) },
    labels: labelsOf({
      server: str(context.get('server')),
      upstream: str(context.get('upstream')),
      subrequest: str(context.get('subrequest')),
      request: request?.problem === 'malformed' ? rawRequest : undefined,
      bytes_client: context.get('bytes from/to client'),
      bytes_upstream: context.get('bytes from/to upstream'),
    }),
  };
}

export function parseNginxErrorLine(text: string): ParseOutcome {
  const head = HEAD.exec(text);
  if (head === null) return reject('not an nginx error log line');
  const [, year, month, day, clock, level = '', pid, tid, connection, rest = ''] = head;
  const severity = severityOf(level);
  if (severity === undefined) return reject(`unknown nginx log level: ${level}`);
  const { message, context } = splitContext(rest);
  const found = contextFields(context);
  const { event, user } = errorEvent(message, severity);
  const fields: EventFields = {
    ...found,
    event,
    message: str(message),
    user: { name: user?.name ?? found.user?.name },
    process: { pid: int(pid) },
    labels: { ...found.labels, ...labelsOf({ level, tid, connection }) },
  };
  return events({ time: `${year ?? ''}-${month ?? ''}-${day ?? ''}T${clock ?? ''}`, dataset: 'nginx.error', fields: compact(withLoginClaim(withWafAlert(fields, message), message)) });
}
