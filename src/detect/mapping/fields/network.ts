import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter } from '../../types.ts';
import { first, hasType, label, labelAnyCase, path } from '../read.ts';
import { ecsEntries, taxonomy, type Taxonomy } from './taxonomy.ts';

/**
 * Web, proxy, firewall, DNS and Zeek names. Our web formats (access logs, IIS W3C, JSON access records,
 * Zeek http) all fill the same schema fields, so one table serves them.
 */

/** The request target as sent: path and query (`/a.php?id=1`), or the absolute URL of proxy requests. */
const requestTarget: FieldGetter = first(path('url.original'), requestFromParts);

function requestFromParts(event: VigilEvent): string | undefined {
  const url = event.url;
  if (url?.path === undefined) return undefined;
  return url.query === undefined ? url.path : `${url.path}?${url.query}`;
}

/** The file extension of the requested path (`exe` for `/dl/a.exe?x=1`), as proxy rules' `c-uri-extension`. */
function uriExtension(event: VigilEvent): string | undefined {
  const urlPath = event.url?.path;
  if (urlPath === undefined) return undefined;
  const slash = urlPath.lastIndexOf('/');
  const dot = urlPath.lastIndexOf('.');
  return dot > slash && dot < urlPath.length - 1 ? urlPath.slice(dot + 1) : undefined;
}

const clientIp: FieldGetter = first(path('source.ip'), path('source.domain'));
const requestHost: FieldGetter = first(path('url.domain'), path('destination.domain'));

/**
 * W3C extended log names (IIS, and SigmaHQ's `webserver` and `proxy` taxonomies). SigmaHQ's webserver
 * rules use `cs-uri-query` for the whole request target (`/cgi-bin/.%2e/…`), not the query alone, so it
 * reads path and query; `c-uri-query` is the query alone.
 */
export const HTTP: Taxonomy = taxonomy(
  'http',
  ecsEntries({
    'c-ip': clientIp,
    'c-uri': requestTarget,
    'cs-uri': requestTarget,
    'cs-uri-query': requestTarget,
    'cs-uri-stem': path('url.path'),
    'c-uri-stem': path('url.path'),
    'c-uri-query': path('url.query'),
    'c-uri-extension': uriExtension,
    'cs-method': path('http.request.method'),
    'sc-status': path('http.response.status_code'),
    'cs-user-agent': path('user_agent.original'),
    'c-useragent': path('user_agent.original'),
    'cs-referer': path('http.request.referrer'),
    'cs-referrer': path('http.request.referrer'),
    'cs-host': requestHost,
    'r-dns': requestHost,
    'cs-username': path('user.name'),
    'cs-bytes': path('http.request.bytes'),
    'sc-bytes': path('http.response.bytes'),
    'cs-version': path('http.version'),
    's-ip': path('destination.ip'),
    's-port': path('destination.port'),
    's-computername': path('host.name'),
    's-sitename': label('s-sitename'),
    'sc-substatus': label('sc-substatus'),
    'sc-win32-status': label('sc-win32-status'),
    'time-taken': label('time-taken'),
    src_ip: path('source.ip'),
    dst_ip: path('destination.ip'),
    dst_port: path('destination.port'),
  }),
);

const ALLOWED_WORDS: readonly string[] = ['allow', 'accept', 'pass', 'permit'];
const DENIED_WORDS: readonly string[] = ['deny', 'drop', 'block', 'reject'];

/**
 * The firewall's verdict. Vendor words are kept (`accept`, `blocked`); our syslog readers' own actions
 * (`firewall-drop`) become the usual vocabulary, so `action: drop` or `action: accept` work on netfilter
 * lines (a verdict is any of its synonyms: `deny`, `drop`, `block`, `reject`; `allow`, `accept`, `pass`, `permit`).
 */
function firewallAction(event: VigilEvent): string | readonly string[] | undefined {
  const action = event.event.action;
  if (action !== undefined && !action.startsWith('firewall-')) return action;
  if (hasType(event, 'denied')) return DENIED_WORDS;
  if (hasType(event, 'allowed')) return ALLOWED_WORDS;
  return action?.slice('firewall-'.length);
}

function blocked(event: VigilEvent): string | undefined {
  if (hasType(event, 'denied')) return 'true';
  if (hasType(event, 'allowed')) return 'false';
  return undefined;
}

export const FIREWALL: Taxonomy = taxonomy(
  'firewall',
  ecsEntries({
    src_ip: path('source.ip'),
    dst_ip: path('destination.ip'),
    src_port: path('source.port'),
    dst_port: path('destination.port'),
    src_host: path('source.domain'),
    dst_host: path('destination.domain'),
    action: firewallAction,
    blocked,
    protocol: path('network.transport'),
    interface: first(path('network.interface.in'), path('network.interface.out')),
    in_interface: path('network.interface.in'),
    out_interface: path('network.interface.out'),
    rule: path('rule.name'),
    username: path('user.name'),
    bytes: path('network.bytes'),
  }),
);

const dnsNames: Readonly<Record<string, FieldGetter>> = {
  query: path('dns.question.name'),
  answer: path('dns.answers'),
  answers: path('dns.answers'),
  record_type: path('dns.question.type'),
  qtype_name: path('dns.question.type'),
  response_code: path('dns.response_code'),
  rcode_name: path('dns.response_code'),
  src_ip: path('source.ip'),
  dst_ip: path('destination.ip'),
};

export const DNS: Taxonomy = taxonomy('dns', ecsEntries(dnsNames));

/** Zeek's own names; the columns our reader did not map stay in labels under the same names. */
export const ZEEK: Taxonomy = taxonomy(
  'zeek',
  ecsEntries({
    ...dnsNames,
    'id.orig_h': path('source.ip'),
    'id.orig_p': path('source.port'),
    'id.resp_h': path('destination.ip'),
    'id.resp_p': path('destination.port'),
    proto: path('network.transport'),
    service: path('network.protocol'),
    orig_bytes: path('source.bytes'),
    resp_bytes: path('destination.bytes'),
    uri: path('url.original'),
    host: path('url.domain'),
    method: path('http.request.method'),
    status_code: path('http.response.status_code'),
    user_agent: path('user_agent.original'),
    referrer: path('http.request.referrer'),
    request_body_len: path('http.request.bytes'),
    response_body_len: path('http.response.bytes'),
    username: path('user.name'),
    server_name: path('tls.server_name'),
    version: first(path('tls.version'), path('http.version'), labelAnyCase('version')),
    filename: path('file.name'),
    note: path('rule.name'),
    msg: path('message'),
  }),
);
