import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../../src/schema/event.ts';
import { corr, ev, failed, login, min, rule, run, sec, succeeded } from './helpers.ts';

const byTime = (events: VigilEvent[]): VigilEvent[] => events.sort((a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? ''));

const cmd = (timeMs: number, host: string, user: string, name: string): VigilEvent =>
  ev(timeMs, { event: { category: ['process'], type: ['start'] }, host: { name: host }, user: { name: user }, process: { name } });
const recon = (name: string) => rule(`recon-${name}`, (e) => e.process?.name === name, { name: `recon_${name}`, logsource: { product: 'linux', category: 'process_creation' } });

const temporal = (type: 'temporal' | 'temporal_ordered', rules: string[], extra = '') =>
  corr(`
title: recon ${type}
id: corr-${type}
correlation:
  type: ${type}
  rules: [${rules.join(', ')}]
  group-by: [host.name, user.name]
  timespan: 5m
${extra}`);

describe('temporal', () => {
  const rules = () => [recon('whoami'), recon('id'), recon('uname')];

  it('fires when all rules match in any order within the timespan, per host and user', () => {
    const events = byTime([
      cmd(min(0), 'h1', 'u1', 'uname'),
      cmd(min(1), 'h1', 'u1', 'whoami'),
      cmd(min(2), 'h1', 'u1', 'id'),
      cmd(min(0), 'h2', 'u1', 'whoami'),
      cmd(min(1), 'h2', 'u1', 'id'),
      cmd(min(0), 'h3', 'u1', 'whoami'),
      cmd(min(1), 'h3', 'u1', 'id'),
      cmd(min(6) + 1, 'h3', 'u1', 'uname'),
      cmd(min(1), 'h1', 'u2', 'uname'),
    ]);
    const { alerts } = run([temporal('temporal', ['recon_whoami', 'recon_id', 'recon_uname'])], rules(), events);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.type, 'temporal');
    assert.deepEqual(alerts[0]?.group, { 'host.name': 'h1', 'user.name': 'u1' });
    assert.equal(alerts[0]?.value, 3);
    assert.equal(alerts[0]?.event_total, 3);
  });

  it('a condition lowers the number of distinct rules needed', () => {
    const events = [cmd(min(0), 'h2', 'u1', 'whoami'), cmd(min(1), 'h2', 'u1', 'id')];
    const c = temporal('temporal', ['recon_whoami', 'recon_id', 'recon_uname'], '  condition:\n    gte: 2\n');
    assert.deepEqual(run([c], rules(), events).alerts.map((a) => a.value), [2]);
  });
});

describe('temporal_ordered', () => {
  const rules = () => [recon('whoami'), recon('id')];
  const ordered = () => temporal('temporal_ordered', ['recon_whoami', 'recon_id']);

  it('fires only when the rules match in the listed order within the timespan', () => {
    const inOrder = [cmd(min(0), 'h1', 'u1', 'whoami'), cmd(min(3), 'h1', 'u1', 'id')];
    const reversed = [cmd(min(0), 'h1', 'u1', 'id'), cmd(min(3), 'h1', 'u1', 'whoami')];
    const tooLate = [cmd(min(0), 'h1', 'u1', 'whoami'), cmd(min(6), 'h1', 'u1', 'id')];
    assert.deepEqual(run([ordered()], rules(), inOrder).alerts.map((a) => a.value), [2]);
    assert.equal(run([ordered()], rules(), reversed).alerts.length, 0);
    assert.equal(run([ordered()], rules(), tooLate).alerts.length, 0);
  });

  it('a later first step restarts the chain: whoami (expired by the end), whoami, id', () => {
    const events = [cmd(min(0), 'h1', 'u1', 'whoami'), cmd(min(4), 'h1', 'u1', 'whoami'), cmd(min(8), 'h1', 'u1', 'id')];
    const { alerts } = run([ordered()], rules(), events);
    assert.equal(alerts.length, 1);
    // The evidence is the chain from its start (the recent whoami), not the expired one.
    assert.equal(alerts[0]?.first_seen, new Date(min(4)).toISOString());
    assert.equal(alerts[0]?.event_total, 2);
  });
});

describe('chaining and aliases', () => {
  const brute = `
title: Many failed SSH logins
id: corr-many-failed
name: many_failed
correlation:
  type: event_count
  rules: [ssh_failed]
  group-by: [source.ip]
  timespan: 10m
  condition: { gte: 10 }
`;
  const thenSuccess = (generate = '') => `
title: Brute force followed by a successful login
id: corr-brute-success
level: critical
correlation:
  type: temporal_ordered
  rules: [many_failed, ssh_success]
  group-by: [source.ip]
  timespan: 10m
${generate}`;

  const attempts = (ip: string, n: number, startMs: number): VigilEvent[] => Array.from({ length: n }, (_, i) => login(startMs + i * 5000, ip, 'root', 'failure'));
  const scenario = (): VigilEvent[] =>
    byTime([
      ...attempts('203.0.113.5', 15, min(0)),
      login(min(3), '203.0.113.5', 'root', 'success'),
      login(min(0), '198.51.100.2', 'deploy', 'success'),
      ...attempts('198.51.100.2', 12, min(1)),
      ...attempts('192.0.2.9', 12, min(0)),
      login(min(40), '192.0.2.9', 'root', 'success'),
    ]);

  it('brute force then success: the event_count alerts feed temporal_ordered; only the outer correlation alerts', () => {
    const rules = [rule('ssh-failed', failed, { name: 'ssh_failed' }), rule('ssh-success', succeeded, { name: 'ssh_success' })];
    const { alerts, problems } = run([corr(thenSuccess()), corr(brute)], rules, scenario());
    assert.deepEqual(problems, []);
    assert.equal(alerts.length, 1);
    const [a] = alerts;
    assert.equal(a?.rule.id, 'corr-brute-success');
    assert.equal(a?.type, 'temporal_ordered');
    assert.deepEqual(a?.group, { 'source.ip': '203.0.113.5' });
    assert.equal(a?.value, 2);
    // Evidence: the 15 failures of the inner burst and the success.
    assert.equal(a?.event_total, 16);
    assert.equal(a?.count, 16);
    assert.equal(a?.first_seen, new Date(min(0)).toISOString());
    assert.equal(a?.last_seen, new Date(min(3)).toISOString());
    // generate defaults to false: the referenced rules raise nothing of their own.
    assert.deepEqual(rules.map((r) => r.generate), [false, false]);
  });

  it('generate: true keeps the referenced correlation (and rules) alerting on their own', () => {
    const rules = [rule('ssh-failed', failed, { name: 'ssh_failed' }), rule('ssh-success', succeeded, { name: 'ssh_success' })];
    const { alerts } = run([corr(thenSuccess('  generate: true\n')), corr(brute)], rules, scenario());
    assert.deepEqual(
      alerts.map((a) => [a.rule.id, a.group?.['source.ip']]).sort(),
      [
        ['corr-brute-success', '203.0.113.5'],
        ['corr-many-failed', '192.0.2.9'],
        ['corr-many-failed', '198.51.100.2'],
        ['corr-many-failed', '203.0.113.5'],
      ],
    );
    assert.equal(rules[1]?.generate, true);
    // The inner brute force rule's own generate (false) still silences the single failures.
    assert.equal(rules[0]?.generate, false);
  });

  it('aliases: the same address as destination of an HTTP 500 and source of a new connection (spec example)', () => {
    const internalError = rule('http-500', (e) => e.http?.response?.status_code === 500, { name: 'internal_error', logsource: { category: 'webserver' } });
    const newConnection = rule('net-conn', (e) => e.event.category?.includes('network') === true, { name: 'new_network_connection', logsource: { category: 'network_connection' } });
    const c = corr(`
title: Internal error then connection back
id: corr-alias
correlation:
  type: temporal
  rules: [internal_error, new_network_connection]
  group-by: [internal_ip, remote_ip]
  timespan: 10s
  aliases:
    internal_ip:
      internal_error: destination.ip
      new_network_connection: source.ip
    remote_ip:
      internal_error: source.ip
      new_network_connection: destination.ip
`);
    const events = [
      ev(sec(0), { http: { response: { status_code: 500 } }, source: { ip: '203.0.113.7' }, destination: { ip: '10.0.0.5', port: 443 } }),
      ev(sec(4), { event: { category: ['network'] }, source: { ip: '10.0.0.5' }, destination: { ip: '198.51.100.1', port: 4444 } }),
      ev(sec(6), { event: { category: ['network'] }, source: { ip: '10.0.0.5' }, destination: { ip: '203.0.113.7', port: 4444 } }),
    ];
    const { alerts, problems } = run([c], [internalError, newConnection], events);
    assert.deepEqual(problems, []);
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]?.group, { internal_ip: '10.0.0.5', remote_ip: '203.0.113.7' });
    assert.deepEqual(alerts[0]?.event_ids, [events[0]?.id, events[2]?.id]);
  });

  it('one event matching two rules of an event_count counts once', () => {
    const a = rule('ssh-failed', failed, { name: 'ssh_failed' });
    const b = rule('ssh-any', (e) => e.event.action === 'ssh_login', { name: 'ssh_any' });
    const c = corr(`
title: logins
id: corr-both
correlation: { type: event_count, rules: [ssh_failed, ssh_any], group-by: [source.ip], timespan: 1m, condition: { gte: 3 } }
`);
    const events = [login(sec(0), '203.0.113.5', 'root', 'failure'), login(sec(1), '203.0.113.5', 'root', 'failure'), login(sec(2), '203.0.113.5', 'root', 'success')];
    const { alerts } = run([c], [a, b], events);
    assert.deepEqual(alerts.map((x) => [x.value, x.event_total]), [[3, 3]]);
  });
});
