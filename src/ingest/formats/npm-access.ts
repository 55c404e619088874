import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipOrDomain } from '../values.ts';
import { hostOf, labelsOf, parseRequestLine, requestFields, statusOutcome, urlFields } from './web/http.ts';

/**
 * Nginx Proxy Manager's access logs (`/data/logs/proxy-host-*_access.log`), which its own `log_format`s write:
 * - `proxy`: `[time] cache upstream_status status - METHOD scheme host "uri" [Client ip] [Length n] [Gzip r]
 *   [Sent-to server] "user agent" "referer"`; its `standard` format (redirection and dead hosts) lacks the cache,
 *   upstream status and upstream;
 * - NPMplus: `[time] host client request_time "METHOD uri HTTP/v" status body_bytes bytes referer user agent`, the
 *   last two unquoted.
 * The host is the virtual host asked for (`url.domain`); the upstream a label. Requests a reverse proxy answers for
 * the sites behind it: Sigma's `webserver` category, as nginx's own access log.
 */

const TIME = '\\[(\\d{2}\\/[A-Za-z]{3}\\/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})\\]';
const QUOTED = '"((?:[^"\\\\]|\\\\.){0,8192})"';
const PROXY = new RegExp(
  `^${TIME}(?: (\\S+) (\\S+))? (\\d{3}) - ([A-Za-z][A-Za-z0-9_-]{0,31}) (https?|-) (\\S+) ${QUOTED} \\[Client ([^\\]\\s]+)\\] \\[Length (\\d+|-)\\] \\[Gzip ([^\\]]*)\\](?: \\[Sent-to ([^\\]]*)\\])? ${QUOTED} ${QUOTED}$`,
);
const PLUS = new RegExp(`^${TIME} (\\S+) (\\S+) (\\d+(?:\\.\\d+)?|-) ${QUOTED} (\\d{3}) (\\d+|-) (\\d+|-) (\\S+) (.*)$`);

const dash = (text: string | undefined): string | undefined => (text === undefined || text === '-' || text === '' ? undefined : text);
/** The virtual host; `_` is nginx's catch-all server name, no host. */
const vhost = (text: string | undefined): string | undefined => (text === '_' ? undefined : hostOf(text));

function proxyLine(m: RegExpExecArray): EventFields {
  const [, , cache, upstream, statusText, method, scheme, host, uri, client, length, gzip, sentTo, agent, referer] = m as unknown as string[];
  const status = int(statusText);
  const url = urlFields(uri);
  const domain = vhost(host);
  return {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: ipOrDomain(client),
    url: url === undefined ? undefined : { ...url, domain: url.domain ?? domain, scheme: url.scheme ?? dash(scheme) },
    destination: domain === undefined ? undefined : ipOrDomain(domain),
    http: { request: { method: method!.toUpperCase(), referrer: dash(referer) }, response: { status_code: status, bytes: int(dash(length)) } },
    user_agent: { original: dash(agent) },
    labels: labelsOf({ 'npm.cache_status': dash(cache), 'npm.upstream_status': dash(upstream), 'npm.gzip_ratio': dash(gzip), 'npm.sent_to': dash(sentTo) }),
  };
}

function plusLine(m: RegExpExecArray): EventFields {
  const [, , host, client, requestTime, requestText, statusText, bodyBytes, bytes, referer, agent] = m as unknown as string[];
  // A request nginx could not parse (a TLS handshake sent to the HTTP port) is kept as written, status and all.
  const request = parseRequestLine(requestText!);
  const { url, http } = requestFields(request);
  const status = int(statusText);
  const domain = vhost(host);
  return {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: ipOrDomain(client),
    url: url === undefined ? undefined : { ...url, domain: url.domain ?? domain },
    destination: domain === undefined ? undefined : ipOrDomain(domain),
    http: { ...http, request: { ...http?.request, referrer: dash(referer) }, response: { status_code: status, bytes: int(dash(bodyBytes)) } },
    user_agent: { original: dash(agent?.trim()) },
    labels: labelsOf({ 'npm.request_time': dash(requestTime), 'npm.bytes_sent': dash(bytes), 'npm.request': request.problem === 'malformed' ? requestText : undefined }),
  };
}

export function parseNpmLine(text: string): ParseOutcome {
  if (!text.startsWith('[')) return reject('not a Nginx Proxy Manager access line');
  const proxy = PROXY.exec(text);
  const plus = proxy === null ? PLUS.exec(text) : null;
  if (proxy === null && plus === null) return reject('not a Nginx Proxy Manager access line');
  const fields = proxy !== null ? proxyLine(proxy) : plusLine(plus!);
  return events({ time: (proxy ?? plus)![1], dataset: 'nginx_proxy_manager.access', fields: compact(fields) });
}

export const npmAccessFormat = defineFormat({
  id: 'npm-access',
  title: 'Nginx Proxy Manager access log',
  description:
    "Nginx Proxy Manager's access logs (its proxy and standard log formats, and NPMplus's): client, virtual host, method, URI, status, " +
    'length, user agent and referer, cache and upstream as labels',
  framing: 'lines',
  sniff: sniffLines((line) => parseNpmLine(line).kind === 'events'),
  createParser: stateless((record) => parseNpmLine(record.text)),
  logsources: [{ category: 'webserver' }, { product: 'nginx_proxy_manager' }],
  lineFallback: true,
});
