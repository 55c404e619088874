import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCorrelator } from '../../../src/detect/correlate/index.ts';
import { CorrelationEngine } from '../../../src/detect/correlate/engine.ts';
import { MAX_ALERT_EVIDENCE } from '../../../src/schema/alert.ts';
import type { VigilEvent } from '../../../src/schema/event.ts';
import { corr, failed, login, min, rule, run, sec, testResolver } from './helpers.ts';

const failedRule = () => rule('ssh-failed', failed, { name: 'ssh_failed' });

const bruteForce = (condition = 'gte: 10', groupBy = '[source.ip]') =>
  corr(`
title: SSH brute force
id: corr-brute
level: high
correlation:
  type: event_count
  rules: [ssh_failed]
  group-by: ${groupBy}
  timespan: 10m
  condition: { ${condition} }
`);

const burstOf = (ip: string, n: number, startMs: number, stepMs: number, user = 'root'): VigilEvent[] =>
  Array.from({ length: n }, (_, i) => login(startMs + i * stepMs, ip, user, 'failure'));

describe('event_count', () => {
  it('brute force: 10 failures per source.ip in 10m fire once per IP; fewer do not; successes do not count', () => {
    const events = [...burstOf('203.0.113.5', 12, min(0), 20_000), ...burstOf('198.51.100.7', 9, min(0), 20_000), login(min(1), '203.0.113.5', 'root', 'success')]
      .sort((a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? ''));
    const { alerts, problems } = run([bruteForce()], [failedRule()], events);
    assert.deepEqual(problems, []);
    assert.equal(alerts.length, 1);
    const [a] = alerts;
    assert.equal(a?.type, 'event_count');
    assert.equal(a?.rule.id, 'corr-brute');
    assert.equal(a?.rule.level, 'high');
    assert.deepEqual(a?.group, { 'source.ip': '203.0.113.5' });
    assert.equal(a?.value, 12);
    assert.equal(a?.count, 12);
    assert.equal(a?.event_total, 12);
    assert.equal(a?.first_seen, new Date(min(0)).toISOString());
    assert.equal(a?.last_seen, new Date(min(0) + 11 * 20_000).toISOString());
    assert.deepEqual(a?.entities.source_ip, ['203.0.113.5']);
  });

  it('one alert per burst: 300 attempts give one alert with all 300 counted, returned once the window has passed', () => {
    const attack = burstOf('203.0.113.5', 300, min(0), 2000);
    const later = login(min(30), '192.0.2.1', 'bob', 'failure');
    const { alerts, pushedAt } = run([bruteForce()], [failedRule()], [...attack, later]);
    assert.equal(alerts.length, 1);
    const [a] = alerts;
    assert.equal(a?.value, 300);
    assert.equal(a?.count, 300);
    assert.equal(a?.event_total, 300);
    // Evidence capped: the first and the last halves, so first and last attempt are both there.
    assert.equal(a?.event_ids.length, MAX_ALERT_EVIDENCE);
    assert.equal(a?.event_ids[0], attack[0]?.id);
    assert.equal(a?.event_ids[MAX_ALERT_EVIDENCE - 1], attack[299]?.id);
    assert.equal(a?.event_ids[MAX_ALERT_EVIDENCE / 2], attack[300 - MAX_ALERT_EVIDENCE / 2]?.id);
    assert.equal(a?.last_seen, attack[299]?.['@timestamp']);
    // Not raised while the burst went on: the push of the later event (past the window) returned it.
    assert.deepEqual([...pushedAt.keys()], [300]);
  });

  it('slides: 10 failures straddling a 10-minute boundary fire; 10 spread over more than 10 minutes do not', () => {
    const straddling = burstOf('203.0.113.5', 10, min(5), 60_000); // 08:05 … 08:14
    assert.equal(run([bruteForce()], [failedRule()], straddling).alerts.length, 1);
    const spread = burstOf('203.0.113.5', 10, min(0), 70_000); // first to last: 10.5 minutes
    assert.equal(run([bruteForce()], [failedRule()], spread).alerts.length, 0);
    const exactly = burstOf('203.0.113.5', 10, min(0), 60_000 + 6_666); // last one 9m59.994s after the first
    assert.equal(run([bruteForce()], [failedRule()], exactly).alerts.length, 1);
  });

  it('a burst keeps extending while satisfying windows follow within the timespan, and a new one starts after', () => {
    const events = [
      ...burstOf('203.0.113.5', 10, min(0), 10_000), // fires at 08:01:30
      ...burstOf('203.0.113.5', 5, min(8), 10_000), // window still holds 15: same burst
      ...burstOf('203.0.113.5', 10, min(25), 10_000), // 16 minutes after the last satisfying window: new burst
    ];
    const { alerts } = run([bruteForce()], [failedRule()], events);
    assert.deepEqual(alerts.map((a) => a.value), [15, 10]);
    assert.deepEqual(alerts.map((a) => a.first_seen), [new Date(min(0)).toISOString(), new Date(min(25)).toISOString()]);
    assert.notEqual(alerts[0]?.id, alerts[1]?.id);
  });

  it('an event standing for N occurrences (message repeated N times) counts N', () => {
    const events = [1, 2, 3].map((i) => login(sec(i), '203.0.113.5', 'root', 'failure', 4));
    const { alerts } = run([bruteForce()], [failedRule()], events);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.value, 12);
    assert.equal(alerts[0]?.count, 12);
    assert.equal(alerts[0]?.event_total, 3);
  });

  it('a range (gt 5, lte 8) reports the last satisfying window and keeps only the events that met it', () => {
    const { alerts } = run([bruteForce('gt: 5, lte: 8')], [failedRule()], burstOf('203.0.113.5', 12, min(0), 1000));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.value, 8);
    assert.equal(alerts[0]?.event_total, 8);
  });

  it('lte 2 fires on the first events of a group and stops once the window holds more', () => {
    const { alerts } = run([bruteForce('lte: 2')], [failedRule()], burstOf('203.0.113.5', 5, min(0), 1000));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.value, 2);
    assert.equal(alerts[0]?.event_total, 2);
  });

  it('events without the group-by field take no part; without group-by all events form one group', () => {
    const noIp = Array.from({ length: 12 }, (_, i) => {
      const e = login(sec(i), 'x', 'root', 'failure');
      delete e.source;
      return e;
    });
    assert.equal(run([bruteForce()], [failedRule()], noIp).alerts.length, 0);
    const mixed = Array.from({ length: 10 }, (_, i) => login(sec(i), `203.0.113.${String(i)}`, 'root', 'failure'));
    const global = run([bruteForce('gte: 10', '[]')], [failedRule()], mixed).alerts;
    assert.equal(global.length, 1);
    assert.equal(global[0]?.group, undefined);
    assert.equal(global[0]?.entities.source_ip.length, 10);
  });

  it('the same input gives the same alerts, ids and order', () => {
    const events = [...burstOf('203.0.113.5', 20, min(0), 1000), ...burstOf('203.0.113.6', 20, min(0) + 500, 1000)].sort(
      (a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? ''),
    );
    const first = run([bruteForce()], [failedRule()], events).alerts;
    const second = run([bruteForce()], [failedRule()], events).alerts;
    assert.equal(first.length, 2);
    assert.deepEqual(second, first);
    assert.deepEqual(first.map((a) => a.group?.['source.ip']), ['203.0.113.5', '203.0.113.6']);
  });

  it('forgets idle groups as time passes: 20,000 IPs one per second never hold more than a window of groups', () => {
    const r = failedRule();
    const { correlator } = createCorrelator([bruteForce()], [r], testResolver);
    assert.ok(correlator instanceof CorrelationEngine);
    let peak = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const timeMs = sec(i);
      correlator.push({ rule: r, event: login(timeMs, `10.${String(i >> 16)}.${String((i >> 8) & 255)}.${String(i & 255)}`, 'root', 'failure'), timeMs });
      peak = Math.max(peak, correlator.liveGroups);
    }
    // A group lives its 10 minutes, both ends inclusive: at second t the groups of seconds t-600 … t, 601 of them.
    assert.equal(peak, 601);
    assert.deepEqual(correlator.flush(), []);
    assert.equal(correlator.liveGroups, 0);
  });
});
