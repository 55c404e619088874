import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipPort, str } from '../values.ts';
import { closingQuote } from './web/access-line.ts';
import { hostOf, labelsOf, parseRequestLine, requestFields, statusOutcome } from './web/http.ts';

/**
 * Envoy's text access log (Envoy's default format and Istio's, before and after 1.9): `[start] "METHOD path PROTOCOL"
 * code flags … received sent duration upstream-time "x-forwarded-for" "user-agent" "request-id" "authority"
 * "upstream-host"`, Istio adding the response details, failure reason and the four addresses, cluster, server
 * name and route. The five quoted fields after four bare ones place the rest, whichever of the layouts a line has.
 */

const START = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\] "/;
const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
/** Envoy ≥ 1.27 writes an upstream host as a URL (`tcp://10.0.2.1:80`). */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const NUMBER = /^(?:\d+|-)$/;
const QUOTED_RUN = 5;
/** What Istio writes between the flags and the byte counts (before 1.9, the mixer's status and failure reason). */
const MIDDLE: Readonly<Record<number, readonly string[]>> = {
  0: [],
  2: ['mixer_status', 'upstream_transport_failure_reason'],
  3: ['response_code_details', 'connection_termination_details', 'upstream_transport_failure_reason'],
};
const AFTER = ['upstream_cluster', 'upstream_local_address', 'downstream_local_address', 'downstream_remote_address', 'requested_server_name', 'route_name'] as const;

interface Token {
  text: string;
  quoted: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push(m[1] === undefined ? { text: m[2]!, quoted: false } : { text: m[1].replace(/\\(.)/g, '$1'), quoted: true });
  return out;
}

/** `ip:port`, `[v6]:port` or a bare address (an upstream host may be a URL); Envoy writes `-` for none. */
function endpoint(written: string | undefined): { ip?: string; port?: number } {
  return written === undefined || written === '-' ? {} : ipPort(written.replace(SCHEME, ''));
}

/** Where the five quoted fields start: after the code, the flags, the middle fields and four bare numbers. */
function quotedRunAt(parts: readonly Token[]): number | undefined {
  for (const middle of [0, 3, 2]) {
    const at = 2 + middle + 4;
    if (parts.length < at + QUOTED_RUN) continue;
    const numbers = parts.slice(at - 4, at);
    const quoted = parts.slice(at, at + QUOTED_RUN);
    if (numbers.every((t) => !t.quoted && NUMBER.test(t.text)) && quoted.every((t) => t.quoted)) return at;
  }
  return undefined;
}

/** The client: the address Envoy saw, else the first the proxies before it forwarded. */
function client(remote: string | undefined, forwarded: string | undefined): { ip?: string; port?: number } {
  const seen = endpoint(remote);
  if (seen.ip !== undefined) return seen;
  const first = forwarded?.split(',')[0]?.trim();
  return endpoint(first === '' ? undefined : first);
}

export function parseEnvoyLine(text: string): ParseOutcome {
  const start = START.exec(text);
  if (start === null) return reject('not an Envoy access line ([start time] "request")');
  const close = closingQuote(text, start[0].length);
  if (close < 0) return reject('the request has no closing quote');
  const parts = tokens(text.slice(close + 1));
  const at = quotedRunAt(parts);
  if (at === undefined) return reject('not the fields of an Envoy access line after the request');
  const code = parts[0]!.text;
  if (parts[0]!.quoted || !/^\d{1,3}$/.test(code)) return reject(`response code "${code}" is not a number`);
  const bare = (i: number): string | undefined => str(parts[i]?.text);
  const [forwarded, agent, requestId, authority, upstream] = parts.slice(at, at + QUOTED_RUN).map((t) => str(t.text));
  const labels: Record<string, string | undefined> = {
    response_flags: bare(1),
    duration_ms: bare(at - 2),
    upstream_service_time: bare(at - 1),
    x_forwarded_for: forwarded,
    request_id: requestId,
  };
  const middle = MIDDLE[at - 6] ?? [];
  middle.forEach((name, i) => (labels[name] = bare(2 + i)));
  const after: Record<string, string | undefined> = {};
  AFTER.forEach((name, i) => (after[name] = bare(at + QUOTED_RUN + i)));
  Object.assign(labels, after);
  const request = parseRequestLine(text.slice(start[0].length, close));
  const status = int(code);
  const { url, http } = requestFields(request);
  const sni = after.requested_server_name;
  const fields: EventFields = {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: status === 0 ? 'failure' : statusOutcome(status) },
    source: client(after.downstream_remote_address, forwarded),
    destination: endpoint(upstream),
    url: { ...url, domain: url?.domain ?? hostOf(authority) },
    http: { ...http, request: { ...http?.request, bytes: int(bare(at - 4)) }, response: { status_code: status === 0 ? undefined : status, bytes: int(bare(at - 3)) } },
    user_agent: { original: agent },
    tls: { server_name: sni },
    labels: labelsOf(labels),
  };
  return events({ time: start[1], dataset: 'envoy.access', fields: compact(fields) });
}

export const envoyAccessFormat = defineFormat({
  id: 'envoy-access',
  title: 'Envoy access log (Envoy, Istio)',
  description: 'Envoy proxy access logs in the default text layout and Istio\'s: request, response code and flags, bytes, duration, forwarded-for, user agent, authority, upstream and addresses',
  framing: 'lines',
  sniff: sniffLines((line) => line.startsWith('[') && parseEnvoyLine(line).kind === 'events'),
  createParser: stateless((record) => parseEnvoyLine(record.text)),
  logsources: [{ category: 'webserver' }, { category: 'proxy' }],
  lineFallback: true,
});
