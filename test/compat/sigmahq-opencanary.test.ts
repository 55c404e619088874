import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath } from './shared-data.ts';

/**
 * SigmaHQ's OpenCanary rules (`product: opencanary, category: application`, one per honeypot `logtype`) on
 * OpenCanary's JSON records (https://opencanary.readthedocs.io): each rule fires on its own log type only, and
 * the alert names the attacker's address.
 */

const temp = tempDirs('sigmahq-opencanary');

function canaryRecord(logtype: number, i: number): string {
  return JSON.stringify({
    dst_host: '10.0.0.50', dst_port: 1000 + i, local_time: `2026-11-22 10:${String(i).padStart(2, '0')}:00.000000`, logdata: { USERNAME: 'root', PASSWORD: 'x' },
    logtype, node_id: 'canary-dmz-1', src_host: '203.0.113.5', src_port: 50000 + i, utc_time: `2026-11-22 10:${String(i).padStart(2, '0')}:00.000000`,
  });
}

test("SigmaHQ's OpenCanary rules each fire on their honeypot log type, naming the attacker", async (t) => {
  const dir = sharedPath(t, 'sigma', 'rules', 'application', 'opencanary');
  if (dir === undefined) return;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
  const logtypes = files.map((file) => Number(/logtype:\s*(\d+)/.exec(readFileSync(file, 'utf8'))?.[1]));
  assert.ok(files.length >= 20 && logtypes.every((n) => Number.isInteger(n)), `${String(files.length)} rules`);
  const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
  assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), []);
  const log = join(temp.fresh(), 'opencanary.log');
  // One record per rule's log type, and one of a log type no rule has (1001: the canary's own start-up).
  writeFileSync(log, `${[...logtypes, 1001].map(canaryRecord).join('\n')}\n`);
  const { events, errors } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual(errors, []);
  const detector = createDetector(set, defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  assert.equal(alerts.length, files.length);
  const ruleLogtype = new Map(files.map((file, i) => [/^id:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1], logtypes[i]]));
  for (const alert of alerts) {
    const event = events.find((e) => alert.event_ids.includes(e.id));
    assert.equal(event?.labels?.logtype, String(ruleLogtype.get(alert.rule.id)), alert.rule.title);
    assert.deepEqual(alert.entities.source_ip, ['203.0.113.5']);
  }
});
