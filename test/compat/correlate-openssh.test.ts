import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { corr, rule, run } from '../detect/correlate/helpers.ts';
import { sharedPath } from './shared-data.ts';

/**
 * Correlations over loghub's OpenSSH_2k.log, against the facts in ../shared/data/README.md: 528 failed
 * password attempts; six IPs with ≥ 10 (183.62.140.253 = 286, 187.141.143.180 = 80, 103.99.0.122 = 46,
 * 112.95.230.3 = 26, 5.188.10.180 = 18, 185.190.58.151 = 17); the only success follows no failure of its IP.
 */

const failed = () => rule('ssh-failed', (e) => e.event.action === 'ssh-login' && e.event.outcome === 'failure', { name: 'ssh_failed' });
const success = () => rule('ssh-success', (e) => e.event.action === 'ssh-login' && e.event.outcome === 'success', { name: 'ssh_success' });
const correlations = (timespan: string) => [
  corr(`title: brute\nid: c-brute\nname: many_failed\ncorrelation: { type: event_count, rules: [ssh_failed], group-by: [source.ip], timespan: ${timespan}, condition: { gte: 10 }, generate: true }`),
  corr(`title: then\nid: c-then\ncorrelation: { type: temporal_ordered, rules: [many_failed, ssh_success], group-by: [source.ip], timespan: ${timespan}, generate: true }`),
];

describe('correlations over loghub OpenSSH_2k.log', () => {
  it('a 1-day window finds exactly the six IPs with ≥ 10 attempts, with their exact counts, and no brute force then success', async (t) => {
    const path = sharedPath(t, 'loghub', 'OpenSSH', 'OpenSSH_2k.log');
    if (path === undefined) return;
    const { events } = await collectEvents([path], { tz: 'UTC', year: 2024 });
    const day = run(correlations('1d'), [failed(), success()], events);
    assert.deepEqual(day.problems, []);
    const counts: Record<string, number | undefined> = Object.fromEntries(day.alerts.map((a) => [a.group?.['source.ip'] ?? '', a.value]));
    assert.deepEqual(counts, { '183.62.140.253': 286, '187.141.143.180': 80, '103.99.0.122': 46, '112.95.230.3': 26, '5.188.10.180': 18, '185.190.58.151': 17 });
    assert.ok(day.alerts.every((a) => a.rule.id === 'c-brute' && a.count === a.value));

    // A 10-minute window: one alert per burst. 103.99.0.122 came back two hours later: two bursts (30 + 16).
    const tenMinutes = run(correlations('10m'), [failed(), success()], events);
    const second = tenMinutes.alerts.filter((a) => a.group?.['source.ip'] === '103.99.0.122');
    assert.deepEqual(second.map((a) => [a.value, a.first_seen]), [[30, '2024-12-10T09:11:21.000Z'], [16, '2024-12-10T11:03:39.000Z']]);
    assert.equal(tenMinutes.alerts.length, 7);
    assert.equal(tenMinutes.alerts.find((a) => a.group?.['source.ip'] === '183.62.140.253')?.value, 286);
  });
});
