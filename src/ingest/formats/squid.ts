import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipOrDomain, port } from '../values.ts';
import { hostOf, labelsOf, statusOutcome, urlFields } from './web/http.ts';

/**
 * Squid's native access log (`logformat squid`, its default): `time elapsed client result/status bytes method URL
 * user hierarchy/peer type`, e.g. `1732356000.123    145 192.168.1.10 TCP_MISS/200 5120 GET http://example.com/ -
 * HIER_DIRECT/93.184.216.34 text/html`. The time is seconds since the epoch; the URL is absolute, or `host:port` for
 * a CONNECT tunnel; the user is the proxy-authenticated one (or the ident one), `-` for none; the peer is the origin
 * server (or parent proxy) the request went to. A forward proxy sees its clients' traffic to any server, so these
 * are Sigma's `proxy` requests, not `webserver` ones. Words a custom `logformat` appends (a quoted user agent …) are
 * kept: a quoted last field is the user agent, anything else a label.
 */

const LINE = /^(\d{9,11}(?:\.\d{1,6})?) +(-?\d{1,10}) (\S+) ([A-Z][A-Z_]*)\/(\d{3}) (\d{1,15}) ([A-Za-z][A-Za-z0-9_-]{0,31}) (\S+) (\S+) ([A-Z][A-Z_]*)\/(\S+) (\S+)(?: (.*))?$/;
/** The words a custom logformat appends: quoted (escapes allowed) or bare. One pass: a quote without its close is a bare word. */
const WORD = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
const AUTHORITY = /^([^\s/?#@]+):(\d{1,5})$/;

/** The URL, and the server a CONNECT tunnel goes to (`host:port`: its name and port; the URL is the target as written). */
function requestOf(method: string, target: string): { url: EventFields['url']; server?: { domain?: string; ip?: string; port?: number } } {
  const authority = method.toUpperCase() === 'CONNECT' ? AUTHORITY.exec(target) : null;
  if (authority === null) return { url: urlFields(target) };
  const host = hostOf(authority[1]);
  return { url: { original: target, domain: host }, server: { ...ipOrDomain(host), port: port(authority[2]) } };
}

/** The last appended word when it is quoted (the user agent of the usual custom formats), unescaped. */
function lastQuoted(rest: string): string | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of rest.matchAll(WORD)) last = m;
  return last?.[1]?.replace(/\\(.)/g, '$1');
}

export function parseSquidLine(text: string): ParseOutcome {
  const m = LINE.exec(text.trim());
  if (m === null) return reject('not a Squid native access line (time elapsed client result/status bytes method URL user hierarchy/peer type)');
  const [, time, elapsed, client, result, statusText, bytes, method, target, user, hierarchy, peer, type, rest] = m as unknown as string[];
  const status = int(statusText);
  const denied = result!.includes('DENIED');
  const outcome = denied ? 'failure' : statusOutcome(status);
  const agent = rest === undefined ? undefined : lastQuoted(rest);
  const request = requestOf(method!, target!);
  // The origin server (or parent proxy) it went to; a tunnel's target names the server when the peer does not.
  const destination = { ...request.server, ...(peer === '-' ? {} : ipOrDomain(peer)) };
  const fields: EventFields = {
    // A refusal is the proxy's answer to a request, not a firewall's verdict on a connection: no `denied` type.
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome },
    source: ipOrDomain(client),
    destination,
    url: request.url,
    http: { request: { method: method!.toUpperCase() }, response: { status_code: status !== undefined && status >= 100 ? status : undefined, bytes: int(bytes) } },
    user: { name: user === '-' ? undefined : user },
    user_agent: { original: agent === undefined || agent === '-' ? undefined : agent },
    labels: labelsOf({
      'squid.result_code': result,
      'squid.hierarchy': hierarchy,
      'squid.elapsed_ms': elapsed,
      'squid.content_type': type === '-' ? undefined : type,
      'squid.extra': agent === undefined ? rest : undefined,
    }),
  };
  return events({ time, dataset: 'squid.access', fields: compact(fields) });
}

export const squidFormat = defineFormat({
  id: 'squid',
  title: 'Squid access log (native format)',
  description:
    "Squid's native access.log: client, result code and status, bytes, method, URL (or CONNECT host:port), authenticated user, " +
    'the server or parent it went to and the content type, at the epoch time; Sigma proxy requests',
  framing: 'lines',
  sniff: sniffLines((line) => parseSquidLine(line).kind === 'events'),
  createParser: stateless((record) => parseSquidLine(record.text)),
  logsources: [{ category: 'proxy' }, { product: 'squid' }],
});
