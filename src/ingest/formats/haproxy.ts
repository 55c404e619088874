import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type Draft, type ParseOutcome } from '../format.ts';
import { compact, int, ip, port, str } from '../values.ts';
import { labelsOf, parseRequestLine, requestFields, statusOutcome } from './web/http.ts';

/**
 * HAProxy's logs, as its syslog messages carry them (the syslog format decodes the `haproxy` program with
 * haproxyDraft) or as a file of those messages alone:
 * - HTTP (`option httplog`): `client:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes
 *   cookie cookie termination actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue {headers} "request"`;
 * - TCP (`option tcplog`): the same up to the server, then `Tw/Tc/Tt bytes termination conns queues`;
 * - connection errors: `client:port [date] frontend/bind: SSL handshake failure`.
 * The accept date has no zone: it is HAProxy's local time (--tz). Labels have the names HAProxy's documentation
 * gives the fields (`frontend_name`, `Tq`…`Ta`, `termination_state`, `actconn`…).
 */

const HEAD = /^(\S+):(\d{1,5}) \[(\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)\] (\S+) /;
// A backend's name has no `/` (HAProxy names are letters, digits and `-_.:`): the split is found without backtracking.
const HTTP =
  /^([^\s/]+)\/(\S+) (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/\+?(-?\d+) (-?\d+) \+?(\d+) (\S+) (\S+) ([A-Za-z-]{4}) (\d+)\/(\d+)\/(\d+)\/(\d+)\/\+?(\d+) (\d+)\/(\d+)((?: \{[^}]*\}){0,2}) "(.*)"$/;
const TCP = /^([^\s/]+)\/(\S+) (-?\d+)\/(-?\d+)\/\+?(-?\d+) \+?(\d+) ([A-Za-z-]{2}) (\d+)\/(\d+)\/(\d+)\/(\d+)\/\+?(\d+) (\d+)\/(\d+)$/;
const CAPTURES = /\{([^}]*)\}/g;

/** An address as HAProxy writes its client: IPv4, IPv6 (ip() reads `::ffff:` mapped IPv4 as IPv4) or a UNIX socket. */
function clientOf(address: string, portText: string): { ip?: string; port?: number } | undefined {
  const parsed = ip(address);
  return parsed === undefined ? undefined : { ip: parsed, port: port(portText) };
}

/** The termination state's first letter: who ended the session, when it did not end normally. */
function terminationOutcome(state: string): 'success' | 'failure' {
  return state.startsWith('-') ? 'success' : 'failure';
}

function httpDraft(m: RegExpExecArray, base: EventFields): EventFields {
  const [, backend, server, tq, tw, tc, tr, ta, statusText, bytes, requestCookie, responseCookie, termination, actconn, feconn, beconn, srvConn, retries, srvQueue, backendQueue, captures, request] = m;
  const status = int(statusText);
  const line = parseRequestLine(request!);
  const { url, http } = requestFields(line);
  const captured = [...(captures ?? '').matchAll(CAPTURES)].map((c) => c[1]!);
  return {
    ...base,
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: status === undefined || status < 0 ? terminationOutcome(termination!) : statusOutcome(status) },
    url,
    http: { ...http, response: { status_code: status !== undefined && status >= 100 ? status : undefined, bytes: int(bytes) } },
    labels: labelsOf({
      ...base.labels,
      backend_name: backend, server_name: server, Tq: tq, Tw: tw, Tc: tc, Tr: tr, Ta: ta, termination_state: termination,
      actconn, feconn, beconn, srv_conn: srvConn, retries, srv_queue: srvQueue, backend_queue: backendQueue,
      captured_request_cookie: requestCookie === '-' ? undefined : requestCookie,
      captured_response_cookie: responseCookie === '-' ? undefined : responseCookie,
      captured_request_headers: captured[0],
      captured_response_headers: captured[1],
      ...(line.problem === undefined ? {} : { http_request: request! }),
    }),
  };
}

function tcpDraft(m: RegExpExecArray, base: EventFields): EventFields {
  const [, backend, server, tw, tc, tt, bytes, termination, actconn, feconn, beconn, srvConn, retries, srvQueue, backendQueue] = m;
  return {
    ...base,
    event: { category: ['network'], type: ['connection'], action: 'tcp-session', outcome: terminationOutcome(termination!) },
    // Bytes sent from the server to the client.
    destination: { bytes: int(bytes) },
    labels: labelsOf({
      ...base.labels,
      backend_name: backend, server_name: server, Tw: tw, Tc: tc, Tt: tt, termination_state: termination,
      actconn, feconn, beconn, srv_conn: srvConn, retries, srv_queue: srvQueue, backend_queue: backendQueue,
    }),
  };
}

/** One HAProxy log message as a draft (its dataset `haproxy.http`, `haproxy.tcp` or `haproxy.error`), or why it is not one. */
export function haproxyDraft(text: string): Draft | string {
  const head = HEAD.exec(text);
  if (head === null) return 'not an HAProxy log line (client:port [accept date] frontend)';
  const client = clientOf(head[1]!, head[2]!);
  if (client === undefined) return `client "${head[1]!}" is not an address`;
  const frontend = head[4]!;
  const rest = text.slice(head[0].length);
  const time = head[3];
  if (frontend.endsWith(':')) {
    // `frontend/bind: SSL handshake failure`: the connection ended before any request.
    const [name, bind] = frontend.slice(0, -1).split('/');
    const message = str(rest);
    const fields: EventFields = {
      message,
      event: { category: ['network'], type: ['connection', 'error'], action: 'connection-error', outcome: 'failure', reason: message },
      source: client,
      labels: labelsOf({ frontend_name: name, bind_name: bind }),
    };
    return { time, dataset: 'haproxy.error', fields: compact(fields) };
  }
  // A frontend name ends in `~` when the connection came over TLS.
  const base: EventFields = { source: client, labels: labelsOf({ frontend_name: frontend }) };
  const http = HTTP.exec(rest);
  if (http !== null) return { time, dataset: 'haproxy.http', fields: compact(httpDraft(http, base)) };
  const tcp = TCP.exec(rest);
  if (tcp !== null) return { time, dataset: 'haproxy.tcp', fields: compact(tcpDraft(tcp, base)) };
  return 'not the fields of an HAProxy HTTP or TCP log after the frontend';
}

function parse(text: string): ParseOutcome {
  const draft = haproxyDraft(text);
  return typeof draft === 'string' ? reject(draft) : events(draft);
}

export const haproxyFormat = defineFormat({
  id: 'haproxy',
  title: 'HAProxy log',
  description: 'HAProxy HTTP and TCP logs (httplog, tcplog) and connection errors without a syslog header: client, frontend, backend and server, timers, status, bytes, termination state, request',
  framing: 'lines',
  sniff: sniffLines((line) => typeof haproxyDraft(line) !== 'string'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'webserver' }],
  lineFallback: true,
});
