import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/**
 * The CrowdSec hub's Caddy and Traefik parser tests: their JSON access logs are read as generic JSON through the
 * alias table, and the request fields the hub's parsers assert agree with our events of the same records.
 */

const path = (p: string): Read => (e: VigilEvent) => dotted(e, p);
/** The request target as sent: path and query. */
const target: Read = (e) => e.url?.original;
/** Caddy logs status 0 for a request it never answered; the schema has no such status, and the record's value stays a label. */
/**
 * Traefik writes a forwarded-for list in ClientHost when it trusts the proxy before it (`192.168.1.100,10.0.0.50`):
 * CrowdSec takes its last address, we the first (the client, as the list is ordered); elsewhere both take the address.
 */
const clientHost: Read = (e) => {
  const written = (JSON.parse(e.event.original) as { ClientHost?: unknown }).ClientHost;
  return typeof written === 'string' && written.includes(',') ? written.split(',').at(-1)?.trim() : e.source?.ip;
};
const status: Read = (e) => e.http?.response?.status_code ?? e.labels?.status;

const REQUEST: Readonly<Record<string, Read>> = {
  'Meta.source_ip': path('source.ip'), 'Meta.http_verb': path('http.request.method'), 'Parsed.verb': path('http.request.method'),
  'Meta.http_status': status, 'Meta.http_path': target, 'Parsed.request': target,
  'Meta.http_user_agent': path('user_agent.original'), 'Parsed.http_user_agent': path('user_agent.original'),
};

test('CrowdSec hub Caddy parser test: asserted request fields agree', async (t) => {
  const done = await compareParserFields(t, 'caddy-logs', 'crowdsecurity/caddy-logs', 'generic-json', {
    // Not compared: Meta.target_fqdn, the Host header with its port (`localhost:9080`); url.domain is the host alone.
    ...REQUEST, 'Parsed.remote_ip': path('source.ip'),
  });
  if (done === undefined) return;
  assert.ok(done.results >= 10 && done.compared >= 80, `${String(done.results)} results, ${String(done.compared)} fields`);
});

test('CrowdSec hub Traefik parser test (JSON): asserted request fields agree', async (t) => {
  const done = await compareParserFields(t, 'traefik_json', 'crowdsecurity/traefik-logs', 'generic-json', {
    ...REQUEST, 'Parsed.remote_addr': clientHost, 'Meta.source_ip': clientHost, 'Parsed.status': path('http.response.status_code'), 'Meta.target_fqdn': path('url.domain'),
    'Parsed.body_bytes_sent': path('http.response.bytes'),
  }, 1);
  if (done === undefined) return;
  // One line of the file is the bouncer plugin's debug text, not JSON: counted as a record error and kept as text.
  assert.ok(done.results >= 5, `${String(done.results)} results`);
});
