import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipOrDomain, ipPort } from '../values.ts';
import { labelsOf, requestFields, serverFields, statusOutcome } from './web/http.ts';

/**
 * Apache CouchDB's log (2.x and 3.x, couch_log's default writer): `[notice] 2024-01-20T13:54:06.579985Z
 * couchdb@127.0.0.1 <0.17607.12> e1fed412f8 db.example.com:5984 203.0.113.9 admin GET /_all_dbs 200 ok 2`: the level,
 * the time (UTC), the Erlang node and process, then the request id and, for the HTTP requests chttpd logs, the
 * Host header, the client, the user (`undefined` before authentication), the method, the path, the status and its
 * word, and the time taken in milliseconds. Other messages (`--------` when there is no request) keep their level,
 * node and text.
 */

const LINE = /^\[(debug|info|notice|warning|error|critical|alert|emergency)\] (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) (\S{1,255}) (<[\d.]{5,40}>) (\S{1,64}) (.*)$/s;
const REQUEST = /^(\S{1,300}) (\S{2,64}) (\S{1,256}) ([A-Z]{1,16}) (\S{1,8192}) (\d{3}) ([a-z_]{1,40}) (\d{1,10})$/;
function requestEvent(m: RegExpExecArray): EventFields {
  const [, host, peer, user, method, path, statusText, word, millis] = m;
  const status = int(statusText);
  const { url, http } = requestFields({ method, target: path });
  const client = ipPort(peer);
  return {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: client.ip === undefined ? ipOrDomain(peer) : client,
    destination: serverFields(host),
    user: user === 'undefined' ? undefined : { name: user },
    url,
    http: { ...http, response: { status_code: status } },
    labels: labelsOf({ 'couchdb.status': word, 'couchdb.duration_ms': millis }),
  };
}

export function parseCouchdbLine(line: string): ParseOutcome {
  const m = LINE.exec(line);
  if (m === null) return reject('not a CouchDB log line ([level] time node <pid> request-id …)');
  const [, level, time, node, pid, requestId, message] = m;
  const labels = { 'couchdb.level': level, 'couchdb.node': node, 'couchdb.pid': pid, 'couchdb.request_id': requestId === '--------' ? undefined : requestId };
  const request = REQUEST.exec(message!);
  if (request !== null) {
    const fields = requestEvent(request);
    fields.labels = { ...labelsOf(labels), ...fields.labels };
    return events({ time, dataset: 'couchdb.access', fields: compact(fields) });
  }
  return events({ time, dataset: 'couchdb', fields: compact({ message, labels: labelsOf(labels) }) });
}

export const couchdbFormat = defineFormat({
  id: 'couchdb',
  title: 'Apache CouchDB log',
  description: "CouchDB's log: its HTTP requests (client, user, method, path, status, Host and time taken) and its other messages with their level and Erlang node",
  framing: 'lines',
  sniff: sniffLines((line) => LINE.test(line)),
  createParser: stateless((record) => parseCouchdbLine(record.text)),
  logsources: [{ category: 'webserver' }],
});
