import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { collectEvents } from '../../../src/pipeline/events.ts';
import { corr, rule, run } from './helpers.ts';

interface Scenario {
  slug: string;
  source_ips: string[];
  users: string[];
  expected_events: Record<string, number>;
}
const truth = JSON.parse(readFileSync(new URL('../../fixtures/examples-truth.json', import.meta.url), 'utf8')) as { scenarios: Scenario[] };
const scenario = (slug: string): Scenario => {
  const s = truth.scenarios.find((x) => x.slug === slug);
  assert.ok(s !== undefined, slug);
  return s;
};
const ipOf = (slug: string): string => scenario(slug).source_ips[0] ?? '';

const sshFailed = () =>
  rule(
    'ssh-failed',
    (e) => e.event.provider === 'sshd' && e.event.outcome === 'failure' && (e.event.action === 'ssh-login' || e.event.action === 'ssh-invalid-user'),
    { name: 'ssh_failed' },
  );
const sshSuccess = () => rule('ssh-success', (e) => e.event.provider === 'sshd' && e.event.action === 'ssh-login' && e.event.outcome === 'success', { name: 'ssh_success' });
const firewall = () => rule('fw-packet', (e) => e.process?.name === 'kernel' && e.destination?.port !== undefined, { name: 'fw_packet', logsource: { product: 'linux', service: 'iptables' } });

const correlations = () => [
  corr('title: brute force\nid: c-brute\nname: many_failed\ncorrelation: { type: event_count, rules: [ssh_failed], group-by: [source.ip], timespan: 10m, condition: { gte: 10 }, generate: true }'),
  corr('title: then success\nid: c-then\ncorrelation: { type: temporal_ordered, rules: [many_failed, ssh_success], group-by: [source.ip], timespan: 10m, generate: true }'),
  corr('title: spraying\nid: c-spray\ncorrelation: { type: value_count, rules: [ssh_failed], group-by: [source.ip], timespan: 10m, condition: { field: user.name, gte: 5 } }'),
  corr('title: port scan\nid: c-scan\ncorrelation: { type: value_count, rules: [fw_packet], group-by: [source.ip], timespan: 1m, condition: { field: destination.port, gte: 20 } }'),
];

describe('correlations over the demo logs (examples/, truth in test/fixtures/examples-truth.json)', () => {
  it('find the brute forces, the brute force with success, the spray and the port scan, and nothing else', async () => {
    const root = new URL('../../../examples/', import.meta.url).pathname;
    const { events } = await collectEvents([`${root}auth.log`, `${root}firewall.log`], { tz: 'UTC' });
    const timed = events
      .filter((e) => e['@timestamp'] !== undefined)
      .sort((a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? '') || (a.id < b.id ? -1 : 1));
    const { alerts, problems } = run(correlations(), [sshFailed(), sshSuccess(), firewall()], timed);
    assert.deepEqual(problems, []);
    const brute = ipOf('ssh-brute-force');
    const success = ipOf('ssh-brute-force-success');
    const spray = ipOf('ssh-password-spraying');
    const scan = ipOf('port-scan');
    assert.deepEqual(
      alerts.map((a) => [a.rule.id, a.group?.['source.ip']]),
      [
        ['c-brute', brute],
        ['c-brute', success],
        ['c-then', success],
        ['c-brute', spray],
        ['c-spray', spray],
        ['c-scan', scan],
      ],
    );
    const byRule = (id: string, ip: string) => alerts.find((a) => a.rule.id === id && a.group?.['source.ip'] === ip);
    // One alert for the whole burst; `message repeated N times` lines count N (64 attempts in 48 lines).
    assert.deepEqual([byRule('c-brute', brute)?.value, byRule('c-brute', brute)?.event_total], [64, 48]);
    assert.equal(byRule('c-spray', spray)?.value, scenario('ssh-password-spraying').users.length);
    assert.equal(byRule('c-scan', scan)?.value, scenario('port-scan').expected_events['firewall.log']);
    assert.equal(byRule('c-then', success)?.value, 2);
  });
});
