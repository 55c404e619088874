import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { percent, sharedPath } from './shared-data.ts';
import { synthesize } from './sigma-synth.ts';

/**
 * SigmaHQ's rules for cloud audit products, on records in each provider's own shape: every rule loads, each
 * fires on a record built from its own detection (sigma-synth.ts) and read by our format for that provider, and
 * none fires on a routine record of the same log.
 */

const temp = tempDirs('sigmahq-cloud');

interface Product {
  name: string;
  /** Rule folders under the SigmaHQ checkout. */
  dirs: string[][];
  format: string;
  base: () => Record<string, unknown>;
  /** Share of rules that must fire on their own record (measured, set at it). */
  floor: number;
}

const PRODUCTS: Product[] = [
  {
    name: 'aws',
    dirs: [['rules', 'cloud', 'aws']],
    format: 'aws-cloudtrail',
    base: () => ({
      eventVersion: '1.09', eventTime: '2026-11-23T09:00:00Z', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.9', userAgent: 'aws-cli/2.15.0',
      userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/carol', accountId: '111122223333', userName: 'carol' },
      eventSource: 'ec2.amazonaws.com', eventName: 'DescribeRegions', requestParameters: { regionSet: {} }, responseElements: null,
      eventID: 'e-1', readOnly: true, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
    }),
    floor: 100,
  },
  {
    name: 'kubernetes',
    dirs: [['rules', 'application', 'kubernetes']],
    format: 'kubernetes-audit',
    base: () => ({
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a-1', stage: 'ResponseComplete', requestURI: '/api/v1/namespaces/prod/configmaps/app',
      verb: 'get', user: { username: 'dev@example.com', groups: ['system:authenticated'] }, sourceIPs: ['198.51.100.23'], userAgent: 'kubectl/v1.29.0',
      objectRef: { resource: 'configmaps', namespace: 'prod', name: 'app', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-11-23T09:00:00.000000Z', stageTimestamp: '2026-11-23T09:00:00.002000Z',
    }),
    floor: 100,
  },
];

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
}

for (const product of PRODUCTS) {
  test(`SigmaHQ ${product.name} rules load, fire on their own records and not on a routine one`, async (t) => {
    const roots = product.dirs.map((d) => sharedPath(t, 'sigma', ...d));
    if (roots.some((r) => r === undefined)) return;
    const files = roots.flatMap((r) => ruleFiles(r!));
    const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
    assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), [], 'every rule loads and is active');
    const made = files.map((file) => synthesize(readFileSync(file, 'utf8'), product.base));
    const records = made.flatMap((m) => ('record' in m ? [m] : []));
    const log = join(temp.fresh(), `${product.name}.jsonl`);
    writeFileSync(log, `${[product.base(), ...records.map((m) => m.record)].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const { events, errors, formats } = await collectEvents([log], { tz: 'UTC' });
    assert.deepEqual([errors, formats], [[], [product.format]]);
    const detector = createDetector(set, defaultResolver);
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
    const firedOn = new Map<string, Set<number>>();
    for (const alert of alerts) {
      for (const id of alert.event_ids) {
        const line = events.find((e) => e.id === id)?.log.line ?? 0;
        firedOn.set(alert.rule.id, (firedOn.get(alert.rule.id) ?? new Set()).add(line));
      }
    }
    const misses = records.filter((m, i) => firedOn.get(m.id)?.has(i + 2) !== true).map((m) => m.title);
    const onRoutine = [...firedOn].filter(([, lines]) => lines.has(1)).map(([id]) => id);
    const fired = records.length - misses.length;
    t.diagnostic(`${String(files.length)} rules; ${String(records.length)} made a record (${made.filter((m) => 'skipped' in m).map((m) => ('skipped' in m ? `${m.title}: ${m.skipped}` : '')).join('; ') || 'none skipped'}); ${String(fired)} fire on their own (${percent(fired, records.length).toFixed(1)} %)`);
    for (const miss of misses) t.diagnostic(`  no alert: ${miss}`);
    assert.ok(records.length >= files.length * 0.8, `${String(records.length)} of ${String(files.length)} rules made a record`);
    assert.ok(percent(fired, records.length) >= product.floor, misses.join('; '));
    assert.deepEqual(onRoutine, [], 'rules firing on the routine record');
  });
}
