import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../../src/schema/event.ts';
import { corr, ev, failed, login, min, rule, run, sec } from './helpers.ts';

const failedRule = () => rule('ssh-failed', failed, { name: 'ssh_failed' });

const valueCount = (field: string, groupBy: string, gte: number, timespan = '10m', rules = 'ssh_failed') =>
  corr(`
title: distinct ${field} per ${groupBy}
id: corr-${field}-${groupBy}
correlation:
  type: value_count
  rules: [${rules}]
  group-by: [${groupBy}]
  timespan: ${timespan}
  condition:
    field: ${field}
    gte: ${String(gte)}
`);

const byTime = (events: VigilEvent[]): VigilEvent[] => events.sort((a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? ''));

const connection = (timeMs: number, src: string, port: number, bytes?: number): VigilEvent =>
  ev(timeMs, {
    event: { category: ['network'], type: ['connection'], action: 'accept' },
    source: { ip: src, ...(bytes === undefined ? {} : { bytes }) },
    destination: { ip: '10.0.0.5', port },
  });
const connRule = () => rule('fw-conn', (e) => e.event.category?.includes('network') === true, { name: 'fw_conn', logsource: { product: 'linux', service: 'iptables' } });

describe('value_count', () => {
  it('password spraying: 8 user names from one IP fire (value 8); one user tried 20 times does not', () => {
    const spray = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'].map((u, i) => login(sec(i * 15), '203.0.113.9', u, 'failure'));
    const hammer = Array.from({ length: 20 }, (_, i) => login(sec(i * 5 + 1), '198.51.100.2', 'root', 'failure'));
    const { alerts } = run([valueCount('user.name', 'source.ip', 5)], [failedRule()], byTime([...spray, ...hammer]));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.type, 'value_count');
    assert.deepEqual(alerts[0]?.group, { 'source.ip': '203.0.113.9' });
    assert.equal(alerts[0]?.value, 8);
    assert.equal(alerts[0]?.event_total, 8);
    assert.equal(alerts[0]?.entities.user.length, 8);
  });

  it('distributed brute force: one user from 6 source IPs fires per user.name', () => {
    const events = Array.from({ length: 6 }, (_, i) => login(sec(i * 30), `203.0.113.${String(10 + i)}`, 'admin', 'failure'));
    events.push(login(sec(200), '203.0.113.10', 'backup', 'failure'));
    const { alerts } = run([valueCount('source.ip', 'user.name', 5)], [failedRule()], events);
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]?.group, { 'user.name': 'admin' });
    assert.equal(alerts[0]?.value, 6);
    assert.deepEqual(alerts[0]?.entities.source_ip, ['203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14', '203.0.113.15']);
  });

  it('port scan: 100 ports in 30 s fire once; a client hammering 443 and a 20-port scan over 5 minutes do not', () => {
    const scan = Array.from({ length: 100 }, (_, i) => connection(min(0) + i * 300, '203.0.113.66', 1 + i));
    const busy = Array.from({ length: 50 }, (_, i) => connection(min(0) + i * 500 + 1, '10.0.0.20', 443));
    const slow = Array.from({ length: 20 }, (_, i) => connection(min(2) + i * 15_000, '198.51.100.77', 20 + i));
    const { alerts } = run([valueCount('destination.port', 'source.ip', 20, '1m', 'fw_conn')], [connRule()], byTime([...scan, ...busy, ...slow]));
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]?.group, { 'source.ip': '203.0.113.66' });
    assert.equal(alerts[0]?.value, 100);
  });

  it('counts each distinct value once however often it repeats in the window', () => {
    const events = Array.from({ length: 30 }, (_, i) => login(sec(i), '203.0.113.9', `user${String(i % 4)}`, 'failure'));
    assert.equal(run([valueCount('user.name', 'source.ip', 5)], [failedRule()], events).alerts.length, 0);
    events.push(login(sec(31), '203.0.113.9', 'user4', 'failure'));
    const { alerts } = run([valueCount('user.name', 'source.ip', 5)], [failedRule()], events);
    assert.equal(alerts[0]?.value, 5);
    // The window that first met the condition holds all 31 attempts: all are evidence.
    assert.equal(alerts[0]?.event_total, 31);
  });
});

describe('value_sum and value_avg', () => {
  const sumRule = (type: 'value_sum' | 'value_avg', bound: string) =>
    corr(`
title: bytes sent per source
id: corr-${type}
correlation:
  type: ${type}
  rules: fw_conn
  group-by: source.ip
  timespan: 1h
  condition:
    field: source.bytes
    ${bound}
`);

  it('value_sum: 4 transfers of 300 kB pass 1 MB; the alert reports the whole sum; events without bytes are ignored', () => {
    const events = [
      ...[0, 10, 20, 30, 40].map((m) => connection(min(m), '10.0.0.8', 443, 300_000)),
      connection(min(41), '10.0.0.8', 443),
      connection(min(5), '10.0.0.9', 443, 900_000),
    ];
    const { alerts } = run([sumRule('value_sum', 'gte: 1000000')], [connRule()], byTime(events));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.type, 'value_sum');
    assert.equal(alerts[0]?.value, 1_500_000);
    assert.equal(alerts[0]?.event_total, 5);
  });

  it('value_sum slides: the same transfers spread over more than the timespan do not add up', () => {
    const events = [0, 25, 50, 75].map((m) => connection(min(m), '10.0.0.8', 443, 300_000));
    assert.equal(run([sumRule('value_sum', 'gte: 1000000')], [connRule()], events).alerts.length, 0);
  });

  it('value_avg: reports the average of the last window that met the condition', () => {
    const events = [100_000, 900_000, 800_000].map((b, i) => connection(min(i), '10.0.0.8', 443, b));
    const { alerts } = run([sumRule('value_avg', 'gte: 500000')], [connRule()], events);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.type, 'value_avg');
    assert.equal(alerts[0]?.value, 600_000);
    assert.equal(alerts[0]?.event_total, 3);
  });
});
