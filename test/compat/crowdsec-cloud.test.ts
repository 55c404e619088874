import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { locate, readParserResults } from './crowdsec-assert.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's cloud tests: the fields its aws-cloudtrail parser asserts agree with our events of the same
 * records, and its AWS console brute-force and Kubernetes pod-exec and privileged-pod tests are incidents of our
 * pack naming the same source.
 */

const temp = tempDirs('crowdsec-cloud');
const label = (key: string) => (e: VigilEvent) => e.labels?.[key];
const path = (p: string) => (e: VigilEvent) => dotted(e, p);
const FIELDS: Readonly<Record<string, (e: VigilEvent) => unknown>> = {
  'Meta.source_ip': path('source.ip'), 'Meta.user_agent': path('user_agent.original'), 'Meta.event_name': path('event.action'),
  'Meta.event_source': path('event.provider'), 'Meta.region': path('cloud.region'), 'Meta.user_type': label('userIdentity.type'),
  // CrowdSec's user_arn is the identity's ARN, or its user name when it has no ARN.
  'Meta.user_arn': (e) => e.labels?.['userIdentity.arn'] ?? e.labels?.['userIdentity.userName'],
  'Meta.account_id': label('userIdentity.accountId'), 'Meta.event_id': label('eventID'), 'Meta.error_code': label('errorCode'),
};

test('CrowdSec hub CloudTrail parser test: asserted fields agree', async (t) => {
  const dir = sharedPath(t, 'crowdsec-hub', '.tests', 'aws-cloudtrail');
  if (dir === undefined) return;
  const log = join(dir, 'aws-cloudtrail.log');
  const { events, errors, formats } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual([errors, formats], [[], ['aws-cloudtrail']]);
  const byLine = new Map(events.map((e) => [e.log.line, e]));
  const hits = locate(readParserResults(join(dir, 'parser.assert'), 'crowdsecurity/aws-cloudtrail'), readFileSync(log, 'utf8').split('\n')).filter((h) => h.result.success === true);
  let compared = 0;
  const failures: string[] = [];
  for (const hit of hits) {
    const event = byLine.get(hit.line);
    for (const [key, expected] of hit.result.fields) {
      const read = FIELDS[key];
      if (read === undefined) continue;
      const value = event === undefined ? undefined : read(event);
      compared++;
      if (value !== expected) failures.push(`line ${String(hit.line)} ${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(value)}`);
    }
  }
  t.diagnostic(`${String(hits.length)} results, ${String(compared - failures.length)} of ${String(compared)} fields agree (${percent(compared - failures.length, compared).toFixed(1)} %)`);
  assert.equal(hits.length, 2);
  assert.ok(compared >= 18, `${String(compared)} fields compared`);
  assert.deepEqual(failures, []);
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
