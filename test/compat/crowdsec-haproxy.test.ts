import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/** The CrowdSec hub's HAProxy parser test: the fields its haproxy-logs parser asserts agree with our events of the same lines. */

const label = (key: string): Read => (e: VigilEvent) => e.labels?.[key];
const path = (p: string): Read => (e: VigilEvent) => dotted(e, p);

test('CrowdSec hub HAProxy parser test: asserted fields agree', async (t) => {
  const done = await compareParserFields(t, 'haproxy-logs', 'crowdsecurity/haproxy-logs', 'haproxy', {
    'Parsed.client_ip': path('source.ip'), 'Meta.source_ip': path('source.ip'), 'Parsed.client_port': path('source.port'),
    'Parsed.http_verb': path('http.request.method'), 'Parsed.verb': path('http.request.method'), 'Meta.http_verb': path('http.request.method'),
    'Parsed.http_status_code': path('http.response.status_code'), 'Meta.http_status': path('http.response.status_code'),
    'Parsed.http_request': path('url.original'), 'Parsed.request': path('url.original'), 'Meta.http_path': path('url.original'),
    'Parsed.http_version': path('http.version'), 'Parsed.bytes_read': path('http.response.bytes'),
    'Parsed.frontend_name': label('frontend_name'), 'Parsed.backend_name': label('backend_name'), 
    // HAProxy's documentation names the part after the frontend of a connection error its bind_name; CrowdSec's pattern calls it server_name.
    'Parsed.server_name': (e) => e.labels?.server_name ?? e.labels?.bind_name,
   
    'Parsed.time_request': label('Tq'), 'Parsed.time_queue': label('Tw'), 'Parsed.time_backend_connect': label('Tc'),
    'Parsed.time_backend_response': label('Tr'), 'Parsed.time_duration': label('Ta'), 'Parsed.termination_state': label('termination_state'),
    'Parsed.actconn': label('actconn'), 'Parsed.feconn': label('feconn'), 'Parsed.beconn': label('beconn'), 'Parsed.srvconn': label('srv_conn'),
    'Parsed.retries': label('retries'), 'Parsed.srv_queue': label('srv_queue'), 'Parsed.backend_queue': label('backend_queue'),
    'Parsed.captured_request_cookie': label('captured_request_cookie'), 'Parsed.captured_response_cookie': label('captured_response_cookie'),
  });
  if (done === undefined) return;
  assert.equal(done.results, 4);
  assert.ok(done.compared >= 50, `${String(done.compared)} fields compared`);
});
