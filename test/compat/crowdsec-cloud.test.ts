import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's cloud tests: the fields its aws-cloudtrail, aws-alb and aws-cloudfront parsers assert agree
 * with our events of the same records, and its AWS console brute-force and Kubernetes pod-exec and privileged-pod
 * tests are incidents of our pack naming the same source.
 */

const temp = tempDirs('crowdsec-cloud');
const label = (key: string) => (e: VigilEvent) => e.labels?.[key];
const path = (p: string) => (e: VigilEvent) => dotted(e, p);
const FIELDS: Readonly<Record<string, Read>> = {
  'Meta.source_ip': path('source.ip'), 'Meta.user_agent': path('user_agent.original'), 'Meta.event_name': path('event.action'),
  'Meta.event_source': path('event.provider'), 'Meta.region': path('cloud.region'), 'Meta.user_type': label('userIdentity.type'),
  // CrowdSec's user_arn is the identity's ARN, or its user name when it has no ARN.
  'Meta.user_arn': (e) => e.labels?.['userIdentity.arn'] ?? e.labels?.['userIdentity.userName'],
  'Meta.account_id': label('userIdentity.accountId'), 'Meta.event_id': label('eventID'), 'Meta.error_code': label('errorCode'),
};

test('CrowdSec hub CloudTrail parser test: asserted fields agree', async (t) => {
  const done = await compareParserFields(t, 'aws-cloudtrail', 'crowdsecurity/aws-cloudtrail', 'aws-cloudtrail', FIELDS);
  if (done === undefined) return;
  assert.equal(done.results, 2);
  assert.ok(done.compared >= 18, `${String(done.compared)} fields compared`);
});

/** The request target without scheme and host, as CrowdSec's ALB parser gives it. */
const pathAndQuery: Read = (e) => (e.url?.path === undefined ? undefined : `${e.url.path}${e.url.query === undefined ? '' : `?${e.url.query}`}`);

const WEB: Readonly<Record<string, Read>> = {
  'Meta.source_ip': path('source.ip'), 'Meta.http_status': path('http.response.status_code'), 'Meta.http_verb': path('http.request.method'),
  'Meta.http_user_agent': path('user_agent.original'),
};

test('CrowdSec hub ALB parser test: asserted fields agree', async (t) => {
  const done = await compareParserFields(t, 'aws-alb-logs', 'crowdsecurity/aws-alb', 'aws-elb', {
    ...WEB, 'Parsed.remote_port': path('source.port'), 'Parsed.target_addr': path('destination.ip'), 'Parsed.target_port': path('destination.port'),
    'Meta.http_host': path('url.domain'), 'Parsed.host': path('url.domain'), 'Meta.http_path': pathAndQuery, 'Parsed.request': pathAndQuery,
    'Parsed.http_version': path('http.version'), 'Parsed.sent_bytes': path('http.response.bytes'), 'Parsed.received_bytes': path('http.request.bytes'),
    'Parsed.ssl_protocol': path('tls.version'), 'Parsed.elb': label('elb'), 'Parsed.type': label('type'), 'Parsed.trace_id': label('trace_id'),
    'Parsed.target_group_arn': label('target_group_arn'), 'Parsed.actions_executed': label('actions_executed'), 'Parsed.ssl_cipher': label('ssl_cipher'),
    'Parsed.target_status_code': label('target_status_code'), 'Parsed.request_creation_time': label('request_creation_time'),
    'Parsed.matched_rule_priority': label('matched_rule_priority'), 'Parsed.domain_name': label('domain_name'), 'Parsed.redirect_url': label('redirect_url'),
  });
  if (done === undefined) return;
  assert.ok(done.results >= 10 && done.compared >= 200, `${String(done.results)} results, ${String(done.compared)} fields`);
});

test('CrowdSec hub CloudFront parser test: asserted fields agree', async (t) => {
  const done = await compareParserFields(t, 'aws-cloudfront-logs', 'crowdsecurity/aws-cloudfront', 'aws-cloudfront', {
    ...WEB, 'Parsed.c_ip': path('source.ip'), 'Parsed.c_port': path('source.port'), 'Parsed.cs_method': path('http.request.method'),
    'Parsed.cs_uri_stem': path('url.path'), 'Parsed.cs_uri_query': path('url.query'), 'Meta.http_path': path('url.original'), 'Parsed.sc_status': path('http.response.status_code'),
    'Parsed.sc_bytes': path('http.response.bytes'), 'Parsed.cs_bytes': path('http.request.bytes'), 'Parsed.x_host_header': path('url.domain'),
    'Parsed.cs_user_agent': path('user_agent.original'), 'Parsed.ssl_protocol': path('tls.version'), 'Parsed.cs_host': label('cs(Host)'),
    'Parsed.x_edge_location': label('x-edge-location'), 'Parsed.x_edge_request_id': label('x-edge-request-id'), 'Parsed.x_edge_result_type': label('x-edge-result-type'),
    'Parsed.time_taken': label('time-taken'), 'Parsed.ssl_cipher': label('ssl-cipher'), 'Parsed.sc_content_type': label('sc-content-type'),
  });
  if (done === undefined) return;
  assert.ok(done.results >= 2 && done.compared >= 30, `${String(done.results)} results, ${String(done.compared)} fields`);
});

/** Incidents of our pack on one CrowdSec test's log: titles and source addresses. */
async function incidentsOf(log: string): Promise<{ title: string; sources: string[] }[]> {
  const store = openStore(join(temp.fresh(), 'vigil.db'));
  try {
    await ingest(store, [log], { tz: 'UTC', actor: 'test' });
    return analyzeStore(store, { actor: 'test' }).incidents.map((i) => ({ title: i.title, sources: i.entities.source_ip ?? [] }));
  } finally {
    store.close();
  }
}

const SCENARIOS = [
  { test: 'aws-bf', log: 'aws-bf.log', title: 'AWS sign-in brute force' },
  { test: 'k8s-audit-pod-exec-file', log: 'k8s-audit-pod-exec-file.log', title: 'Command run inside a Kubernetes pod' },
  { test: 'k8s-audit-priv-pod-file', log: 'k8s-audit-priv-pod-file.log', title: 'Privileged or host-sharing Kubernetes pod created' },
];

for (const scenario of SCENARIOS) {
  test(`CrowdSec hub ${scenario.test} scenario test: our pack raises an incident on the same source`, async (t) => {
    const dir = sharedPath(t, 'crowdsec-hub', '.tests', scenario.test);
    if (dir === undefined) return;
    const expected = [...readFileSync(join(dir, 'scenario.assert'), 'utf8').matchAll(/"([^"]+)" in results\[\d+\]\.Overflow\.GetSources\(\)/g)].map((m) => m[1]!);
    assert.equal(expected.length, 1);
    const incidents = await incidentsOf(join(dir, scenario.log));
    const incident = incidents.find((i) => i.title.startsWith(scenario.title));
    assert.ok(incident !== undefined, `incidents: ${incidents.map((i) => i.title).join('; ')}`);
    assert.deepEqual(incident.sources, expected);
  });
}
