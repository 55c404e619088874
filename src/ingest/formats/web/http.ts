import type { EventFields } from '../../../schema/event.ts';
import { ip, ipOrDomain, port, setOwn } from '../../values.ts';

/** HTTP helpers shared by the web server formats (access logs, error logs, IIS). */

export type Outcome = 'success' | 'failure';

/** A request line (`GET /a?b HTTP/1.1`) cut into its parts; `problem` says why it could not be. */
export interface RequestLine {
  method?: string;
  target?: string;
  version?: string;
  problem?: 'empty' | 'malformed';
}

const METHOD = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const VERSION = /^HTTP\/(\d+(?:\.\d+)?)$/i;
const TARGET = /^(?:\/|\*$|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/;
const AUTHORITY = /^[^\s/?#]+:\d{1,5}$/;
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/;
const HOST_PORT = /^(.*):\d{1,5}$/;
const DOMAIN = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const SERVER_PORT = /^(.+):(\d{1,5})$/;

/** Splits a request line. Anything that is not `METHOD target [HTTP/x]` is reported, never thrown. */
export function parseRequestLine(text: string): RequestLine {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return { problem: 'empty' };
  const space = trimmed.indexOf(' ');
  if (space < 0) return { problem: 'malformed' };
  const method = trimmed.slice(0, space);
  if (!METHOD.test(method)) return { problem: 'malformed' };
  let target = trimmed.slice(space + 1).trim();
  const last = target.lastIndexOf(' ');
  const version = last >= 0 ? httpVersion(target.slice(last + 1)) : undefined;
  if (version !== undefined) target = target.slice(0, last).trim();
  // A known version vouches for the method even when the target is odd (`GET %2Fadmin HTTP/1.1`).
  const authority = method.toUpperCase() === 'CONNECT' && AUTHORITY.test(target);
  if (target === '' || (version === undefined && !authority && !TARGET.test(target))) return { problem: 'malformed' };
  return { method, target, version };
}

/** The version of an `HTTP/x` protocol token (`HTTP/1.1` → `1.1`, `HTTP/2` → `2`); undefined for any other text. */
export function httpVersion(protocol: string | undefined): string | undefined {
  return protocol === undefined ? undefined : VERSION.exec(protocol)?.[1];
}

/** A host name or address from an authority (`user@host:port`, `[::1]:80`), lower-cased. */
export function hostOf(authority: string | undefined): string | undefined {
  if (authority === undefined) return undefined;
  let host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 ? ip(host.slice(1, close)) : undefined;
  }
  const address = ip(host);
  if (address !== undefined) return address;
  const withPort = HOST_PORT.exec(host);
  if (withPort !== null) host = withPort[1] ?? '';
  return DOMAIN.test(host) && host.length <= 253 ? host.toLowerCase() : undefined;
}

/** The server that answered, as an access log names it (a vhost, a Host header): a name or an address, and its port. */
export function serverFields(server: string | undefined): EventFields['destination'] {
  if (server === undefined) return undefined;
  const m = SERVER_PORT.exec(server);
  const host = ipOrDomain(m === null ? server : m[1]);
  return { ip: host.ip, domain: host.domain, port: m === null ? undefined : port(m[2]) };
}

/** `url.*` for a request target: origin form (`/p?q`), absolute form (`http://h/p`) or authority (`h:443`). */
export function urlFields(target: string | undefined): EventFields['url'] {
  if (target === undefined || target === '') return undefined;
  const absolute = ABSOLUTE.exec(target);
  if (absolute !== null) {
    return withPathAndQuery({ original: target, scheme: absolute[1]?.toLowerCase(), domain: hostOf(absolute[2]) }, absolute[3] ?? '');
  }
  if (!target.startsWith('/')) return { original: target };
  return withPathAndQuery({ original: target }, target);
}

function withPathAndQuery(url: NonNullable<EventFields['url']>, text: string): NonNullable<EventFields['url']> {
  const hash = text.indexOf('#');
  const withoutFragment = hash >= 0 ? text.slice(0, hash) : text;
  const mark = withoutFragment.indexOf('?');
  const path = mark >= 0 ? withoutFragment.slice(0, mark) : withoutFragment;
  const query = mark >= 0 ? withoutFragment.slice(mark + 1) : '';
  url.path = path === '' ? undefined : path;
  url.query = query === '' ? undefined : query;
  return url;
}

/** `http.request.method`, `url.*` and `http.version` for a parsed request line. */
export function requestFields(request: RequestLine): Pick<EventFields, 'url' | 'http'> {
  return {
    url: urlFields(request.target),
    http: { version: request.version, request: { method: request.method } },
  };
}

/** success below 400, failure from 400; nothing for values that are not HTTP status codes. */
export function statusOutcome(status: number | undefined): Outcome | undefined {
  if (status === undefined || status < 100 || status > 999) return undefined;
  return status >= 400 ? 'failure' : 'success';
}

/** Labels from optional values: undefined and placeholder values are left out. */
export function labelsOf(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined && value !== '') setOwn(labels, key, value);
  }
  return labels;
}
